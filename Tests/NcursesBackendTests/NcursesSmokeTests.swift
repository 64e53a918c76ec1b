import Foundation
import Testing
@testable import NcursesBackend
import ShopUI

/// ncurses started with `newterm` on /dev/null: no terminal needed, but the real library draws.
/// One suite, serialized: ncurses keeps global state.
@Suite(.serialized) struct NcursesSmokeTests {
    @Test func blitsAGridIntoCursesAndReadsItBack() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let input = try #require(fopen("/dev/null", "r"))
        let output = try #require(fopen("/dev/null", "w"))
        defer { fclose(input); fclose(output) }
        let terminal = try NcursesTerminal(
            term: "xterm-256color", input: input, output: output,
            inputDescriptor: fileno(input), environment: [:])
        defer { terminal.close() }
        #expect(terminal.theme.capability == .ansi256)
        #expect(terminal.theme.glyphs.isUnicode)
        #expect(terminal.size == Size(width: 80, height: 24), "newterm on a non-terminal uses the terminfo size")

        var grid = Grid(width: terminal.size.width, height: terminal.size.height)
        grid.put("héllo ★ 🛒!", x: 2, y: 3, style: Style(foreground: .index(197), background: .index(236)))
        terminal.draw(grid)
        #expect(terminal.text(atX: 2, y: 3) == "h")
        #expect(terminal.text(atX: 3, y: 3) == "é")
        #expect(terminal.text(atX: 8, y: 3) == "★")
        #expect(terminal.text(atX: 10, y: 3) == "🛒")
        #expect(terminal.text(atX: 12, y: 3) == "!", "the wide cart takes two columns")
        let colors = terminal.colors(atX: 2, y: 3)
        #expect(colors.foreground == 197 && colors.background == 236)
        #expect(terminal.colors(atX: 0, y: 0).foreground == -1, "untouched cells keep the default colours")

        // A second Grid only changes what differs; cells beyond 255 pairs still get exact colours.
        var next = grid
        for x in 0..<80 { next.put("▀", x: x, y: 10, style: Style(foreground: .index(UInt8(16 + x)), background: .index(UInt8(255 - x)))) }
        terminal.draw(next)
        #expect(terminal.text(atX: 2, y: 3) == "h")
        #expect(terminal.text(atX: 79, y: 10) == "▀")
        let last = terminal.colors(atX: 79, y: 10)
        #expect(last.foreground == 95 && last.background == 176)

        // A struck-through price keeps its combining stroke in the cell.
        var strike = next
        strike.put("$̶1̶", x: 0, y: 12)
        terminal.draw(strike)
        #expect(terminal.text(atX: 0, y: 12) == "$\u{0336}")
    }

    /// Keys typed while the graphics detection had the terminal reach the first read; a reply
    /// among them (a late DA1) is dropped, not taken for keys, and so is an arrow typed then (in
    /// the terminal's normal cursor mode, before ncurses switched it: no terminfo key names it).
    @Test func keysTypedDuringDetectionAreTheFirstInput() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let input = try #require(fopen("/dev/null", "r"))
        let output = try #require(fopen("/dev/null", "w"))
        defer { fclose(input); fclose(output) }
        let terminal = try NcursesTerminal(
            term: "xterm-256color", input: input, output: output, inputDescriptor: fileno(input), environment: [:],
            typedAhead: Array("j\u{1B}[?62;4c\u{1B}[B\ré".utf8))
        defer { terminal.close() }
        #expect(terminal.waitForEvents(timeout: 0, watching: []) == [.key(.character("j")), .key(.enter), .key(.character("é"))])
        #expect(!terminal.waitForEvents(timeout: 0, watching: []).contains(.key(.character("j"))), "handed on once")
    }

    @Test func environmentChecksGiveClearMessages() {
        #expect(TerminalEnvironment.capability(environment: ["NO_COLOR": "1"], colors: 256, hasColors: true) == .monochrome)
        #expect(TerminalEnvironment.capability(environment: ["NO_COLOR": ""], colors: 256, hasColors: true) == .ansi256)
        #expect(TerminalEnvironment.capability(environment: [:], colors: 16, hasColors: true) == .ansi16)
        #expect(TerminalEnvironment.capability(environment: [:], colors: 8, hasColors: true) == .ansi8)
        #expect(TerminalEnvironment.capability(environment: [:], colors: 0, hasColors: false) == .monochrome)
    }
}
