import Foundation
import Testing

/// `--theme` and `REELSHOP_THEME` on the real binary in tmux (which answers no background query,
/// so `auto` is dark there): the colours a light terminal needs, in the storefront and in `demo`.
@Suite(.serialized) struct ThemeTmuxTests {
    /// The escapes tmux shows right before the first post's price.
    static func priceStyle(_ session: TmuxSession) -> String {
        let screen = session.screenWithEscapes()
        guard let price = screen.range(of: "$12.99") else { return "no price:\n\(session.screen())" }
        let before = screen[..<price.lowerBound]
        let start = before.range(of: "│", options: .backwards)?.upperBound ?? before.startIndex
        return String(before[start...])
    }

    func storefront(_ arguments: [String], environment extra: [String: String] = [:]) throws -> String {
        let box = try CLISandbox()
        defer { box.remove() }
        var environment = box.environment.merging(["LANG": "C.UTF-8", "TERM": "xterm-256color"]) { $1 }
        environment.removeValue(forKey: "REELSHOP_THEME")
        environment.merge(extra) { $1 }
        let session = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) " + (box.common + ["--skip-intro"] + arguments).map(shellQuote).joined(separator: " "),
            environment: environment)
        defer { session.close() }
        session.waitFor("$12.99")
        return Self.priceStyle(session)
    }

    @Test func theStorefrontsPriceIsWhiteOnDarkAndTheTextColourOnLight() throws {
        let dark = try storefront([])
        #expect(dark.contains("38;5;231"), "auto in tmux, which answers no colour: dark, a white price: \(dark.debugDescription)")
        let light = try storefront(["--theme", "light"])
        #expect(!light.contains("38;5;") && light.contains("[1m"), "bold in the terminal's own text colour: \(light.debugDescription)")
        let fromEnvironment = try storefront([], environment: ["REELSHOP_THEME": "light"])
        #expect(fromEnvironment == light)
        #expect(try storefront(["--theme", "dark"], environment: ["REELSHOP_THEME": "light"]) == dark, "the flag wins")
    }

    @Test func theDemoTakesTheThemeToo() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        var environment = box.environment.merging(["LANG": "C.UTF-8", "TERM": "xterm-256color"]) { $1 }
        environment.removeValue(forKey: "REELSHOP_THEME")
        let session = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) demo --reduce-motion --theme light --catalog \(shellQuote(bundledCatalog.path))",
            environment: environment)
        defer { session.close() }
        session.waitFor("$12.99")
        let style = Self.priceStyle(session)
        #expect(!style.contains("38;5;231") && style.contains("[1m"), "\(style.debugDescription)")
    }
}
