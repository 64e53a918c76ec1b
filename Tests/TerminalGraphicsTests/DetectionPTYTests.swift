import Foundation
import ShopMedia
import Testing
@testable import TerminalGraphics

/// A pretend terminal on the master side of a real pseudo-terminal: it reads what the
/// detector writes and answers the way a kind of terminal does.
final class Responder: @unchecked Sendable {
    enum Kind: Sendable { case kitty, sixel, tmuxWithPassthrough, tmuxWithoutPassthrough, silent }

    let master: Int32
    let slave: Int32
    private let kind: Kind
    private let lock = NSLock()
    private var stopped = false
    private var received: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ kind: Kind) throws {
        var m: Int32 = 0, s: Int32 = 0
        guard openpty(&m, &s, nil, nil, nil) == 0 else { throw POSIXError(.ENOTTY) }
        master = m; slave = s; self.kind = kind
        let thread = Thread { [self] in run() }
        thread.start()
    }

    var bytesReceived: [UInt8] { lock.withLock { received } }

    func stop() {
        lock.withLock { stopped = true }
        done.wait()
        close(master); close(slave)
    }

    private func run() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !lock.withLock({ stopped }) {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 10) == 1 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard n > 0 else { continue }
            buffer += chunk[0..<n]
            lock.withLock { received += chunk[0..<n] }
            while let (query, rest) = Self.nextQuery(buffer) {
                buffer = rest
                reply(to: query)
            }
        }
        done.signal()
    }

    enum Query { case kitty, version, cellSize, background, da1, wrapped([UInt8]) }

    /// The first complete query in `b`, and what follows it.
    static func nextQuery(_ b: [UInt8]) -> (Query, [UInt8])? {
        let plain: [(String, Query)] = [
            (String(decoding: GraphicsQuery.kitty, as: UTF8.self), .kitty),
            ("\u{1B}[>q", .version), ("\u{1B}[16t", .cellSize), ("\u{1B}]11;?\u{1B}\\", .background), ("\u{1B}[c", .da1),
        ]
        let wrapStart = Array("\u{1B}Ptmux;".utf8)
        var i = 0
        while i < b.count {
            if b[i...].starts(with: wrapStart) {
                var j = i + wrapStart.count, inner: [UInt8] = []
                while j + 1 < b.count {
                    if b[j] == 0x1B && b[j + 1] == 0x1B { inner.append(0x1B); j += 2; continue }
                    if b[j] == 0x1B && b[j + 1] == 0x5C { return (.wrapped(inner), Array(b[(j + 2)...])) }
                    inner.append(b[j]); j += 1
                }
                return nil
            }
            for (text, q) in plain where b[i...].starts(with: Array(text.utf8)) {
                return (q, Array(b[(i + text.utf8.count)...]))
            }
            i += 1
        }
        return nil
    }

    private func send(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    private func reply(to query: Query) {
        switch (kind, query) {
        case (.silent, _): return
        case (.kitty, .kitty): send("\u{1B}_Gi=31;OK\u{1B}\\")
        case (.kitty, .version): send("\u{1B}P>|kitty(0.26.5)\u{1B}\\")
        case (.kitty, .cellSize): send("\u{1B}[6;20;10t")
        case (.kitty, .background): send("\u{1B}]11;rgb:0000/0000/0000\u{1B}\\")
        case (.kitty, .da1): send("\u{1B}[?62;c")
        case (.sixel, .background): send("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}")
        case (.sixel, .version): send("\u{1B}P>|XTerm(379)\u{1B}\\")
        case (.sixel, .cellSize): send("\u{1B}[6;13;6t")
        case (.sixel, .da1): send("\u{1B}[?63;1;2;4;6;9;15;16;22;28c")
        case (.tmuxWithPassthrough, .wrapped(let inner)), (.tmuxWithoutPassthrough, .wrapped(let inner)):
            // The outer terminal is kitty; tmux hands it the query only with passthrough on.
            guard kind == .tmuxWithPassthrough else { return }
            // The round trip to the outer terminal: slower than tmux's own answers.
            Thread.sleep(forTimeInterval: 0.01)
            if inner == GraphicsQuery.kitty { send("\u{1B}_Gi=31;OK\u{1B}\\") }
            if inner == GraphicsQuery.xtversion { send("\u{1B}P>|kitty(0.26.5)\u{1B}\\") }
            if inner == GraphicsQuery.background { send("\u{1B}]11;rgb:fdfd/f6f6/e3e3\u{1B}\\") }
            if inner == GraphicsQuery.deviceAttributes { send("\u{1B}[?62;c") }
        case (.tmuxWithPassthrough, .version), (.tmuxWithoutPassthrough, .version): send("\u{1B}P>|tmux 3.3a\u{1B}\\")
        case (.tmuxWithPassthrough, .da1), (.tmuxWithoutPassthrough, .da1): send("\u{1B}[?1;2c")
        default: return
        }
    }
}

@Suite("detection on a real pseudo-terminal", .serialized)
struct DetectionPTYTests {
    func detect(_ kind: Responder.Kind, term: String = "xterm-256color") throws -> (GraphicsDetection, [UInt8]) {
        let responder = try Responder(kind)
        let result = GraphicsDetector.detect(input: responder.slave, output: responder.slave, term: term)
        // Let the responder read whatever was written last before it stops.
        Thread.sleep(forTimeInterval: 0.02)
        let sent = responder.bytesReceived
        responder.stop()
        return (result, sent)
    }

    @Test func kittyIsKitty() throws {
        let (d, sent) = try detect(.kitty)
        #expect(d.mode == .kitty && !d.insideTmux && !d.passthrough)
        #expect(d.cellPixels == CellPixels(width: 10, height: 20))
        // The batch as specified, DA1 last.
        let text = String(decoding: sent, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\") && text.hasSuffix("\u{1B}[c"))
        #expect(text.contains("\u{1B}[>q"))
        #expect(text.contains("\u{1B}]11;?\u{1B}\\"), "the background colour is asked")
        #expect(d.background == RGB(0, 0, 0))
    }

    /// What was typed before the queries (drained, so it cannot pass for a reply) and between
    /// the replies comes back, in order, for the storefront to read first.
    @Test func keysTypedAheadAndMeanwhileAreHandedOn() throws {
        let responder = try Responder(.kitty)
        defer { responder.stop() }
        _ = Array("jj".utf8).withUnsafeBytes { write(responder.master, $0.baseAddress, $0.count) }
        Thread.sleep(forTimeInterval: 0.05)
        let d = GraphicsDetector.detect(input: responder.slave, output: responder.slave, term: "xterm-256color")
        #expect(d.mode == .kitty)
        #expect(String(decoding: d.typedAhead, as: UTF8.self) == "jj", "\(d.typedAhead)")
    }

    @Test func aSixelTerminalIsSixel() throws {
        let (d, _) = try detect(.sixel)
        #expect(d.mode == .sixel)
        #expect(d.direct.version == "XTerm(379)")
        #expect(d.cellPixels == CellPixels(width: 6, height: 13))
        #expect(d.background == RGB(255, 255, 255), "xterm's default: black on white")
        #expect(d.answers.contains("background: #ffffff"))
    }

    @Test func tmuxWithPassthroughForwardsToKitty() throws {
        let (d, sent) = try detect(.tmuxWithPassthrough, term: "tmux-256color")
        #expect(d.mode == .kitty && d.insideTmux && d.passthrough)
        let text = String(decoding: sent, as: UTF8.self)
        #expect(text.contains("\u{1B}Ptmux;\u{1B}\u{1B}_Gi=31"))
        #expect(text.hasSuffix("\u{1B}Ptmux;\u{1B}\u{1B}[c\u{1B}\\"), "the second batch ends with a wrapped DA1")
        #expect(d.throughTmux?.version == "kitty(0.26.5)")
        #expect(d.background == RGB(0xFD, 0xF6, 0xE3), "the outer terminal's background, through passthrough")
    }

    @Test func tmuxIsRecognisedByItsVersionToo() throws {
        // TERM says nothing (a user set xterm-256color inside tmux): XTVERSION tells.
        let (d, _) = try detect(.tmuxWithPassthrough, term: "xterm-256color")
        #expect(d.mode == .kitty && d.insideTmux)
    }

    @Test func tmuxWithoutPassthroughIsCells() throws {
        let (d, _) = try detect(.tmuxWithoutPassthrough, term: "screen-256color")
        #expect(d.mode == .cells && d.insideTmux && !d.passthrough)
        #expect(d.background == nil, "nothing came through, and this tmux did not say")
    }

    @Test func aTerminalThatAnswersNothingGetsCells() throws {
        let (d, _) = try detect(.silent)
        #expect(d.mode == .cells)
        #expect(!d.direct.anything)
        #expect(d.answers == ["nothing answered within the budget"])
    }

    @Test func theTerminalSettingsAreRestored() throws {
        let responder = try Responder(.kitty)
        defer { responder.stop() }
        var before = termios()
        tcgetattr(responder.slave, &before)
        _ = GraphicsDetector.detect(input: responder.slave, output: responder.slave, term: "xterm")
        var after = termios()
        tcgetattr(responder.slave, &after)
        #expect(before.c_lflag == after.c_lflag)
        #expect(after.c_lflag & tcflag_t(ICANON) != 0, "a fresh pty is canonical, and stays so")
    }

    @Test func descriptorsThatAreNoTerminalGiveCells() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let d = GraphicsDetector.detect(input: fds[0], output: fds[1], term: "xterm", budget: .milliseconds(50))
        #expect(d.mode == .cells)
    }
}

extension DetectionPTYTests {
    @Test func theLinuxConsoleIsNotAsked() throws {
        let (d, sent) = try detect(.kitty, term: "linux")
        #expect(d.mode == .cells && sent.isEmpty, "no query printed as text on the console")
    }
}
