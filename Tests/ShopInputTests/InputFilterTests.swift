import Testing
@testable import ShopInput
import ShopUI

/// Escape sequences ncurses does not decode must not arrive as a run of ordinary keys
/// (issue 11: Alt-q quit the feed, a paste typed itself into the screen).
@Suite struct InputFilterTests {
    private let codes = InputDecoder.Codes.ncurses

    /// Feeds the bytes as one read (one call), as characters.
    private func events(_ text: String, into filter: inout InputFilter) -> [InputEvent] {
        let up = codes.up
        return filter.filter(text.unicodeScalars.map { .character($0.value) }) { $0 == up ? .key(.up) : nil }
    }

    private func events(_ text: String) -> [InputEvent] {
        var filter = InputFilter(decoder: InputDecoder(codes: codes))
        return events(text, into: &filter)
    }

    @Test func plainKeysPassThrough() {
        #expect(events("jk?") == [.key(.character("j")), .key(.character("k")), .key(.character("?"))])
    }

    @Test func aLoneEscapeIsTheEscapeKey() {
        #expect(events("\u{1B}") == [.key(.escape)])
        #expect(events("\u{1B}\u{1B}") == [.key(.escape), .key(.escape)])
    }

    @Test(arguments: ["q", "a", "x", "Q", "1", "é"])
    func altAndALetterIsNothing(letter: String) {
        #expect(events("\u{1B}" + letter).isEmpty, "Alt-\(letter) is not \(letter)")
    }

    @Test(arguments: [
        "\u{1B}[99~", "\u{1B}[1;5P", "\u{1B}[57399u", "\u{1B}[?1;2c", "\u{1B}OZ", "\u{1B}[<0;10;5m",
        "\u{1B}]52;c;cQ==\u{07}", "\u{1B}]0;title\u{1B}\\", "\u{1B}P1$r0m\u{1B}\\", "\u{1B}_Gi=1;OK\u{1B}\\",
    ])
    func unknownSequencesAndStringsAreNothing(sequence: String) {
        #expect(events(sequence).isEmpty, "\(sequence.debugDescription) typed \(events(sequence))")
        #expect(events(sequence + "j") == [.key(.character("j"))], "the key after it still counts")
    }

    @Test func aBracketedPasteIsDroppedAndTheKeysAfterItCount() {
        #expect(events("\u{1B}[200~quit q and buy b\u{1B}[201~j") == [.key(.character("j"))])
    }

    @Test func aPasteSplitAcrossReadsStaysAPaste() {
        var filter = InputFilter(decoder: InputDecoder(codes: codes))
        #expect(events("\u{1B}[200~qqq", into: &filter).isEmpty)
        #expect(filter.isInsideSequence)
        #expect(events("qq\u{1B}[20", into: &filter).isEmpty)
        #expect(events("1~k", into: &filter) == [.key(.character("k"))])
        #expect(!filter.isInsideSequence)
    }

    @Test func ctrlCQuitsEvenInsideAPaste() {
        #expect(events("\u{03}") == [.terminate])
        #expect(events("\u{1B}[200~abc\u{03}") == [.terminate])
        #expect(events("\u{1B}\u{03}") == [.terminate])
        #expect(events("\u{1B}]0;title\u{03}") == [.terminate], "inside an OSC string (the fuzzer's find)")
        #expect(events("\u{1B}P1$r\u{03}") == [.terminate], "inside a DCS string")
        #expect(events("\u{1B}[12\u{03}") == [.terminate], "inside a CSI sequence")
    }

    @Test func aSequenceCutByAControlKeepsTheControl() {
        #expect(events("\u{1B}[12\r") == [.key(.enter)])
    }

    @Test func aFunctionKeyAfterEscapeIsTheKey() {
        var filter = InputFilter(decoder: InputDecoder(codes: codes))
        let events = filter.filter([.character(0x1B), .function(codes.up)]) { $0 == codes.up ? .key(.up) : nil }
        #expect(events == [.key(.up)])
    }

    @Test func anEndlessSequenceIsAbandonedAtItsBound() {
        let endless = "\u{1B}]" + String(repeating: "x", count: InputFilter.maximumSequenceLength + 10) + "j"
        #expect(events(endless).allSatisfy { $0 == .key(.character("x")) || $0 == .key(.character("j")) })
        #expect(events(endless).last == .key(.character("j")))
        var filter = InputFilter(decoder: InputDecoder(codes: codes))
        let paste = "\u{1B}[200~" + String(repeating: "y", count: InputFilter.maximumPasteLength) + "j"
        #expect(events(paste, into: &filter) == [.key(.character("j"))], "after a megabyte the paste is over")
        #expect(!filter.isInsideSequence)
    }

    // MARK: - SGR (1006) mouse reports

    private func mouse(_ text: String, screen: Size = Size(width: 80, height: 24)) -> [InputEvent] {
        var filter = InputFilter(decoder: InputDecoder(codes: codes))
        return filter.filter(text.unicodeScalars.map { .character($0.value) }, screen: screen) { _ in nil }
    }

    @Test func aPressIsAClickOnThatCellZeroBased() {
        #expect(mouse("\u{1B}[<0;10;5M") == [.mouse(.click(x: 9, y: 4))])
        #expect(mouse("\u{1B}[<0;1;1M") == [.mouse(.click(x: 0, y: 0))])
        #expect(mouse("\u{1B}[<0;80;24M") == [.mouse(.click(x: 79, y: 23))])
        #expect(mouse("\u{1B}[<4;3;3M") == [.mouse(.click(x: 2, y: 2))], "shift-click is a click")
        #expect(mouse("\u{1B}[<0;10;5M\u{1B}[<0;10;5mj") == [.mouse(.click(x: 9, y: 4)), .key(.character("j"))], "the release is nothing")
    }

    @Test func theWheelScrolls() {
        #expect(mouse("\u{1B}[<64;10;5M") == [.mouse(.wheelUp)])
        #expect(mouse("\u{1B}[<65;10;5M") == [.mouse(.wheelDown)])
    }

    @Test(arguments: [
        "\u{1B}[<0;81;5M", "\u{1B}[<0;0;5M", "\u{1B}[<0;10;25M", "\u{1B}[<0;10M", "\u{1B}[<0;10;5;1M",
        "\u{1B}[<0;;5M", "\u{1B}[<0;999999;5M", "\u{1B}[<32;10;5M", "\u{1B}[<2;10;5M", "\u{1B}[<1;10;5M",
        "\u{1B}[0;10;5M", "\u{1B}[<-1;10;5M",
    ])
    func badOrOtherReportsAreNothing(report: String) {
        #expect(mouse(report).isEmpty, "\(report.debugDescription) gave \(mouse(report))")
        #expect(mouse(report + "k") == [.key(.character("k"))], "and the key after it counts")
    }

    @Test func aReportSplitAcrossReadsIsOneClick() {
        var filter = InputFilter(decoder: InputDecoder(codes: codes))
        let screen = Size(width: 80, height: 24)
        #expect(filter.filter("\u{1B}[<0;1".unicodeScalars.map { .character($0.value) }, screen: screen) { _ in nil }.isEmpty)
        #expect(filter.filter("2;7M".unicodeScalars.map { .character($0.value) }, screen: screen) { _ in nil } == [.mouse(.click(x: 11, y: 6))])
    }
}
