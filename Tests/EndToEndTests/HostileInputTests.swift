import Foundation
import ShopTesting
import Testing

/// Issue 11, "must never happen" 1 and 5, with the real binary on real pseudo-terminals: a key
/// the app does not bind never quits it, a signal is honoured under a flood of input, and a
/// megabyte caption draws.
@Suite(.serialized) struct HostileInputTests {
    private func environment(_ state: TemporaryDirectory) -> [String: String] {
        var environment = isolatedEnvironment(home: state.appending("home"))
        environment.merge([
            "LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": state.appending("state").path,
            "REELSHOP_SKIP_INTRO": "1",
        ]) { $1 }
        return environment
    }

    private func start(_ state: TemporaryDirectory, catalog: URL = bundledCatalog) throws -> TmuxSession {
        try requireBinary()
        return try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(catalog.path))",
            environment: environment(state))
    }

    /// Still running, and back on the feed after a few Escapes, each its own read.
    private func expectAliveAndDrawing(
        _ session: TmuxSession, after what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(
            session.pid != nil, "the storefront quit after \(what). Screen:\n\(session.screen())",
            sourceLocation: sourceLocation)
        for _ in 0..<5 {
            try session.send("Escape")
            usleep(120_000)
        }
        session.waitFor("For You", sourceLocation: sourceLocation)
    }

    @Test func noUnboundKeyQuitsTheStorefront() throws {
        let state = try TemporaryDirectory("hostile-keys")
        defer { state.remove() }
        let session = try start(state)
        defer { session.close() }
        session.waitFor("j/k scroll")

        let controls = "abdefghijklmnopqrstuvwxyz".map { "C-\($0)" } + ["C-\\", "C-]", "C-^", "C-_", "C-@"]
        for key in controls { try session.send(key) }
        try expectAliveAndDrawing(session, after: "Ctrl keys")

        let functionKeys = (1...12).map { "F\($0)" } + ["IC", "DC", "Home", "End", "BTab", "S-F3", "C-Up", "M-Left"]
        for key in functionKeys { try session.send(key) }
        try expectAliveAndDrawing(session, after: "function keys")

        for letter in "abcdefghijklmnopqrstuvwxyz" { try session.send("M-\(letter)") }
        try expectAliveAndDrawing(session, after: "Alt letters (Alt-q is not q)")

        // A bracketed paste holding "q", unknown CSI / SS3 keys, OSC and DCS strings.
        let sequences: [[UInt8]] = [
            Array("\u{1B}[200~quit q now\u{1B}[201~".utf8), Array("\u{1B}[99~".utf8), Array("\u{1B}[1;5Q".utf8),
            Array("\u{1B}OX".utf8), Array("\u{1B}]52;c;cXVpdA==\u{07}".utf8), Array("\u{1B}P+q544e\u{1B}\\".utf8),
            Array("\u{1B}[57441;5u".utf8), [0xC3], [0xFF, 0xFE], [0xE2, 0x82],
        ]
        for bytes in sequences { try session.sendBytes(bytes) }
        try expectAliveAndDrawing(session, after: "escape sequences and a paste")

        // A few hundred random sequences, without the two keys that do quit (q and Ctrl-C).
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            let length = Int.random(in: 1...6, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }.filter { $0 != 0x71 && $0 != 0x03 }
            if !bytes.isEmpty { try session.sendBytes(bytes) }
        }
        try expectAliveAndDrawing(session, after: "random bytes")

        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func ctrlCQuitsFromAnyScreen() throws {
        let state = try TemporaryDirectory("hostile-ctrl-c")
        defer { state.remove() }
        let session = try start(state)
        defer { session.close() }
        session.waitFor("j/k scroll")
        try session.send("/")
        session.waitFor("Search")
        try session.send("C-c")
        #expect(session.waitForExit() != nil)
    }

    /// The storefront on a pseudo-terminal this test owns (to type at it as fast as it takes
    /// keys, or to stop reading it), once its first frame is drawn.
    private func storefrontOnAPseudoTerminal(_ state: TemporaryDirectory) throws -> PTYProgram {
        let program = try PTYProgram([reelshopBinary.path, "--catalog", bundledCatalog.path], environment: environment(state))
        #expect(SSHE2E.waitUntil(timeout: 30) { program.recentOutput.contains("For You") }, "no first frame")
        return program
    }

    @Test func sigtermIsHonouredUnderAFloodOfInput() throws {
        try requireBinary()
        let state = try TemporaryDirectory("hostile-flood")
        defer { state.remove() }
        let program = try storefrontOnAPseudoTerminal(state)
        defer { program.stop() }
        // Keys as fast as the terminal takes them, for two seconds, and still while the signal lands.
        let keys = [UInt8](repeating: UInt8(ascii: "j"), count: 65536)
        var typed = 0
        let flooding = Date().addingTimeInterval(2)
        while Date() < flooding { typed += program.type(keys) }
        kill(program.pid, SIGTERM)
        var status: Int32?
        let deadline = Date().addingTimeInterval(5)
        while status == nil, Date() < deadline {
            program.type(keys)
            status = program.waitForExit(timeout: 0.05)
        }
        #expect(status != nil, "still running 5 s after SIGTERM, with \(typed) bytes typed")
    }

    @Test func sigtermIsHonouredWhenTheTerminalHasStoppedReading() throws {
        try requireBinary()
        let state = try TemporaryDirectory("hostile-frozen")
        defer { state.remove() }
        let program = try storefrontOnAPseudoTerminal(state)
        defer { program.stop() }
        // A frozen terminal: nothing reads, and the playing clip soon fills the buffer.
        program.pauseReading()
        #expect(SSHE2E.waitUntil(timeout: 30) { program.isBlockedWritingToTheTerminal }, "the storefront never blocked writing")
        kill(program.pid, SIGTERM)
        // Before: the run loop stayed in ncurses' write and the signal watchdog in its restore's.
        let status = program.waitForExit(timeout: 5)
        #expect(status != nil, "still running 5 s after SIGTERM with its terminal not reading")
        program.pauseReading(false)
    }

    @Test func aMegabyteCaptionAndDescriptionDrawAndQuit() throws {
        let state = try TemporaryDirectory("hostile-caption")
        defer { state.remove() }
        let catalog = try hostileCatalog(in: state) { json in
            var posts = json["posts"] as? [[String: Any]] ?? []
            var products = json["products"] as? [[String: Any]] ?? []
            posts[0]["caption"] = String(repeating: "x", count: 1_000_000)
            if let index = products.firstIndex(where: { $0["id"] as? String == posts[0]["product"] as? String }) {
                products[index]["description"] = String(repeating: "d", count: 1_000_000)
            }
            json["posts"] = posts
            json["products"] = products
        }
        let session = try start(state, catalog: catalog)
        defer { session.close() }
        session.waitFor("xxxxxxxxxx", timeout: 30)
        try session.send("Enter")
        session.waitFor("dddddddddd", timeout: 30)
        let pid = try #require(session.pid)
        kill(pid, SIGTERM)
        #expect(session.waitForExit() != nil)
    }

    /// A copy of the bundled catalog.json, changed, beside a link to the bundled media.
    private func hostileCatalog(in state: TemporaryDirectory, _ change: (inout [String: Any]) -> Void) throws -> URL {
        let directory = state.appending("catalog")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = try Data(contentsOf: bundledCatalog.appendingPathComponent("catalog.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("catalog.json"))
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("media"),
            withDestinationURL: bundledCatalog.appendingPathComponent("media"))
        return directory
    }
}
