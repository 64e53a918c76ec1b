import Foundation
import Testing

/// Issue 13 end to end with every part real: the storefront in tmux links Riverstone against a
/// real `reelshop market serve`; headless Chromium (selenium) opens `verification_uri_complete`
/// — the address the QR code holds — and approves or denies on the page; the storefront shows
/// the outcome within one poll interval (5 s), because it asks the token endpoint itself.
@Suite(.serialized) struct VerificationBrowserTests {
    static let codePattern = "[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"

    private func start(_ state: TemporaryDirectory) throws -> (TmuxSession, MarketServerProcess) {
        try requireBinary()
        var environment = isolatedEnvironment(home: state.appending("home"))
        environment.merge(["LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": state.appending("state").path]) { $1 }
        let market = try MarketServerProcess(
            binary: reelshopBinary, catalog: bundledCatalog, database: state.appending("market.sqlite"),
            environment: environment)
        let session = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(bundledCatalog.path)) --market \(shellQuote(market.url))",
            width: 100, height: 30, environment: environment)
        return (session, market)
    }

    /// Opens Accounts, consents, and returns the page address and the code on screen.
    private func openLink(_ session: TmuxSession, market: MarketServerProcess) throws -> (url: String, code: String) {
        session.waitFor("1/44")
        try session.send("L")
        session.waitFor("Linked accounts")
        try session.send("Enter")
        session.waitFor("Riverstone Market will share with Reelshop")
        try session.send("Enter")
        session.waitUntil("a user code") { $0.range(of: Self.codePattern, options: .regularExpression) != nil }
        let screen = session.screen()
        let code = try #require(screen.range(of: Self.codePattern, options: .regularExpression).map { String(screen[$0]) })
        let page = "\(market.url)/riverstone/device"
        #expect(screen.contains(page), "the link screen names the server's verification page:\n\(screen)")
        return ("\(page)?user_code=\(code)", code)
    }

    private func browser(_ url: String, _ decision: String) throws -> ProcessResult {
        try run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", packageRoot.appendingPathComponent("scripts/browser-verify").path, url, decision],
            environment: ProcessInfo.processInfo.environment, timeout: 90)
    }

    @Test func approvingInABrowserLinksTheStorefront() throws {
        let state = try TemporaryDirectory("browser-approve")
        defer { state.remove() }
        let (session, market) = try start(state)
        defer { session.close(); market.stop() }
        let (url, code) = try openLink(session, market: market)

        let approved = try browser(url, "approve")
        #expect(approved.status == 0, "\(approved)")
        #expect(approved.stdout.contains(code), "the page shows the code it confirms")
        #expect(approved.stdout.contains("Alex Rivera"), "the page shows who continues (the demo shopper)")
        // One poll interval (5 s) and the storefront's own answer: linked, with the profile.
        #expect(session.waitFor("Linked Riverstone Market as", timeout: 12))
        #expect(!market.log.contains("rst_"), "no token in the server's log")
    }

    @Test func denyingInABrowserShowsDenied() throws {
        let state = try TemporaryDirectory("browser-deny")
        defer { state.remove() }
        let (session, market) = try start(state)
        defer { session.close(); market.stop() }
        let (url, _) = try openLink(session, market: market)

        let denied = try browser(url, "deny")
        #expect(denied.status == 0, "\(denied)")
        #expect(session.waitFor("Status: denied", timeout: 12))
    }
}
