import Foundation
import Testing

/// The feed's clip on a real pseudo-terminal (tmux): it moves, and it stops when asked to.
@Suite(.serialized) struct ClipEndToEndTests {
    private func start(state: TemporaryDirectory, arguments: String = "", extra: [String: String] = [:]) throws -> TmuxSession {
        try requireBinary()
        // NO_COLOR empty: a test runner without a terminal may export NO_COLOR=1 to its children.
        var environment = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": state.url.path, "NO_COLOR": ""]
        environment.merge(extra) { $1 }
        return try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(bundledCatalog.path)) \(arguments)",
            width: 80, height: 24, environment: environment)
    }

    /// The rows above the progress line, with their colours (capture-pane -e).
    private func mediaRows(_ session: TmuxSession) -> String {
        let lines = session.screenWithEscapes().components(separatedBy: "\n")
        let progress = lines.firstIndex { $0.contains("/44") } ?? min(lines.count, 22)
        return lines[1..<progress].joined(separator: "\n")
    }

    /// Samples the clip area a few times over `seconds`; true when any two samples differ.
    private func changes(_ session: TmuxSession, over seconds: Double = 1.2) -> Bool {
        var samples: Set<String> = [mediaRows(session)]
        for _ in 0..<4 {
            Thread.sleep(forTimeInterval: seconds / 4)
            samples.insert(mediaRows(session))
        }
        return samples.count > 1
    }

    /// True as soon as the clip area differs from what it shows now; false if it has not changed
    /// by `deadline` seconds. A generous deadline: a debug build on a loaded machine needs a while
    /// to decode and rasterize a 540x960 clip before its second frame.
    private func startsChanging(_ session: TmuxSession, deadline seconds: Double = 20) -> Bool {
        let first = mediaRows(session)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            if mediaRows(session) != first { return true }
        }
        return false
    }

    @Test func theClipPlaysAndPStopsIt() throws {
        let state = try TemporaryDirectory("clip-play")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("1/44")
        #expect(mediaRows(session).contains("▀"), "the media area shows half-block cells")
        #expect(startsChanging(session), "the clip area changes over time")
        try session.send("p")
        session.waitFor("Paused")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!changes(session), "a paused clip does not change")
        try session.send("p")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(startsChanging(session), "it plays again")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test(arguments: [("--reduce-motion", [String: String]()), ("", ["REELSHOP_REDUCE_MOTION": "1"])])
    func reducedMotionShowsAStill(arguments: String, environment: [String: String]) throws {
        let state = try TemporaryDirectory("clip-still")
        defer { state.remove() }
        let session = try start(state: state, arguments: arguments, extra: environment)
        defer { session.close() }
        session.waitFor("1/44")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(mediaRows(session).contains("▀"))
        #expect(!changes(session), "no animation under reduced motion")
        try session.send("j")
        session.waitFor("2/44")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!changes(session))
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func aPageOverTheFeedStopsTheClip() throws {
        let state = try TemporaryDirectory("clip-page")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("1/44")
        try session.send("Enter")
        session.waitFor("Add to cart")
        let before = session.screenWithEscapes()
        Thread.sleep(forTimeInterval: 0.8)
        #expect(session.screenWithEscapes() == before)
        try session.send("Escape")
        session.waitFor("1/44")
        #expect(startsChanging(session))
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test(arguments: ["0", "61", "fast"])
    func aBadFrameRateIsRefusedBeforeTheScreenIsTaken(fps: String) throws {
        let sandbox = try CLISandbox()
        defer { sandbox.temp.remove() }
        let result = try sandbox.reelshop(["--fps", fps] + sandbox.common)
        #expect(result.status != 0 && !result.timedOut, "\(result)")
        #expect(result.stderr.contains("--fps"), "\(result)")
    }

    @Test func helpListsTheClipOptions() throws {
        let sandbox = try CLISandbox()
        defer { sandbox.temp.remove() }
        let result = try sandbox.reelshop(["--help"])
        #expect(result.stdout.contains("--fps") && result.stdout.contains("--reduce-motion"), "\(result)")
    }
}
