import CPNG
import CZlib
import Foundation
import ShopMedia
import Testing

/// A picture with gradients, hard edges and many colours, so palettes and runs both get work.
func testPattern(width: Int, height: Int) -> RGBImage {
    var image = RGBImage(width: width, height: height, fill: RGB(0, 0, 0))
    for y in 0..<height {
        for x in 0..<width {
            let r = UInt8(x * 255 / max(1, width - 1))
            let g = UInt8(y * 255 / max(1, height - 1))
            let b: UInt8 = (x / 7 + y / 5) % 2 == 0 ? 40 : 220
            image[x, y] = x < width / 4 ? RGB(250, 250, 250) : RGB(r, g, b)
        }
    }
    return image
}

/// A sixel decoder written from the VT330/340 manual, independent of the encoder: registers per
/// pixel (-1 where nothing was drawn), the palette as defined (percentages), the raster size.
struct DecodedSixel {
    var width = 0, height = 0
    var pixels: [Int] = []
    var palette: [Int: (Int, Int, Int)] = [:]

    enum Failure: Error { case notSixel, bad(String) }

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 5, bytes[0] == 0x1B, bytes[1] == 0x50,
            bytes[bytes.count - 2] == 0x1B, bytes[bytes.count - 1] == 0x5C
        else { throw Failure.notSixel }
        var i = 2
        while i < bytes.count, bytes[i] != 0x71 { i += 1 }  // parameters up to "q"
        i += 1
        let end = bytes.count - 2
        func number() -> Int {
            var v = 0
            while i < end, (0x30...0x39).contains(bytes[i]) { v = v * 10 + Int(bytes[i] - 0x30); i += 1 }
            return v
        }
        func numbers() -> [Int] {
            var list = [number()]
            while i < end, bytes[i] == 0x3B { i += 1; list.append(number()) }
            return list
        }
        var x = 0, band = 0, current = 0
        var grid: [[Int]] = []
        func paint(_ value: UInt8, count: Int) {
            for _ in 0..<count {
                for k in 0..<6 where value & (1 << k) != 0 {
                    let y = band * 6 + k
                    while grid.count <= y { grid.append([]) }
                    while grid[y].count <= x { grid[y].append(-1) }
                    grid[y][x] = current
                }
                x += 1
            }
        }
        while i < end {
            let c = bytes[i]
            switch c {
            case 0x22:  // raster attributes
                i += 1
                let p = numbers()
                guard p.count == 4 else { throw Failure.bad("raster attributes \(p)") }
                width = p[2]; height = p[3]
            case 0x23:  // colour
                i += 1
                let p = numbers()
                if p.count == 5 {
                    guard p[1] == 2 else { throw Failure.bad("colour space \(p[1])") }
                    palette[p[0]] = (p[2], p[3], p[4])
                }
                current = p[0]
            case 0x21:  // repeat
                i += 1
                let n = number()
                guard i < end, (0x3F...0x7E).contains(bytes[i]) else { throw Failure.bad("repeat without sixel") }
                paint(bytes[i] - 0x3F, count: n); i += 1
            case 0x24: x = 0; i += 1
            case 0x2D: x = 0; band += 1; i += 1
            case 0x3F...0x7E: paint(c - 0x3F, count: 1); i += 1
            default: throw Failure.bad("byte \(c) at \(i)")
            }
        }
        pixels = [Int](repeating: -1, count: width * height)
        for (y, row) in grid.enumerated() where y < height {
            for (x, v) in row.enumerated() where x < width { pixels[y * width + x] = v }
        }
    }
}

/// The kitty sequences taken apart: control keys per chunk and the joined base64 payload.
func kittyChunks(_ bytes: [UInt8]) -> [(keys: [String: String], payload: String)] {
    var out: [(keys: [String: String], payload: String)] = []
    var i = 0
    while i + 2 < bytes.count {
        guard bytes[i] == 0x1B, bytes[i + 1] == 0x5F, bytes[i + 2] == 0x47 else { return [] }
        var j = i + 3
        while j + 1 < bytes.count, !(bytes[j] == 0x1B && bytes[j + 1] == 0x5C) { j += 1 }
        let body = String(decoding: bytes[(i + 3)..<j], as: UTF8.self)
        let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        var keys: [String: String] = [:]
        for kv in parts[0].split(separator: ",") {
            let pair = kv.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { keys[String(pair[0])] = String(pair[1]) }
        }
        out.append((keys, parts.count > 1 ? String(parts[1]) : ""))
        i = j + 2
    }
    return out
}

/// True when `needle` occurs in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
}

@Suite("pixel encoders: kitty, sixel, iTerm2")
struct PixelEncoderTests {
    @Test(arguments: [(1, 1), (7, 6), (13, 7), (64, 37), (200, 123)])
    func sixelDecodesBackToThePaletteQuantizedPicture(width: Int, height: Int) throws {
        let image = testPattern(width: width, height: height)
        let bytes = Sixel.encode(image, palette: .xterm)
        let decoded = try DecodedSixel(bytes)
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.pixels == SixelPalette.xterm.registers(for: image).map(Int.init), "every pixel has its register")
        #expect(decoded.palette.count <= 256)
        // Each register's defined colour is xterm's colour for index register + 16, and the
        // decoded picture is close to the source (the cube's steps are 40 wide: about 20 off at most, a little more with the percentages).
        var error = 0
        for y in 0..<height {
            for x in 0..<width {
                let reg = decoded.pixels[y * width + x]
                guard let (pr, pg, pb) = decoded.palette[reg] else { Issue.record("register \(reg) undefined"); return }
                let c = XtermPalette.color(of: UInt8(reg + 16))
                #expect(Sixel.percentages(c) == (pr, pg, pb))
                let s = image[x, y]
                error += abs(Int(s.r) - pr * 255 / 100) + abs(Int(s.g) - pg * 255 / 100) + abs(Int(s.b) - pb * 255 / 100)
            }
        }
        #expect(Double(error) / Double(width * height * 3) < 24)
    }

    @Test func sixelUsesRunsAndOnlyTheRegistersItNeeds() throws {
        let image = RGBImage(width: 100, height: 12, fill: RGB(255, 0, 0))
        let bytes = Sixel.encode(image, palette: .xterm)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("!100~"), "a full row of one colour is one run: \(text)")
        #expect(text.components(separatedBy: ";2;").count == 2, "one colour defined")
        #expect(text.hasPrefix("\u{1B}Pq\"1;1;100;12"))
        #expect(text.filter { $0 == "-" }.count == 1, "two bands, one band separator")
        #expect(try DecodedSixel(bytes).pixels.allSatisfy { $0 == 196 - 16 })
    }

    @Test func sixelDataIsPrintableSoItNeverEndsEarly() {
        let bytes = Sixel.encode(testPattern(width: 90, height: 50))
        let data = bytes[2..<(bytes.count - 2)]
        #expect(data.allSatisfy { (0x20...0x7E).contains($0) })
        #expect(!contains(Array(data), [0x1B, 0x5C]))
    }

    @Test(arguments: [true, false])
    func kittyPayloadInflatesToTheRGBBytes(compress: Bool) throws {
        let image = testPattern(width: 120, height: 90)
        let bytes = KittyGraphics.encode(image, cells: CellSize(width: 12, height: 5), id: 77, compress: compress)
        let chunks = kittyChunks(bytes)
        try #require(!chunks.isEmpty)
        let first = chunks[0].keys
        #expect(first["a"] == "T" && first["f"] == "24" && first["s"] == "120" && first["v"] == "90")
        #expect(first["c"] == "12" && first["r"] == "5" && first["i"] == "77" && first["q"] == "2")
        #expect(first["o"] == (compress ? "z" : nil))
        let payload = try #require(Data(base64Encoded: chunks.map(\.payload).joined()))
        let raw = compress ? Zlib.inflate(Array(payload), expectedSize: image.pixels.count) : Array(payload)
        #expect(raw == image.pixels)
    }

    @Test func kittyZlibIsAStandardStream() throws {
        // Inflated by zlib's own uncompress, not by our wrapper.
        let image = testPattern(width: 40, height: 30)
        let payload = try #require(
            Data(base64Encoded: kittyChunks(KittyGraphics.encode(image, cells: CellSize(width: 4, height: 2), id: 1)).map(\.payload).joined()))
        var size = uLong(image.pixels.count)
        var out = [UInt8](repeating: 0, count: image.pixels.count)
        let src = Array(payload)
        let status = out.withUnsafeMutableBufferPointer { d in src.withUnsafeBufferPointer { uncompress(d.baseAddress, &size, $0.baseAddress, uLong($0.count)) }
        }
        #expect(status == Z_OK && out == image.pixels)
    }

    @Test func kittyChunksAre4096WithMOneUntilTheLast() throws {
        // Uncompressed noise: 300x200x3 bytes = 240,000 base64 characters = 58.6 chunks.
        var image = RGBImage(width: 300, height: 200, fill: RGB(0, 0, 0))
        var seed: UInt32 = 1
        for i in 0..<image.pixels.count { seed = seed &* 1_103_515_245 &+ 12345; image.pixels[i] = UInt8(seed >> 24) }
        let chunks = kittyChunks(KittyGraphics.encode(image, cells: CellSize(width: 30, height: 10), id: 5, compress: false))
        let total = (image.pixels.count + 2) / 3 * 4
        #expect(chunks.count == (total + 4095) / 4096)
        for (n, chunk) in chunks.enumerated() {
            let last = n == chunks.count - 1
            #expect(chunk.keys["m"] == (last ? "0" : "1"))
            #expect(last ? chunk.payload.count == total - 4096 * (chunks.count - 1) : chunk.payload.count == 4096)
            if n > 0 { #expect(chunk.keys.count == 1, "later chunks carry only m") }
        }
    }

    @Test func kittyExactMultipleOf4096HasNoEmptyTail() {
        // 3072 bytes = exactly 4096 base64 characters: one chunk, m=0.
        let image = RGBImage(width: 32, height: 32, fill: RGB(1, 2, 3))
        let chunks = kittyChunks(KittyGraphics.encode(image, cells: CellSize(width: 4, height: 2), id: 2, compress: false))
        #expect(chunks.count == 1 && chunks[0].keys["m"] == "0" && chunks[0].payload.count == 4096)
        let two = RGBImage(width: 64, height: 32, fill: RGB(1, 2, 3))  // 6144 bytes = 8192 characters
        let chunks2 = kittyChunks(KittyGraphics.encode(two, cells: CellSize(width: 4, height: 2), id: 2, compress: false))
        #expect(chunks2.map { $0.keys["m"] } == ["1", "0"] && chunks2.allSatisfy { $0.payload.count == 4096 })
    }

    @Test func kittyDataNeverContainsTheTerminator() {
        let bytes = KittyGraphics.encode(testPattern(width: 200, height: 150), cells: CellSize(width: 20, height: 8), id: 9)
        for chunk in kittyChunks(bytes) {
            #expect(chunk.payload.utf8.allSatisfy { $0 != 0x1B && $0 != 0x07 })
        }
        // Every ESC in the stream starts an APC or ends one.
        for i in 0..<bytes.count where bytes[i] == 0x1B {
            #expect(i + 1 < bytes.count && (bytes[i + 1] == 0x5F || bytes[i + 1] == 0x5C))
        }
    }

    @Test func kittyAnimationFrameInflatesToItsPixelsAndEveryChunkSaysFrame() throws {
        // Noise, so the frame takes several chunks even compressed.
        var image = RGBImage(width: 120, height: 90, fill: RGB(0, 0, 0))
        var seed: UInt32 = 7
        for i in 0..<image.pixels.count { seed = seed &* 1_103_515_245 &+ 12345; image.pixels[i] = UInt8(seed >> 24) }
        let chunks = kittyChunks(KittyGraphics.frame(image, id: 42, gap: .milliseconds(80)).flatMap { $0 })
        #expect(chunks.count > 2)
        let first = try #require(chunks.first)
        #expect(first.keys["a"] == "f" && first.keys["i"] == "42" && first.keys["z"] == "80" && first.keys["f"] == "24")
        #expect(first.keys["s"] == "120" && first.keys["v"] == "90" && first.keys["o"] == "z" && first.keys["q"] == "2")
        // kitty 0.26 plays frames only when their later chunks repeat a=f.
        for chunk in chunks.dropFirst() { #expect(chunk.keys == ["a": "f", "q": "2", "m": chunk.keys["m"]!]) }
        let payload = try #require(Data(base64Encoded: chunks.map(\.payload).joined()))
        #expect(Zlib.inflate(Array(payload), expectedSize: image.pixels.count) == image.pixels)
    }

    @Test func kittyAnimationControl() {
        func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }
        #expect(text(KittyGraphics.play(id: 5)) == "\u{1B}_Ga=a,i=5,s=3,v=1,q=2\u{1B}\\", "loop forever")
        #expect(text(KittyGraphics.stop(id: 5)) == "\u{1B}_Ga=a,i=5,s=1,q=2\u{1B}\\")
        #expect(text(KittyGraphics.frameGap(id: 5, frame: 1, gap: .milliseconds(120))) == "\u{1B}_Ga=a,i=5,r=1,z=120,q=2\u{1B}\\")
        #expect(text(KittyGraphics.frameGap(id: 5, frame: 1, gap: .zero)).contains("z=1,"), "never z=0 (kitty's 'unchanged')")
    }

    @Test func kittyDeleteNamesTheImage() {
        #expect(String(decoding: KittyGraphics.delete(id: 31), as: UTF8.self) == "\u{1B}_Ga=d,d=i,i=31,q=2\u{1B}\\")
    }

    @Test func itermBase64IsAPNGOfThePixels() throws {
        let image = testPattern(width: 50, height: 40)
        let bytes = try ITermImage.encode(image, cells: CellSize(width: 5, height: 2))
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = "\u{1B}]1337;File=inline=1;size="
        #expect(text.hasPrefix(prefix) && text.hasSuffix("\u{07}"))
        #expect(text.contains(";width=5;height=2;preserveAspectRatio=0:"))
        let body = try #require(text.split(separator: ":", maxSplits: 1).last)
        let png = try #require(Data(base64Encoded: String(body.dropLast())))
        #expect(text.contains("size=\(png.count);"))
        let decoded = try PNGDecoder.decode(png, name: "iterm")
        #expect(decoded.width == 50 && decoded.height == 40)
        var rgb: [UInt8] = []
        for i in stride(from: 0, to: decoded.pixels.count, by: 4) { rgb += decoded.pixels[i..<(i + 3)] }
        #expect(rgb == image.pixels)
        #expect(!contains(Array(bytes.dropLast()), [0x1B, 0x5C]) && !bytes.dropLast().contains(0x07))
    }

    @Test func tmuxPassthroughDoublesEveryEscape() {
        let wrapped = TmuxPassthrough.wrap(KittyGraphics.delete(id: 4))
        #expect(String(decoding: wrapped, as: UTF8.self) == "\u{1B}Ptmux;\u{1B}\u{1B}_Ga=d,d=i,i=4,q=2\u{1B}\u{1B}\\\u{1B}\\")
    }

    @Test func pixelRendererFillsTheCellBoxInPixels() throws {
        let clip = MediaClip(
            source: "t", width: 20, height: 40,
            frames: [MediaFrame(image: RGBAImage(width: 20, height: 40, fill: RGB(255, 0, 0), alpha: 255), delay: .milliseconds(100))])
        let sixel = try DecodedSixel(
            try PixelRenderer.render(
                clip, frame: 0, into: CellSize(width: 8, height: 4),
                cellPixels: CellPixels(width: 6, height: 13), mode: .sixel, background: RGB(0, 0, 0)))
        #expect(sixel.width == 48 && sixel.height == 52, "8x4 cells of 6x13 pixels")
        // A 1:2 picture in a 48x52 box: 26 wide, centred; black on both sides.
        let centre = sixel.palette[sixel.pixels[26 * 48 + 24]], side = sixel.palette[sixel.pixels[26 * 48 + 2]]
        #expect(centre.map { [$0.0, $0.1, $0.2] } == [100, 0, 0] && side.map { [$0.0, $0.1, $0.2] } == [0, 0, 0])
        #expect(
            try PixelRenderer.render(
                clip, frame: 0, into: CellSize(width: 8, height: 4), cellPixels: .fallback,
                mode: .cells, background: RGB(0, 0, 0)
            ).isEmpty)
    }

    @Test func hugeBoxesAreEncodedWithBoundedPixels() {
        let huge = PixelRenderer.boundedBox(CellSize(width: 1000, height: 1000), CellPixels(width: 256, height: 256))
        #expect(huge.width <= 4096 && huge.height <= 4096 && huge.width * huge.height <= 4 << 20)
        #expect(huge.width == huge.height, "the shape is kept")
        let wide = PixelRenderer.boundedBox(CellSize(width: 1000, height: 10), CellPixels(width: 10, height: 20))
        #expect(wide.width == 4096 && wide.height == 81)
        let normal = PixelRenderer.boundedBox(CellSize(width: 36, height: 32), CellPixels(width: 10, height: 20))
        #expect(normal == PixelSize(width: 360, height: 640))
    }

    @Test func cellPixelsRejectsUnknownAndImplausibleSizes() {
        #expect(CellPixels(columns: 80, rows: 24, pixelWidth: 0, pixelHeight: 0) == nil)
        #expect(CellPixels(columns: 80, rows: 24, pixelWidth: 640, pixelHeight: 480) == CellPixels(width: 8, height: 20))
        #expect(CellPixels(columns: 1, rows: 1, pixelWidth: 100_000, pixelHeight: 20) == nil)
    }
}
