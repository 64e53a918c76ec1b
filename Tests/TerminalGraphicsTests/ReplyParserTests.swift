import ShopMedia
import Testing
@testable import TerminalGraphics

@Suite("graphics replies: parsing and the decision")
struct ReplyParserTests {
    func parse(_ s: String) -> GraphicsReplies { GraphicsReplies.parse(Array(s.utf8)) }
    func decide(_ s: String, tmux: String? = nil) -> GraphicsMode {
        let direct = parse(s)
        let inside = tmux != nil || direct.versionIsTmux
        return GraphicsDetection.decide(direct: direct, throughTmux: tmux.map(parse), insideTmux: inside).mode
    }

    @Test func kittyAnswers() {
        let r = parse("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}P>|kitty(0.26.5)\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;c")
        #expect(r.kitty == "OK" && r.version == "kitty(0.26.5)" && r.deviceAttributes == [62])
        #expect(r.cellPixels == CellPixels(width: 10, height: 20))
        #expect(r.other.isEmpty)
        #expect(decide("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;c") == .kitty)
    }

    @Test func xtermVT340AnswersSixel() {
        let s = "\u{1B}P>|XTerm(379)\u{1B}\\\u{1B}[?63;1;2;4;6;9;15;16;22;28c"
        #expect(parse(s).deviceAttributes == [63, 1, 2, 4, 6, 9, 15, 16, 22, 28])
        #expect(decide(s) == .sixel)
        // Attribute 4 must be a whole parameter: 14, 24 or 42 are not sixel.
        #expect(decide("\u{1B}[?64;14;24;42c") == .cells)
    }

    @Test func aKittyErrorIsNotKitty() {
        let s = "\u{1B}_Gi=31;ENOTSUPPORTED:no graphics\u{1B}\\\u{1B}[?62;c"
        #expect(parse(s).kitty == "ENOTSUPPORTED:no graphics")
        #expect(decide(s) == .cells)
        // A reply for another image id is someone else's.
        #expect(parse("\u{1B}_Gi=7;OK\u{1B}\\").kitty == nil)
    }

    @Test func itermAndWezTermByName() {
        #expect(decide("\u{1B}P>|iTerm2 3.5.0\u{1B}\\\u{1B}[?62;4c") == .iterm, "iTerm2 before its sixel")
        #expect(decide("\u{1B}P>|WezTerm 20240203\u{1B}\\\u{1B}[?65;4;6;18;22c") == .iterm)
        #expect(decide("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}P>|WezTerm 20240203\u{1B}\\\u{1B}[?65;4c") == .kitty, "WezTerm also speaks kitty")
    }

    @Test func nothingOrOnlyVT100IsCells() {
        #expect(decide("") == .cells)
        #expect(decide("\u{1B}[?1;2c") == .cells)
        #expect(!parse("").anything)
    }

    @Test func repliesCutShortWaitForTheRest() {
        #expect(parse("\u{1B}[?62;4").deviceAttributes == nil)
        #expect(parse("\u{1B}_Gi=31;O").kitty == nil)
        #expect(parse("\u{1B}P>|kit").version == nil)
        #expect(parse("\u{1B}").other.isEmpty)
    }

    @Test func keysTypedMeanwhileAreKept() {
        let r = parse("j\u{1B}[A\u{1B}[?62;4cq")
        #expect(r.deviceAttributes == [62, 4])
        #expect(String(decoding: r.other, as: UTF8.self) == "j\u{1B}[Aq")
    }

    @Test func implausibleCellSizesAreIgnored() {
        #expect(parse("\u{1B}[6;0;0t").cellPixels == nil)
        #expect(parse("\u{1B}[6;99999;10t").cellPixels == nil)
    }

    /// OSC 11's answer, as xterm, kitty and VTE give it (four hex digits, ST), as some give it
    /// with BEL or two digits, and what is no colour.
    @Test func theBackgroundColour() {
        #expect(parse("\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\\u{1B}[?62;c").background == RGB(255, 255, 255))
        #expect(parse("\u{1B}]11;rgb:1e1e/1e1e/2e2e\u{07}").background == RGB(30, 30, 46))
        #expect(parse("\u{1B}]11;rgb:fd/f6/e3\u{1B}\\").background == RGB(253, 246, 227))
        #expect(parse("\u{1B}]11;rgb:f/8/0\u{1B}\\").background == RGB(255, 136, 0))
        #expect(parse("\u{1B}]11;rgba:0000/0000/0000/ffff\u{1B}\\").background == RGB(0, 0, 0))
        for bad in ["rgb:ffff/ffff", "rgb:gggg/0/0", "rgb:12345/0/0", "#ffffff", "rgb://", ""] {
            #expect(parse("\u{1B}]11;\(bad)\u{1B}\\\u{1B}[?62;c").background == nil, "\(bad)")
            #expect(parse("\u{1B}]11;\(bad)\u{1B}\\\u{1B}[?62;c").deviceAttributes == [62])
        }
        // Another OSC (a colour of the palette) is no background.
        #expect(parse("\u{1B}]4;1;rgb:ffff/0000/0000\u{1B}\\").background == nil)
        // Cut short: wait for the rest.
        let cut = parse("\u{1B}]11;rgb:ffff/ff")
        #expect(cut.background == nil && cut.other.isEmpty)
        #expect(parse("\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}").background == nil)
        // An ESC inside is no reply: Alt-] typed, then an arrow key and DA1; the keys are kept.
        let typed = parse("\u{1B}]x\u{1B}[A\u{1B}[?62;c")
        #expect(typed.background == nil && typed.deviceAttributes == [62])
        #expect(String(decoding: typed.other, as: UTF8.self) == "\u{1B}]x\u{1B}[A")
    }

    @Test func insideTmuxOnlyPassthroughAnswersCount() {
        let tmuxDirect = "\u{1B}P>|tmux 3.3a\u{1B}\\\u{1B}[?1;2c"
        #expect(decide(tmuxDirect, tmux: "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?1;2c") == .kitty)
        #expect(decide(tmuxDirect, tmux: "\u{1B}[?1;2c") == .cells, "passthrough off: nothing came through")
        #expect(decide(tmuxDirect, tmux: "\u{1B}P>|tmux 3.3a\u{1B}\\\u{1B}[?1;2c") == .cells)
        #expect(decide("\u{1B}P>|tmux 3.4\u{1B}\\\u{1B}[?1;2;4c", tmux: "\u{1B}[?1;2;4c") == .sixel, "tmux's own sixel")
        let passthrough = GraphicsDetection.decide(direct: parse(tmuxDirect), throughTmux: parse("\u{1B}_Gi=31;OK\u{1B}\\"), insideTmux: true)
        #expect(passthrough.passthrough)
        #expect(passthrough.outgoing([[0x1B, 0x41]]) == Array("\u{1B}Ptmux;\u{1B}\u{1B}A\u{1B}\\".utf8))
    }
}
