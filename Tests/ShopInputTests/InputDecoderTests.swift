import Testing
@testable import ShopInput
import ShopUI

/// The key and mouse mapping, without a terminal (the same code the fuzz target `keys` runs).
@Suite struct InputDecoderTests {
    let decoder = InputDecoder(codes: .ncurses)
    let screen = Size(width: 80, height: 24)

    @Test func printableCharactersBecomeCharacterKeys() {
        #expect(decoder.character(UInt32(("j" as Unicode.Scalar).value)) == .key(.character("j")))
        #expect(decoder.character(0x1F6D2) == .key(.character("🛒")))
        #expect(decoder.character(0x0D) == .key(.enter))
        #expect(decoder.character(0x1B) == .key(.escape))
        #expect(decoder.character(0x7F) == .key(.backspace))
    }

    @Test func controlCodesAndNonScalarsAreDropped() {
        #expect(decoder.character(0x01) == nil, "Ctrl-A has no use")
        #expect(decoder.character(0x9B) == nil, "a C1 control (CSI) is not text")
        #expect(decoder.character(0xD800) == nil, "a lone surrogate is not a scalar")
        #expect(decoder.character(0x110000) == nil, "beyond Unicode")
        #expect(decoder.character(UInt32.max) == nil)
    }

    @Test func functionKeysMapAndUnknownCodesAreIgnored() {
        let codes = InputDecoder.Codes.ncurses
        #expect(decoder.functionKey(codes.up) == .key(.up))
        #expect(decoder.functionKey(codes.pageDown) == .key(.pageDown))
        #expect(decoder.functionKey(codes.backTab) == .key(.backTab))
        #expect(decoder.functionKey(codes.resize) == .resize)
        #expect(decoder.functionKey(codes.mouse) == .mouse)
        #expect(decoder.functionKey(0) == .ignored)
        // wget_wch hands over a wint_t; the old code converted it to Int32, which traps above Int32.max.
        #expect(decoder.functionKey(UInt32.max) == .ignored)
    }

    @Test func clicksOutsideTheScreenAreDropped() {
        let codes = InputDecoder.Codes.ncurses
        #expect(decoder.mouse(buttons: codes.wheelUp, x: 0, y: 0, screen: screen) == .mouse(.wheelUp))
        #expect(decoder.mouse(buttons: codes.click, x: 79, y: 23, screen: screen) == .mouse(.click(x: 79, y: 23)))
        #expect(decoder.mouse(buttons: codes.click, x: -1, y: 3, screen: screen) == nil)
        #expect(decoder.mouse(buttons: codes.click, x: 80, y: 3, screen: screen) == nil)
        #expect(decoder.mouse(buttons: codes.click, x: Int32.min, y: Int32.max, screen: screen) == nil)
        #expect(decoder.mouse(buttons: 0, x: 1, y: 1, screen: screen) == nil, "a button we do not ask for")
    }
}
