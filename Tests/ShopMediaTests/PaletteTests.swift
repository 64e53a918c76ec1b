import ShopMedia
import Testing

@Suite("xterm palette quantizing")
struct PaletteTests {
    static let known: [(RGB, UInt8)] = [
        (RGB(255, 0, 0), 196), (RGB(255, 255, 255), 231), (RGB(0, 0, 0), 16),
        (RGB(0, 255, 0), 46), (RGB(0, 0, 255), 21), (RGB(95, 135, 175), 67),
        (RGB(128, 128, 128), 244), (RGB(8, 8, 8), 232), (RGB(238, 238, 238), 255),
        (RGB(255, 135, 0), 208),
    ]

    @Test(arguments: PaletteTests.known)
    func knownColoursMapToKnownIndexes(color: RGB, index: UInt8) {
        #expect(XtermPalette.nearest256(color) == index, "\(color)")
        #expect(XtermPalette.nearest256Exact(color) == index, "\(color)")
    }

    @Test func midGreyLandsOnTheGreyRamp() {
        for v: UInt8 in [100, 118, 128, 148, 188] {
            let index = XtermPalette.nearest256(RGB(v, v, v))
            #expect((232...255).contains(index), "grey \(v) gave \(index)")
        }
    }

    @Test func paletteColoursRoundTrip() {
        #expect(XtermPalette.color(of: 196) == RGB(255, 0, 0))
        #expect(XtermPalette.color(of: 244) == RGB(128, 128, 128))
        #expect(XtermPalette.color(of: 67) == RGB(95, 135, 175))
        #expect(XtermPalette.color(of: 9) == RGB(255, 0, 0))
        // Every palette entry 16...255 maps back to itself (or an identical colour).
        for i in 16...255 {
            let c = XtermPalette.color(of: UInt8(i))
            #expect(XtermPalette.color(of: XtermPalette.nearest256(c)) == c, "index \(i)")
        }
    }

    @Test func lookupTableAgreesWithExhaustiveSearchAtBinCentres() {
        // A deterministic spread of bins across the 64x64x64 table.
        var state: UInt32 = 12345
        for _ in 0..<3000 {
            state = state &* 1_103_515_245 &+ 12345
            let r = UInt8((state >> 8) & 63) * 4 + 2, g = UInt8((state >> 14) & 63) * 4 + 2, b = UInt8((state >> 20) & 63) * 4 + 2
            let c = RGB(r, g, b)
            let fast = XtermPalette.nearest256(c), exact = XtermPalette.nearest256Exact(c)
            #expect(fast >= 16)
            // Equal distance ties may pick a different index; the distance must match.
            #expect(
                c.distance(to: XtermPalette.color(of: fast)) == c.distance(to: XtermPalette.color(of: exact)),
                "\(c): table \(fast), exact \(exact)")
        }
    }

    @Test func sixteenAndEightColourNearest() {
        #expect(XtermPalette.nearest16(RGB(255, 0, 0)) == 9)
        #expect(XtermPalette.nearest16(RGB(200, 0, 0)) == 1)
        #expect(XtermPalette.nearest16(RGB(128, 128, 128)) == 8)
        #expect(XtermPalette.nearest16(RGB(255, 255, 255)) == 15)
        #expect(XtermPalette.nearest8(RGB(255, 255, 255)) == 7)
        #expect(XtermPalette.nearest8(RGB(0, 0, 250)) == 4)
        #expect(XtermPalette.nearest8(RGB(250, 250, 10)) == 3)
    }

    @Test func redmeanDistance() {
        #expect(abs(RGB(0, 0, 0).distance(to: RGB(255, 255, 255)) - 765) < 1)
        #expect(RGB(10, 20, 30).distance(to: RGB(10, 20, 30)) == 0)
        // Green differences weigh more than blue ones.
        #expect(RGB(0, 0, 0).distance(to: RGB(0, 50, 0)) > RGB(0, 0, 0).distance(to: RGB(0, 0, 50)))
    }

    @Test func colourModeParsing() {
        #expect(ColorMode(argument: "256") == .ansi256)
        #expect(ColorMode(argument: "16") == .ansi16)
        #expect(ColorMode(argument: "8") == .ansi8)
        #expect(ColorMode(argument: "none") == ColorMode.none)
        #expect(ColorMode(argument: "24") == nil)
        #expect(ColorMode.forTerminal(colors: 256) == .ansi256)
        #expect(ColorMode.forTerminal(colors: 8) == .ansi8)
        #expect(ColorMode.forTerminal(colors: 256, noColor: true) == ColorMode.none)
    }
}
