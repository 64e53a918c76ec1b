import Foundation
import Testing

/// Issue 12's mouse end to end: the real binary in tmux, clicked with the SGR bytes a terminal
/// sends. With TERM=xterm-256color ncurses decodes them (its terminfo names 1006); with
/// TERM=screen it does not, and the storefront's input filter does.
@Suite(.serialized) struct MouseTmuxTests {
    private func cartLines(_ box: CLISandbox) -> [[String: Any]] {
        guard let data = try? Data(contentsOf: box.cartFile),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return json["lines"] as? [[String: Any]] ?? []
    }

    private func click(_ session: TmuxSession, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let cell = session.cell(of: text) else {
            Issue.record("\"\(text)\" is not on the screen:\n\(session.screen())", sourceLocation: sourceLocation)
            return
        }
        try session.click(column: cell.column, row: cell.row)
    }

    @Test(arguments: ["xterm-256color", "screen"])
    func clickATabTheHeartAndACartLine(term: String) throws {
        let box = try CLISandbox()
        defer { box.remove() }
        #expect(try box.cart("add", "claw-clip").status == 0)
        #expect(try box.cart("add", "cloud-mug").status == 0)
        var environment = box.environment
        environment.merge(["LANG": "C.UTF-8", "TERM": term]) { $1 }
        let session = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) " + box.common.map(shellQuote).joined(separator: " "),
            environment: environment)
        defer { session.close() }
        session.waitFor("1/44")

        // A tab: Following is empty until you follow someone, and says so.
        try click(session, "Following")
        session.waitFor("Follow creators with f")
        try click(session, "For You")
        session.waitFor("1/44")

        // The rail's heart likes the post, as l does (kept in social.json).
        try click(session, "♡")
        session.waitFor("♥")
        session.waitUntil("social.json to hold the like") { _ in
            guard let data = try? Data(contentsOf: box.state.appendingPathComponent("social.json")),
                let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return false }
            return (json["likedPosts"] as? [String])?.count == 1
        }

        // The header's count opens the cart, as c does; a click on a line selects it (x then
        // removes that one, not the first).
        try click(session, "Cart 2")
        session.waitFor("Cloud Ceramic Mug")
        try click(session, "Cloud Ceramic Mug")
        try session.send("x")
        session.waitFor("Cart 1")
        let lines = cartLines(box)
        #expect(lines.count == 1 && lines.first?["productID"] as? String == "claw-clip", "the clicked line went: \(lines)")
        try session.send("Escape")
        session.waitFor("1/44")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }
}
