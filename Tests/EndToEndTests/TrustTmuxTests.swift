import Foundation
import Testing

/// Issue 11 ("Trust") end to end: the real binary in tmux, real files, a second real process.
@Suite(.serialized) struct TrustTmuxTests {
    private func environment(_ state: TemporaryDirectory) -> [String: String] {
        var environment = isolatedEnvironment(home: state.appending("home"))
        environment.merge(["LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": state.url.path]) { $1 }
        return environment
    }

    private func start(_ state: TemporaryDirectory, width: Int = 80, height: Int = 24) throws -> TmuxSession {
        try requireBinary()
        return try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(bundledCatalog.path))",
            width: width, height: height, environment: environment(state))
    }

    private func cartLines(_ state: TemporaryDirectory) -> [[String: Any]] {
        guard let data = try? Data(contentsOf: state.appending("cart.json")),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return json["lines"] as? [[String: Any]] ?? []
    }

    /// `a` on the sneakers' post asks for a size (and colour) and adds the one chosen, not size 8.
    @Test func addOnTheFeedAsksForASizeAndAddsTheOneChosen() throws {
        let state = try TemporaryDirectory("trust-size")
        defer { state.remove() }
        let session = try start(state)
        defer { session.close() }
        session.waitFor("1/44")
        try session.send("j")
        session.waitFor("@sneakerdrop.sam")
        try session.send("a")
        session.waitFor("Choose a colour and size")
        try session.send("a")
        session.waitFor("Choose a colour and size first")
        #expect(cartLines(state).isEmpty, "nothing added before a choice")
        try session.send("Right", "Right")  // white-8, then white-9
        try session.send("a")
        session.waitFor("Cart 1")
        session.waitFor("j/k scroll")  // back on the feed
        let lines = cartLines(state)
        #expect(lines.count == 1)
        #expect(lines.first?["productID"] as? String == "runner-sneaker")
        #expect(lines.first?["variantID"] as? String == "white-9", "the size chosen, not the first in stock")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    /// `reelshop accounts link` in another terminal, approved from a third: the open accounts
    /// screen shows the account without a key press.
    @Test func theAccountsScreenShowsALinkMadeInAnotherTerminal() throws {
        let state = try TemporaryDirectory("trust-accounts")
        defer { state.remove() }
        let session = try start(state)
        defer { session.close() }
        session.waitFor("1/44")
        try session.send("L")
        session.waitFor("Linked accounts")
        session.waitFor("Press ⏎ to link: you approve it on Riverstone Market.")

        let env = environment(state)
        let output = state.appending("link.out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let link = Process()
        link.executableURL = reelshopBinary
        link.arguments = ["accounts", "link", "riverstone", "--catalog", bundledCatalog.path]
        link.environment = env
        link.standardInput = FileHandle.nullDevice
        link.standardOutput = handle
        link.standardError = handle
        try link.run()
        defer { if link.isRunning { link.terminate() } }

        // The code the other terminal shows.
        var code: String?
        let deadline = Date().addingTimeInterval(30)
        while code == nil, Date() < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            code = text.range(of: "[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}", options: .regularExpression).map { String(text[$0]) }
            if code == nil { usleep(100_000) }
        }
        let userCode = try #require(code, "no code from `accounts link`: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        let approve = try run(reelshopBinary, ["accounts", "approve", userCode, "--catalog", bundledCatalog.path], environment: env)
        #expect(approve.status == 0, "\(approve)")
        #expect(waitForExit(link, timeout: 60), "accounts link did not finish")
        let linkOutput = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(link.terminationStatus == 0, "\(linkOutput)")

        session.waitFor("✓ Linked", timeout: 30)
        #expect(session.screen().contains("Pays with Visa ···· 4242"))
        try session.quitFromOpenScreens()
        #expect(session.waitForExit() == 0)
    }
}
