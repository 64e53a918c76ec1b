import Foundation
import Testing

/// Issue 13: the link screen's QR code is scannable. The real binary runs in tmux; the screen,
/// with its colours (`capture-pane -e`), becomes a PNG (scripts/screen-png draws half blocks as
/// exact pixels) and zbarimg reads it. What it reads must be the address and the code the same
/// screen shows in words: `<verification_uri>?user_code=<code>`.
@Suite("Link screen QR code, scanned from a picture of the terminal", .serialized)
struct LinkQRTests {
    @Test("the QR code scans to verification_uri?user_code=<code> at 80x24 and 120x40", arguments: [(80, 24), (120, 40)])
    func scannable(size: (Int, Int)) throws {
        let (session, state) = try Self.openLinkScreen(width: size.0, height: size.1)
        defer { session.close(); state.remove() }
        let colours = session.screenWithEscapes()
        #expect(colours.contains("\u{1B}[38;5;231m") && colours.contains("\u{1B}[48;5;16m"), "explicit white on black")
        try Self.expectScannable(session, width: size.0, height: size.1)
    }

    @Test("with NO_COLOR=1 the light modules are the glyphs: it still scans (120x40)")
    func scannableWithoutColour() throws {
        let (session, state) = try Self.openLinkScreen(width: 120, height: 40, extra: ["NO_COLOR": "1"])
        defer { session.close(); state.remove() }
        let escapes = session.screenWithEscapes()
        #expect(!escapes.contains("\u{1B}[38;5;231m") && !escapes.contains("\u{1B}[48;5;16m"), "NO_COLOR asks for no colours")
        try Self.expectScannable(session, width: 120, height: 40)
    }

    @Test("too small a window says so and keeps the code; enlarged again, the QR code scans")
    func resizeWhileLinking() throws {
        let (session, state) = try Self.openLinkScreen(width: 120, height: 40)
        defer { session.close(); state.remove() }
        let code = try #require(Self.shownCode(session.screen()))
        try session.resize(width: 60, height: 20)
        session.waitFor("Enlarge the window to see a QR code")
        let small = session.screen()
        #expect(small.contains(code), "the code stays on screen:\n\(small)")
        #expect(!small.contains("▀▀▀▀▀▀▀"), "no QR code is drawn that cannot be whole:\n\(small)")
        try session.resize(width: 120, height: 40)
        session.waitUntil("the QR code to come back") { !$0.contains("Enlarge the window") }
        try Self.expectScannable(session, width: 120, height: 40)
    }

    // MARK: - Helpers

    /// The storefront on a fresh state directory, on the accounts screen's first marketplace's
    /// link screen, with a code shown.
    static func openLinkScreen(width: Int, height: Int, extra: [String: String] = [:]) throws -> (TmuxSession, TemporaryDirectory) {
        try requireBinary()
        let state = try TemporaryDirectory("link-qr")
        var environment = isolatedEnvironment(home: state.appending("home"))
        environment.merge(["LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": state.url.path]) { $1 }
        environment.merge(extra) { $1 }
        let session = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(bundledCatalog.path))",
            width: width, height: height, environment: environment)
        session.waitFor("For You")
        try session.send("L")
        session.waitFor("Linked accounts")
        try session.send("Enter")
        session.waitFor("will share with Reelshop")
        try session.send("Enter")
        session.waitFor("Expires in")
        return (session, state)
    }

    static func shownCode(_ screen: String) -> String? {
        screen.firstMatch(of: /[A-Z0-9]{4}-[A-Z0-9]{4}/).map { String($0.output) }
    }

    static func shownURI(_ screen: String) -> String? {
        screen.firstMatch(of: /https?:\/\/[^\s│]+/).map { String($0.output) }
    }

    /// Captures the screen, draws it, scans it; the scan must equal what the screen says in words.
    static func expectScannable(
        _ session: TmuxSession, width: Int, height: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = session.screen()
        let uri = try #require(shownURI(text), "no address on screen:\n\(text)", sourceLocation: sourceLocation)
        let code = try #require(shownCode(text), "no code on screen:\n\(text)", sourceLocation: sourceLocation)
        let scanned = try QRScan.scan(screenWithEscapes: session.screenWithEscapes(), width: width, height: height)
        #expect(scanned.status == 0, "zbarimg found no code in the picture of:\n\(text)\n\(scanned)", sourceLocation: sourceLocation)
        #expect(
            scanned.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(uri)?user_code=\(code)",
            "the QR code holds something else than the screen says:\n\(text)", sourceLocation: sourceLocation)
    }
}
