import Testing
@testable import ShopMedia

/// The sixel palette made for the pictures it draws (median cut), against the fixed xterm
/// palette that banded the claw clip's browns into grey and olive.
@Suite struct SixelPaletteTests {
    /// Mean absolute error a channel of `image` drawn with `palette`, 0-255.
    static func error(_ image: RGBImage, _ palette: SixelPalette) -> Double {
        let registers = palette.registers(for: image)
        var sum = 0
        for (i, register) in registers.enumerated() {
            let c = palette.colors[Int(register)]
            sum +=
                abs(Int(c.r) - Int(image.pixels[i * 3])) + abs(Int(c.g) - Int(image.pixels[i * 3 + 1]))
                + abs(Int(c.b) - Int(image.pixels[i * 3 + 2]))
        }
        return Double(sum) / Double(registers.count * 3)
    }

    /// A brown ramp like the claw clip's: dark tortoise to light tan, with a little red shading.
    static func brownRamp(width: Int = 240, height: Int = 60) -> RGBImage {
        var image = RGBImage(width: width, height: height, fill: RGB(0, 0, 0))
        for y in 0..<height {
            for x in 0..<width {
                let t = Double(x) / Double(width - 1), s = Double(y) / Double(height - 1)
                image[x, y] = RGB(UInt8(43 + 170 * t), UInt8(29 + 120 * t + 10 * s), UInt8(20 + 90 * t))
            }
        }
        return image
    }

    @Test func aSmoothRampIsFarCloserThanWithTheFixedPalette() {
        let ramp = Self.brownRamp()
        let fixed = Self.error(ramp, .xterm)
        let chosen = Self.error(ramp, .adaptive(for: [ramp], maxColors: 32))
        #expect(fixed > 6, "the fixed palette bands it: \(fixed)")
        #expect(chosen < fixed / 3, "32 chosen colours: \(chosen) against \(fixed)")
        #expect(Self.error(ramp, .adaptive(for: [ramp])) < chosen, "240 chosen colours do better still")
    }

    @Test func aPictureOfFewColoursGetsExactlyThose() throws {
        let colours = [RGB(255, 0, 0), RGB(0, 128, 255), RGB(17, 17, 17), RGB(250, 250, 240), RGB(43, 29, 20)]
        var image = RGBImage(width: 50, height: 10, fill: colours[0])
        for x in 0..<50 { for y in 0..<10 { image[x, y] = colours[x / 10] } }
        let palette = SixelPalette.adaptive(for: [image])
        #expect(palette.colors.count == colours.count)
        #expect(Self.error(image, palette) == 0)
        // And the sixel decodes back to them (as percentages: within 2 levels).
        let decoded = try DecodedSixel(Sixel.encode(image, palette: palette))
        for (i, register) in decoded.pixels.enumerated() {
            guard let (r, g, b) = decoded.palette[register] else { Issue.record("register \(register) undefined"); return }
            let want = colours[(i % 50) / 10]
            #expect(abs(r * 255 / 100 - Int(want.r)) <= 3 && abs(g * 255 / 100 - Int(want.g)) <= 3 && abs(b * 255 / 100 - Int(want.b)) <= 3)
        }
    }

    /// One palette for a clip: a colour only a later frame has still gets a register of its own.
    @Test func aClipsPaletteHoldsTheColoursOfEveryFrame() {
        let red = RGBImage(width: 20, height: 20, fill: RGB(200, 30, 30))
        let green = RGBImage(width: 20, height: 20, fill: RGB(30, 200, 60))
        let both = SixelPalette.adaptive(for: [red, green], maxColors: 32)
        #expect(Self.error(red, both) == 0 && Self.error(green, both) == 0)
        // A palette made from the red frame alone draws the green one with its nearest: red.
        let redOnly = SixelPalette.adaptive(for: [red], maxColors: 32)
        #expect(redOnly.registers(for: green).allSatisfy { $0 == 0 } && redOnly.colors == [RGB(200, 30, 30)])
    }

    @Test func neverMoreRegistersThanAsked() {
        let ramp = Self.brownRamp(width: 300, height: 100)
        for wanted in [1, 2, 16, 32, 240, 1000] {
            let palette = SixelPalette.adaptive(for: [ramp], maxColors: wanted)
            #expect(palette.colors.count <= min(wanted, SixelPalette.maxColors) && !palette.colors.isEmpty)
            #expect(palette.registers(for: ramp).allSatisfy { Int($0) < palette.colors.count })
        }
        #expect(SixelPalette.adaptive(for: []).colors.count == 1, "nothing to draw: one register")
        #expect(SixelPalette.adaptive(for: [RGBImage(width: 0, height: 0, fill: RGB(0, 0, 0))]).colors.count == 1)
    }
}
