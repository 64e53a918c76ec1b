import Testing
@testable import ShopUI

/// Word wrapping by display width, and what it costs on hostile text (issue 11: a 300 KB
/// caption with no spaces took 28 s to lay out, a 1 MB one never drew).
@Suite struct TextLayoutTests {
    @Test func wrapsAtSpacesWithinTheWidth() {
        #expect(TextLayout.wrap("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
        #expect(TextLayout.wrap("  many   spaces  ", width: 20) == ["many spaces"])
        #expect(TextLayout.wrap("", width: 5) == [""])
        #expect(TextLayout.wrap("abc", width: 0) == [])
    }

    @Test func keepsParagraphsAndDropsTrailingEmptyLines() {
        #expect(TextLayout.wrap("one\n\ntwo\n\n", width: 10) == ["one", "", "two"])
    }

    @Test func cutsAWordLongerThanALine() {
        #expect(TextLayout.wrap("ab abcdefgh cd", width: 3) == ["ab", "abc", "def", "gh", "cd"])
        #expect(TextLayout.wrap("abcdef", width: 3) == ["abc", "def"])
    }

    @Test func measuresWideCharacters() {
        #expect(TextLayout.wrap("日本語の文章", width: 5) == ["日本", "語の", "文章"])
        #expect(TextLayout.wrap("🛒 cart", width: 4) == ["🛒", "cart"])
    }

    @Test func endsTheLastKeptLineInAnEllipsis() {
        #expect(TextLayout.wrap("one two three four", width: 9, maxLines: 2) == ["one two", "three…"])
        #expect(TextLayout.wrap("one two", width: 9, maxLines: 2) == ["one two"], "nothing dropped, no ellipsis")
        #expect(TextLayout.wrap("aaaaaaaaa bbbbbbbbb c", width: 9, maxLines: 2) == ["aaaaaaaaa", "bbbbbbbb…"])
    }

    @Test func aMegabyteWordIsCutIntoLinesInOnePass() {
        let caption = String(repeating: "x", count: 1_000_000)
        let lines = TextLayout.wrap(caption, width: 40)
        #expect(lines.count == 25_000)
        #expect(lines.allSatisfy { $0.count == 40 })
        #expect(TextLayout.wrap(caption, width: 40, maxLines: 2) == [String(repeating: "x", count: 40), String(repeating: "x", count: 39) + "…"])
    }

    @Test func theTailOfAMegabyteIsWhatFits() {
        let typed = String(repeating: "y", count: 1_000_000) + "end"
        #expect(TextLayout.tail(typed, width: 5) == "yyend")
    }

    @Test func aMegabyteLineOnTheGridWritesWhatFits() {
        var grid = Grid(width: 20, height: 1)
        let used = grid.put(String(repeating: "z", count: 1_000_000), x: 0, y: 0)
        #expect(used == 20)
        #expect(grid[19, 0].text == "…")
        #expect(grid[0, 0].text == "z")
    }
}
