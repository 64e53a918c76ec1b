import Foundation
import Testing

/// The hostile client (`reelshop-ssh-attack`, Tests/SSHAttack) and the process measurements the
/// attack tests need. Every process started here is stopped by pid.
enum SSHAttack {
    /// The attack client built next to the reelshop binary (swift build --build-tests builds both).
    static var binary: String? {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["REELSHOP_SSH_ATTACK_BIN"], !override.isEmpty {
            candidates.append(override)
        }
        candidates.append(URL(fileURLWithPath: SSHE2E.reelshopBinary).deletingLastPathComponent().appendingPathComponent("reelshop-ssh-attack").path)
        candidates.append(SSHE2E.packageRoot.appendingPathComponent(".build/debug/reelshop-ssh-attack").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Resident memory of a process in MiB (VmRSS), or nil once it is gone.
    static func rssMiB(_ pid: pid_t) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kib / 1024
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return false
        }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// The terminal size (columns, rows) a process has on its standard input.
    static func terminalSize(of pid: pid_t) -> (columns: Int, rows: Int)? {
        let fd = open("/proc/\(pid)/fd/0", O_RDONLY | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}

/// One run of the hostile client; its event lines land in a file the test polls.
final class AttackProcess {
    let process: ChildProcess
    let outputFile: String

    init(_ arguments: [String], in directory: URL, name: String) throws {
        guard let binary = SSHAttack.binary else {
            throw E2EError("reelshop-ssh-attack is not built (swift build --build-tests builds it next to reelshop)")
        }
        outputFile = directory.appendingPathComponent("\(name).out").path
        process = try ChildProcess(
            binary, arguments, stdoutPath: outputFile, stderrPath: directory.appendingPathComponent("\(name).err").path)
    }

    var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }
    var lines: [String] { output.split(separator: "\n").map(String.init) }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 45) -> Bool {
        SSHE2E.waitUntil(timeout: timeout) { output.contains(text) }
    }

    /// The last "sent B received R" report.
    var sent: Int {
        lines.last { $0.hasPrefix("sent ") }.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
    }

    func stop() { process.stop(grace: 5) }
}

/// What a PTYProgram's reader thread collected: the latest output and whether it has ended.
final class OutputTail: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var ended = false

    func append(_ chunk: ArraySlice<UInt8>) {
        lock.lock()
        bytes += chunk
        if bytes.count > 262_144 { bytes.removeFirst(bytes.count - 131_072) }
        lock.unlock()
    }

    func end() {
        lock.lock()
        ended = true
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }

    var hasEnded: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }
}

/// A program on a pseudo-terminal this test owns, so the test can give it any window size (the
/// real `ssh` reads it with TIOCGWINSZ and sends it on SIGWINCH). Output is kept as a tail.
final class PTYProgram {
    let pid: pid_t
    private let master: Int32
    private let tail = OutputTail()
    /// While set, nothing reads the program's output: a terminal that stopped reading.
    private let reading = ReadingSwitch()

    init(_ command: [String], columns: Int = 80, rows: Int = 24, environment: [String: String]? = nil) throws {
        // /dev/ptmx by hand (posix_openpt and friends are not imported): unlock the slave
        // (TIOCSPTLCK) and ask its number (TIOCGPTN).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
            throw E2EError("no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        self.master = master
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 {
            posix_spawn_file_actions_addopen(&actions, fd, slavePath, O_RDWR, 0)
        }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // The test's threads may block signals (SIGWINCH among them); the program must get them.
        posix_spawnattr_setsigmask(&attributes, &empty)
        // POSIX_SPAWN_SETSID (0x80): a session of its own.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) | 0x80)
        let argv = command.map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw E2EError("cannot start \(command[0]): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        let tail = self.tail
        let reading = self.reading
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                while reading.paused { usleep(10_000) }
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { break }
                tail.append(buffer[0..<n])
            }
            tail.end()
        }
        thread.start()
    }

    /// The latest output, as text.
    var recentOutput: String { tail.text }

    /// Stops (or starts again) reading what the program writes, as a frozen terminal would:
    /// once the pseudo-terminal's buffer is full, the program's writes block.
    func pauseReading(_ paused: Bool = true) { reading.paused = paused }

    /// Whether one of the program's threads is in a write(2) or writev(2) to its terminal
    /// (descriptors 0-2) now, and again a moment later: blocked there (Linux, /proc/…/syscall).
    var isBlockedWritingToTheTerminal: Bool {
        func writing() -> Set<String> {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            return Set(
                tasks.filter { task in
                    let call = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/syscall", encoding: .utf8)) ?? "").split(separator: " ")
                    return call.count > 1 && ["1", "20"].contains(call[0]) && ["0x0", "0x1", "0x2"].contains(call[1])
                })
        }
        let first = writing()
        guard !first.isEmpty else { return false }
        usleep(200_000)
        return !first.isDisjoint(with: writing())
    }

    /// Sets the window size and tells the program, as a terminal emulator does.
    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        kill(pid, SIGWINCH)
    }

    /// Types `bytes` at the program, as far as the terminal takes them now (never blocks);
    /// returns how many it took.
    @discardableResult
    func type(_ bytes: [UInt8]) -> Int {
        var pollEntry = pollfd(fd: master, events: Int16(POLLOUT), revents: 0)
        guard poll(&pollEntry, 1, 0) > 0 else { return 0 }
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(master, F_SETFL, flags) }
        return bytes.withUnsafeBytes { max(0, write(master, $0.baseAddress, $0.count)) }
    }

    /// Waits for the program to end; its wait status, or nil if it still runs after `timeout`.
    func waitForExit(timeout: Double) -> Int32? {
        var status: Int32 = 0
        return SSHE2E.waitUntil(timeout: timeout, { waitpid(pid, &status, WNOHANG) == pid }) ? status : nil
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        if !SSHE2E.waitUntil(timeout: 10, { waitpid(pid, &status, WNOHANG) == pid }) {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        // The reader ends when the terminal's last other end closes; only then is master closed.
        if SSHE2E.waitUntil(timeout: 10, { tail.hasEnded }) { close(master) }
    }
}

/// A flag the reader thread of a `PTYProgram` checks before each read.
final class ReadingSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var paused: Bool {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
