import Foundation
import ShopMedia

/// What detection found, and why.
public struct GraphicsDetection: Equatable, Sendable {
    public var mode: GraphicsMode
    /// True when the queries went through tmux (TERM says so, or tmux answered XTVERSION).
    public var insideTmux: Bool
    /// True when pictures must be wrapped in tmux passthrough to reach the terminal.
    public var passthrough: Bool
    /// The direct replies (first round) and, inside tmux, the replies through passthrough.
    public var direct: GraphicsReplies
    public var throughTmux: GraphicsReplies?
    /// What was pending on the terminal before the queries (typed ahead, drained so it cannot pass
    /// for a reply), then every byte that was no reply: keys typed while detection ran. The
    /// storefront reads them first, through its input filter (which drops any stray reply).
    public var typedAhead: [UInt8] = []

    /// The cell size in pixels, if a reply gave it.
    public var cellPixels: CellPixels? { throughTmux?.cellPixels ?? direct.cellPixels }

    /// The terminal's background colour, if it answered: inside tmux the outer terminal's own
    /// answer through passthrough, else tmux's (the outer colour as tmux knows it, when it does).
    public var background: RGB? { throughTmux?.background ?? direct.background }

    /// Wraps `bytes` for the way to the terminal: passthrough inside tmux, as is elsewhere.
    public func outgoing(_ sequences: [[UInt8]]) -> [UInt8] {
        passthrough ? TmuxPassthrough.wrap(sequences: sequences) : sequences.flatMap { $0 }
    }

    /// One line per reply, for `reelshop media detect`.
    public var answers: [String] {
        func lines(_ r: GraphicsReplies, _ via: String) -> [String] {
            var out: [String] = []
            if let k = r.kitty { out.append("kitty graphics query\(via): \(k)") }
            if let v = r.version { out.append("XTVERSION\(via): \(v)") }
            if let d = r.deviceAttributes { out.append("DA1\(via): \(d.map(String.init).joined(separator: ";"))\(d.contains(4) ? " (4 = sixel)" : "")") }
            if let c = r.cellPixels { out.append("cell size\(via): \(c) pixels") }
            if let b = r.background { out.append("background\(via): \(b)") }
            return out
        }
        let all = lines(direct, "") + (throughTmux.map { lines($0, " (through tmux passthrough)") } ?? [])
        return all.isEmpty ? ["nothing answered within the budget"] : all
    }

    /// The decision from the replies (pure: the unit tests feed it byte strings).
    ///
    /// kitty's OK wins (WezTerm also answers it), then iTerm2 / WezTerm by name, then sixel by
    /// DA1 attribute 4, else cells. Inside tmux only answers that came through passthrough count
    /// for kitty and iTerm2; tmux's own DA1 counts for sixel (tmux 3.4 built with sixel draws
    /// sixel itself).
    public static func decide(direct: GraphicsReplies, throughTmux: GraphicsReplies?, insideTmux: Bool) -> GraphicsDetection {
        var d = GraphicsDetection(mode: .cells, insideTmux: insideTmux, passthrough: false, direct: direct, throughTmux: throughTmux)
        if insideTmux {
            let outer = throughTmux ?? GraphicsReplies()
            if outer.kittyOK {
                d.mode = .kitty; d.passthrough = true
            } else if outer.versionTakesITermImages && !outer.versionIsTmux {
                d.mode = .iterm; d.passthrough = true
            } else if direct.sixel {
                d.mode = .sixel
            }
            return d
        }
        if direct.kittyOK { d.mode = .kitty } else if direct.versionTakesITermImages { d.mode = .iterm } else if direct.sixel { d.mode = .sixel }
        return d
    }
}

/// In-band detection: one batch of queries written to the terminal and the replies read back
/// within a total budget, so it works wherever the bytes reach the terminal (locally, over SSH
/// where only TERM arrives, under `reelshop serve`), never from environment variables.
public enum GraphicsDetector {
    /// The whole detection's budget: a terminal that answers nothing costs this, once.
    public static let defaultBudget: Duration = .milliseconds(250)

    /// Writes the batch to `output` and reads replies from `input` (both the terminal; put in
    /// raw mode for the duration when `input` is a terminal, then restored).
    ///
    /// The direct batch is the kitty query, XTVERSION, the cell-size query, the background
    /// colour (OSC 11) and DA1 last; DA1's
    /// reply ends the wait. Inside tmux (TERM starting with tmux or screen, or tmux answering
    /// XTVERSION) a second batch sends the same queries, DA1 last, each wrapped in passthrough,
    /// in what is left of the budget: only if the outer terminal answers through it are
    /// pictures sent that way.
    public static func detect(
        input: Int32, output: Int32, term: String?,
        budget: Duration = defaultBudget
    ) -> GraphicsDetection {
        // The Linux console shows no graphics and prints an APC it does not know as text.
        if term == "linux" {
            return GraphicsDetection.decide(direct: GraphicsReplies(), throughTmux: nil, insideTmux: false)
        }
        // A background job that touched its controlling terminal's modes would be stopped
        // (SIGTTOU). (For a terminal that is not the controlling one tcgetpgrp fails: go on.)
        let foreground = isatty(input) == 1 ? tcgetpgrp(input) : -1
        if foreground > 0, foreground != getpgrp() {
            return GraphicsDetection.decide(direct: GraphicsReplies(), throughTmux: nil, insideTmux: false)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + budget
        let restore = RawMode(fd: input)
        defer { restore?.restore() }
        let pending = drain(input)

        let first =
            GraphicsQuery.kitty + GraphicsQuery.xtversion + GraphicsQuery.cellSize + GraphicsQuery.background
            + GraphicsQuery.deviceAttributes
        let direct = exchange(first, input: input, output: output, until: deadline, clock: clock)
        let tmuxByTerm = term.map { $0.hasPrefix("tmux") || $0.hasPrefix("screen") } ?? false
        let insideTmux = tmuxByTerm || direct.versionIsTmux
        guard insideTmux else {
            var detection = GraphicsDetection.decide(direct: direct, throughTmux: nil, insideTmux: false)
            detection.typedAhead = pending + direct.other
            return detection
        }
        // DA1 wrapped too: the outer terminal answers in order, so its DA1 reply comes after
        // the others. (tmux answers an unwrapped DA1 at once, before the outer terminal's
        // replies have made the round trip: a real kitty inside tmux showed it.) Without
        // passthrough nothing comes back and the rest of the budget runs out: cells.
        let second =
            TmuxPassthrough.wrap(GraphicsQuery.kitty) + TmuxPassthrough.wrap(GraphicsQuery.xtversion)
            + TmuxPassthrough.wrap(GraphicsQuery.cellSize) + TmuxPassthrough.wrap(GraphicsQuery.background)
            + TmuxPassthrough.wrap(GraphicsQuery.deviceAttributes)
        let through = exchange(second, input: input, output: output, until: deadline, clock: clock)
        var detection = GraphicsDetection.decide(direct: direct, throughTmux: through, insideTmux: true)
        detection.typedAhead = pending + direct.other + through.other
        return detection
    }

    /// Writes `queries`, then reads until a DA1 reply is complete or `deadline` passes.
    static func exchange(
        _ queries: [UInt8], input: Int32, output: Int32, until deadline: ContinuousClock.Instant,
        clock: ContinuousClock
    ) -> GraphicsReplies {
        guard clock.now < deadline, writeAll(output, queries) else { return GraphicsReplies() }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let left = deadline - clock.now
            guard left > .zero else { break }
            let ms = Int32(max(1, min(Int64(left.components.seconds) * 1000 + left.components.attoseconds / 1_000_000_000_000_000, 1000)))
            var pfd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, ms)
            if ready < 0 { if errno == EINTR { continue }; break }
            if ready == 0 { continue }
            let got = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if got < 0 { if errno == EINTR || errno == EAGAIN { continue }; break }
            if got == 0 { break }
            buffer += chunk[0..<got]
            // Bounded: a terminal (or a peer) that floods is not listened to forever.
            if buffer.count > 64 << 10 { break }
            if GraphicsReplies.parse(buffer).deviceAttributes != nil { break }
        }
        return GraphicsReplies.parse(buffer)
    }

    /// Reads whatever is pending without waiting (stale input must not pass for replies), and
    /// returns it: keys typed ahead, at most 16 KiB of them.
    @discardableResult
    static func drain(_ fd: Int32) -> [UInt8] {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var sink = [UInt8](repeating: 0, count: 256)
        var kept: [UInt8] = []
        var rounds = 0
        while rounds < 64, poll(&pfd, 1, 0) == 1, pfd.revents & Int16(POLLIN) != 0 {
            let got = sink.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got <= 0 { break }
            kept += sink[0..<got]
            rounds += 1
        }
        return kept
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return false }
            offset += n
        }
        return true
    }

    /// The terminal's cell size from TIOCGWINSZ, when it fills in the pixel fields.
    public static func windowCellPixels(fd: Int32) -> CellPixels? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 else { return nil }
        return CellPixels(
            columns: Int(size.ws_col), rows: Int(size.ws_row),
            pixelWidth: Int(size.ws_xpixel), pixelHeight: Int(size.ws_ypixel))
    }
}

/// The terminal without line editing and echo, so replies arrive at once and never show.
struct RawMode {
    private let fd: Int32
    private var saved: termios

    init?(fd: Int32) {
        guard isatty(fd) == 1 else { return nil }
        var t = termios()
        guard tcgetattr(fd, &t) == 0 else { return nil }
        self.fd = fd
        self.saved = t
        var raw = t
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        // VMIN/VTIME 0: read returns what is there; poll does the waiting.
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
    }

    func restore() {
        var t = saved
        _ = tcsetattr(fd, TCSANOW, &t)
    }
}

/// Which cell size pictures are drawn with.
public enum CellPixelsChoice {
    /// The cell size and where it came from ("CSI 16 t", "TIOCGWINSZ", "fallback"): the
    /// terminal's own answer to `CSI 16 t` (through tmux passthrough when detection went that
    /// way) first, then the window size's pixel fields, then 10x20.
    ///
    /// The answer wins because the window size is not always the terminal's: inside tmux the
    /// pane's TIOCGWINSZ is tmux's idea of the cell (16x32, its default when it does not know),
    /// so a 9x19 kitty outside got pictures fitted for a 1:2 cell, 5 % too narrow.
    public static func choose(window: CellPixels?, replied: CellPixels?) -> (pixels: CellPixels, source: String) {
        if let replied { return (replied, "CSI 16 t") }
        if let window { return (window, "TIOCGWINSZ") }
        return (.fallback, "fallback")
    }
}
