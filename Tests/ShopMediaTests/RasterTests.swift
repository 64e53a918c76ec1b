import ShopMedia
import Testing

@Suite("scaling and half-block raster")
struct RasterTests {
    let red = RGB(255, 0, 0), blue = RGB(0, 0, 255), white = RGB(255, 255, 255), black = RGB(0, 0, 0)

    @Test func halfBlocksCellByCell() {
        // 3 columns x 4 pixel rows = 3x2 cells.
        var image = RGBImage(width: 3, height: 4, fill: black)
        image[0, 0] = red; image[0, 1] = blue  // cell (0,0): red over blue
        image[1, 0] = white; image[1, 1] = white  // cell (1,0): white over white
        image[2, 0] = RGB(128, 128, 128); image[2, 1] = RGB(130, 129, 127)  // same grey bin
        image[0, 2] = black; image[0, 3] = white  // cell (0,1): black over white
        let raster = Rasterizer.raster(image, mode: .ansi256)
        #expect(raster.width == 3 && raster.height == 2)
        #expect(raster[0, 0] == RasterCell(glyph: "▀", foreground: 196, background: 21))
        #expect(raster[1, 0] == RasterCell(glyph: " ", foreground: nil, background: 231))
        #expect(raster[2, 0] == RasterCell(glyph: " ", foreground: nil, background: 244))
        #expect(raster[0, 1] == RasterCell(glyph: "▀", foreground: 16, background: 231))
        #expect(raster[1, 1] == RasterCell(glyph: " ", foreground: nil, background: 16))
        #expect(raster.lines == ["▀  ", "▀  "])
    }

    @Test func oddHeightRepeatsTheLastRow() {
        var image = RGBImage(width: 1, height: 3, fill: red)
        image[0, 2] = blue
        let raster = Rasterizer.raster(image, mode: .ansi256)
        #expect(raster.height == 2)
        #expect(raster[0, 1] == RasterCell(glyph: " ", background: 21))
    }

    @Test func monochromeUsesTheLuminanceRampWithoutColours() {
        var image = RGBImage(width: 3, height: 2, fill: black)
        image[1, 0] = white; image[1, 1] = white
        image[2, 0] = white  // half bright
        let raster = Rasterizer.raster(image, mode: .none)
        #expect(raster.lines == [" @="])
        #expect(raster.cells.allSatisfy { $0.foreground == nil && $0.background == nil })
    }

    @Test func sixteenColourDitheringMixesNeighbouringColours() {
        // A dark grey between black (0) and grey 8 (127): ordered dithering mixes both.
        let image = RGBImage(width: 8, height: 8, fill: RGB(64, 64, 64))
        let raster = Rasterizer.raster(image, mode: .ansi16)
        var counts: [UInt8: Int] = [:]
        for cell in raster.cells {
            counts[cell.topColor!, default: 0] += 1
            counts[cell.bottomColor!, default: 0] += 1
        }
        #expect(Set(counts.keys) == [0, 8])
        #expect((24...40).contains(counts[0] ?? 0), "\(counts)")
        // Pure colours stay within their hue (dark and bright red only).
        let reds = Rasterizer.raster(RGBImage(width: 8, height: 8, fill: red), mode: .ansi16)
        #expect(reds.cells.allSatisfy { [1, 9].contains($0.topColor!) && [1, 9].contains($0.bottomColor!) })
        // The pattern depends only on position: the same picture gives the same cells.
        #expect(Rasterizer.raster(image, mode: .ansi16) == raster)
    }

    @Test func eightColourModeUsesOnlyIndexesBelowEight() {
        var image = RGBImage(width: 8, height: 8, fill: RGB(100, 0, 0))
        image[0, 0] = RGB(255, 255, 255)
        let raster = Rasterizer.raster(image, mode: .ansi8)
        let used = Set(raster.cells.flatMap { [$0.topColor!, $0.bottomColor!] })
        #expect(used.allSatisfy { $0 < 8 })
        #expect(used.isSuperset(of: [0, 1]), "\(used)")
    }

    @Test func fitKeepsAspectRatioAndCentres() {
        // A square picture in a 4x4-cell box (4x8 pixels) is 4x4 pixels in pixel rows 2...5.
        let square = RGBAImage(width: 10, height: 10, fill: red, alpha: 255)
        let raster = MediaRenderer.render(square, into: CellSize(width: 4, height: 4), mode: .ansi256, background: blue)
        for x in 0..<4 {
            #expect(raster[x, 0] == RasterCell(glyph: " ", background: 21))
            #expect(raster[x, 1] == RasterCell(glyph: " ", background: 196))
            #expect(raster[x, 2] == RasterCell(glyph: " ", background: 196))
            #expect(raster[x, 3] == RasterCell(glyph: " ", background: 21))
        }
        // A wide picture in a tall box: full width, centred vertically.
        let wide = RGBAImage(width: 40, height: 10, fill: white, alpha: 255)
        let pixels = AreaScaler.fit(wide, into: CellSize(width: 8, height: 8), background: black)
        #expect(pixels.width == 8 && pixels.height == 16)
        let whiteRows = (0..<16).filter { pixels[0, $0] == white }
        #expect(whiteRows == [7, 8])
    }

    @Test func areaAveragingAveragesEveryCoveredPixel() {
        var checker = RGBAImage(width: 2, height: 2)
        checker.setPixel(x: 0, y: 0, white); checker.setPixel(x: 1, y: 0, black)
        checker.setPixel(x: 0, y: 1, black); checker.setPixel(x: 1, y: 1, white)
        let out = AreaScaler.fit(checker, into: CellSize(width: 1, height: 1), background: blue)
        // 2x2 into a 1x2 box: one pixel holding the mean, then background.
        #expect(out[0, 0] == RGB(128, 128, 128))
        #expect(out[0, 1] == blue)
        // 3 columns into 2: the middle source column is split between both outputs.
        var stripes = RGBAImage(width: 3, height: 1)
        stripes.setPixel(x: 0, y: 0, white); stripes.setPixel(x: 1, y: 0, RGB(90, 90, 90)); stripes.setPixel(x: 2, y: 0, black)
        let two = AreaScaler.fit(stripes, into: CellSize(width: 2, height: 1), background: blue)
        // (255 + 90/2) / 1.5 = 200, (0 + 90/2) / 1.5 = 30; 2/3 of a row tall, rounded to 1.
        #expect(two[0, 0] == RGB(200, 200, 200) || two[0, 1] == RGB(200, 200, 200))
        let row = two[0, 0] == RGB(200, 200, 200) ? 0 : 1
        #expect(two[1, row] == RGB(30, 30, 30))
    }

    @Test func premultipliedAlphaKeepsTransparentColoursOut() {
        // Opaque white next to fully transparent red: the mean is half-covered white, not pink.
        var image = RGBAImage(width: 2, height: 1)
        image.setPixel(x: 0, y: 0, white, alpha: 255)
        image.setPixel(x: 1, y: 0, red, alpha: 0)
        let out = AreaScaler.fit(image, into: CellSize(width: 1, height: 1), background: black)
        #expect(out[0, 0] == RGB(128, 128, 128))
        // Half-transparent blue over a white background.
        let glass = RGBAImage(width: 1, height: 2, fill: blue, alpha: 128)
        let over = AreaScaler.fit(glass, into: CellSize(width: 1, height: 1), background: white)
        #expect(over[0, 0] == RGB(127, 127, 255))
        // Fully transparent pictures show only the background.
        let clear = RGBAImage(width: 5, height: 5)
        let blank = MediaRenderer.render(clear, into: CellSize(width: 3, height: 3), mode: .ansi256, background: red)
        #expect(blank.cells.allSatisfy { $0 == RasterCell(glyph: " ", background: 196) })
    }

    @Test func upscalingSmallPicturesFillsTheBox() {
        let dot = RGBAImage(width: 1, height: 1, fill: RGB(0, 255, 0), alpha: 255)
        let out = AreaScaler.fit(dot, into: CellSize(width: 3, height: 3), background: black)
        let greenRows = (0..<6).filter { out[1, $0] == RGB(0, 255, 0) }
        #expect(greenRows == [1, 2, 3])
        #expect((0..<3).allSatisfy { out[$0, 2] == RGB(0, 255, 0) })
    }

    @Test func cropSelectsPartOfThePicture() {
        // Left half red, right half blue: cropping the right half shows only blue.
        var image = RGBAImage(width: 4, height: 4)
        for y in 0..<4 { for x in 0..<4 { image.setPixel(x: x, y: y, x < 2 ? red : blue) } }
        let motion = MotionTransform(crop: CropRect(x: 0.5, y: 0, width: 0.5, height: 1))
        let out = AreaScaler.fit(image, into: CellSize(width: 2, height: 2), background: black, motion: motion)
        #expect(out[0, 1] == blue && out[1, 2] == blue)
        #expect(!out.pixels.isEmpty)
        let whole = AreaScaler.fit(image, into: CellSize(width: 2, height: 2), background: black)
        #expect(whole[0, 1] == red)
    }
}
