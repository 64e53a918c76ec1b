import ShopMedia
import Testing

@Suite("quadrant and sextant rasters")
struct SymbolRasterTests {
    let red = RGB(255, 0, 0), blue = RGB(0, 0, 255)

    /// The pixels a cell shows: its glyph's mask painted in the foreground, the rest background.
    func painted(_ cell: RasterCell, symbols: SymbolSet) -> [UInt8?] {
        let n = symbols.columns * symbols.rows
        guard let mask = symbols.mask(of: cell.glyph) ?? (cell.glyph == "\u{2588}" ? (1 << n) - 1 : nil) else {
            Issue.record("glyph \(cell.glyph) is not a \(symbols) symbol"); return []
        }
        return (0..<n).map { mask & (1 << $0) != 0 ? cell.foreground : cell.background }
    }

    @Test(arguments: [SymbolSet.quadrant, .sextant])
    func everyTwoColourPatternComesBackExactly(symbols: SymbolSet) {
        let n = symbols.columns * symbols.rows
        for mask in 0..<(1 << n) {
            var image = RGBImage(width: symbols.columns, height: symbols.rows, fill: blue)
            for k in 0..<n where mask & (1 << k) != 0 { image[k % symbols.columns, k / symbols.columns] = red }
            let raster = SymbolRasterizer.raster(image, symbols: symbols, mode: .ansi256)
            #expect(raster.width == 1 && raster.height == 1)
            let expected: [UInt8?] = (0..<n).map { mask & (1 << $0) != 0 ? 196 : 21 }
            #expect(painted(raster[0, 0], symbols: symbols) == expected, "mask \(mask) as \(raster[0, 0])")
        }
    }

    @Test func knownGlyphs() {
        #expect(SymbolSet.quadrant.glyph(mask: 0b0101) == "▌")
        #expect(SymbolSet.quadrant.glyph(mask: 0b1001) == "▚")
        #expect(SymbolSet.quadrant.glyph(mask: 0b0111) == "▛")
        #expect(SymbolSet.sextant.glyph(mask: 1) == "\u{1FB00}")
        #expect(SymbolSet.sextant.glyph(mask: 0b000011) == "\u{1FB02}", "top third: sextant-12")
        #expect(SymbolSet.sextant.glyph(mask: 0b010101) == "▌")
        #expect(SymbolSet.sextant.glyph(mask: 0b101010) == "▐")
        #expect(SymbolSet.sextant.glyph(mask: 0b111110) == "\u{1FB3B}", "the block's last: sextant-23456")
        // 62 distinct non-space glyphs for the 62 non-trivial masks, each mapping back.
        let glyphs = (1..<63).map { SymbolSet.sextant.glyph(mask: $0) }
        #expect(Set(glyphs).count == 62)
        #expect((1..<63).allSatisfy { SymbolSet.sextant.mask(of: SymbolSet.sextant.glyph(mask: $0)) == $0 })
    }

    @Test func uniformCellsAreSpacesWithABackground() {
        let raster = SymbolRasterizer.raster(RGBImage(width: 4, height: 6, fill: red), symbols: .sextant, mode: .ansi256)
        #expect(raster.width == 2 && raster.height == 2)
        #expect(raster.cells.allSatisfy { $0 == RasterCell(glyph: " ", background: 196) })
    }

    @Test func threeColoursSplitAtTheLargestContrast() {
        // Top row white, middle light grey, bottom black: the best two-way split puts the grey
        // with the white (closer), painting the bottom third in the other colour.
        var image = RGBImage(width: 2, height: 3, fill: RGB(0, 0, 0))
        image[0, 0] = RGB(255, 255, 255); image[1, 0] = RGB(255, 255, 255)
        image[0, 1] = RGB(200, 200, 200); image[1, 1] = RGB(200, 200, 200)
        let cell = SymbolRasterizer.raster(image, symbols: .sextant, mode: .ansi256)[0, 0]
        let pixels = painted(cell, symbols: .sextant)
        #expect(pixels[0] == pixels[2] && pixels[4] == 16 && pixels[0] != 16)
    }

    @Test func quadrantsDoubleTheHorizontalDetailOfHalfBlocks() {
        // One-pixel vertical stripes at quadrant resolution: half blocks at the same cell count
        // average them away, quadrants keep them as ▌ cells.
        let cells = CellSize(width: 4, height: 2)
        var stripes = RGBAImage(width: 8, height: 8, fill: RGB(0, 0, 0), alpha: 255)
        for y in 0..<8 { for x in stride(from: 0, to: 8, by: 2) { stripes.setPixel(x: x, y: y, RGB(255, 255, 255)) } }
        let quadrants = MediaRenderer.render(stripes, into: cells, mode: .ansi256, background: RGB(0, 0, 0), symbols: .quadrant)
        #expect(quadrants.width == 4 && quadrants.height == 2)
        #expect(quadrants.lines == ["▌▌▌▌", "▌▌▌▌"])
        let halves = MediaRenderer.render(stripes, into: cells, mode: .ansi256, background: RGB(0, 0, 0))
        #expect(!halves.lines.joined().contains("▌"))
    }

    @Test func theScalerKeepsTheShapeForTallPixels() {
        // A square picture in a 10x5 cell box (a square on screen with 1:2 cells):
        // quadrant pixels are 0.5 wide, so the square fills 20x10 pixels = the whole box.
        let square = RGBAImage(width: 30, height: 30, fill: RGB(255, 0, 0), alpha: 255)
        let q = MediaRenderer.render(
            square, into: CellSize(width: 10, height: 5), mode: .ansi256,
            background: RGB(0, 0, 255), symbols: .quadrant)
        #expect(q.cells.allSatisfy { $0.background == 196 })
        // In a 10x10 box the square is 10 cells wide and 5 tall, centred: rows 0-1 and 8-9 blue.
        let tall = MediaRenderer.render(
            square, into: CellSize(width: 10, height: 10), mode: .ansi256,
            background: RGB(0, 0, 255), symbols: .sextant)
        #expect(tall[5, 0].background == 21 && tall[5, 5].background == 196 && tall[5, 9].background == 21)
    }

    @Test func withoutColourTheMaskFollowsBrightness() {
        var image = RGBImage(width: 2, height: 2, fill: RGB(0, 0, 0))
        image[0, 0] = RGB(255, 255, 255); image[0, 1] = RGB(255, 255, 255)
        let cell = SymbolRasterizer.raster(image, symbols: .quadrant, mode: .none)[0, 0]
        #expect(cell == RasterCell(glyph: "▌"))
    }
}
