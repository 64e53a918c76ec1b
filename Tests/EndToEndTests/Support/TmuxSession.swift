import Foundation
import Testing

/// A program running on a real pseudo-terminal inside its own tmux server, driven by keys and
/// read back with capture-pane: how a user meets the storefront.
final class TmuxSession {
    let socket: String
    let name = "reelshop"
    /// Where the shell around the program writes its exit status.
    private let statusFile: URL
    private(set) var closed = false

    /// Starts `command` (a shell command line) in a new detached session of `width`x`height`.
    /// After the program exits, the shell records its status and keeps the pane (and its last
    /// screen) until the session is closed.
    init(_ command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        let id = "\(getpid())-\(UUID().uuidString.prefix(8))"
        socket = "reelshop-e2e-\(id)"
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-e2e-status-\(id)")
        // The first-run interest picker would take the first keys; tests that want it set 0.
        let environment = ["REELSHOP_SKIP_INTRO": "1"].merging(environment) { _, given in given }
        let exports = environment.sorted { $0.key < $1.key }
            .map { "export \($0.key)=\(shellQuote($0.value));" }.joined(separator: " ")
        let script = "\(exports) \(command); echo $? > \(shellQuote(statusFile.path)); exec sleep 3600"
        try tmux([
            "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
            "bash --norc --noprofile -c \(shellQuote(script))", ";", "set-option", "-t", name, "window-size", "manual",
        ])
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: statusFile)
    }

    /// Sends tmux key names, e.g. "j", "Enter", "Escape", "C-c".
    ///
    /// A key follows an Escape no sooner than a person's would (150 ms): Escape and a key read
    /// together are Alt and that key, which the storefront ignores (issue 11).
    func send(_ keys: String...) throws {
        for key in keys {
            if let escapeAt = lastEscape {
                let since = Date().timeIntervalSince(escapeAt)
                if since < 0.15 { usleep(useconds_t((0.15 - since) * 1_000_000)) }
            }
            try tmux(["send-keys", "-t", name, key])
            lastEscape = key == "Escape" ? Date() : nil
        }
    }

    /// Leaves the screens open with `escapes` Escapes, waits for the feed's key help, then
    /// quits with `q`. The wait matters: a storefront busy when an Escape comes (a loaded CI
    /// machine, 2026-12-07) reads it together with a `q` sent 150 ms later, and Escape-q read
    /// together is Alt-q, which does nothing (issue 11).
    func quitFromOpenScreens(escapes: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for _ in 0..<escapes { try send("Escape") }
        waitFor("q quit", sourceLocation: sourceLocation)
        try send("q")
    }

    /// When the last key sent was Escape (see `send`).
    private var lastEscape: Date?

    /// Sends raw bytes, as a terminal would pass them on (escape sequences, invalid UTF-8).
    func sendBytes(_ bytes: [UInt8]) throws {
        try tmux(["send-keys", "-t", name, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// Clicks the cell at (column, row), 0-based, as a terminal with SGR (1006) mouse reporting
    /// sends it: `ESC [ < 0 ; x ; y M`, then the release `… m`, with 1-based x and y.
    func click(column: Int, row: Int) throws {
        for final in ["M", "m"] { try sendBytes(Array("\u{1B}[<0;\(column + 1);\(row + 1)\(final)".utf8)) }
    }

    /// Where `text` first appears on the screen, in terminal cells (0-based), or nil.
    func cell(of text: String) -> (column: Int, row: Int)? {
        for (row, line) in screen().components(separatedBy: "\n").enumerated() {
            guard let range = line.range(of: text) else { continue }
            return (displayWidth(line[..<range.lowerBound]), row)
        }
        return nil
    }

    /// Sends text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The screen as text.
    func screen() -> String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    /// The screen with its escape sequences (colours, attributes).
    func screenWithEscapes() -> String { (try? tmux(["capture-pane", "-p", "-e", "-t", name])) ?? "" }

    /// Waits until the screen contains `text`; fails the test with the screen if it never does.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        waitUntil(timeout: timeout, "the screen to show \"\(text)\"", sourceLocation: sourceLocation) { $0.contains(text) }
    }

    @discardableResult
    func waitUntil(
        timeout: TimeInterval = 20, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (String) -> Bool
    ) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen()
            if condition(last) { return true }
            usleep(50_000)
        }
        Issue.record("Timed out waiting for \(what). The screen was:\n\(last)", sourceLocation: sourceLocation)
        return false
    }

    /// The program's pid while it runs (the child of the pane's shell).
    var pid: pid_t? {
        guard let text = try? tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]),
            let shell = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return childProcesses(of: shell).first
    }

    /// Waits for the program to exit and returns its status (nil on timeout).
    func waitForExit(timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: statusFile, encoding: .utf8),
                let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return status
            }
            usleep(50_000)
        }
        Issue.record(
            "The program did not exit within \(Int(timeout)) s. The screen was:\n\(screen())",
            sourceLocation: sourceLocation)
        return nil
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        // Output goes through a file, not a pipe: the tmux server that new-session starts
        // inherits the client's descriptors and would hold a pipe open for ever. posix_spawn and
        // waitpid, not Foundation's Process, which can miss the exit of a client whose child
        // daemonized.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let argv = ["tmux", "-u", "-L", socket] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["TMUX"] = nil
        // `swift test` may run with NO_COLOR set; the program under test gets only what the
        // test gives it.
        environment["NO_COLOR"] = nil
        let status = spawnAndWait("/usr/bin/tmux", argv, environment: environment, stdoutPath: output.path)
        guard status == 0 else { throw TmuxFailure(arguments: arguments) }
        return String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
    }

    struct TmuxFailure: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "tmux \(arguments.joined(separator: " ")) failed" }
    }
}

/// Single-quotes a string for the shell.
func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// Runs a program to completion with stdin and stderr on /dev/null and stdout to a file;
/// returns its exit status (or -1 if it could not start).
func spawnAndWait(_ path: String, _ argv: [String], environment: [String: String], stdoutPath: String) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        cArgs.forEach { free($0) }
        cEnv.forEach { free($0) }
    }
    // The test runs on a thread that blocks signals; tmux (and the storefront under it) must
    // start with none blocked and default handlers, or it never sees SIGCHLD, SIGTERM, SIGWINCH.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGCHLD, SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, &attributes, cArgs, cEnv) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}

/// Terminal columns of `text`: two for emoji and East Asian wide characters, else one (enough
/// for the storefront's screens).
func displayWidth(_ text: Substring) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let value = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark || value == 0xFE0F || value == 0x200D { return width }
        let wide =
            (0x1F300...0x1FAFF).contains(value) || (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value) || (0xFF00...0xFF60).contains(value)
        return width + (wide ? 2 : 1)
    }
}
