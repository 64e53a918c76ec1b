import Foundation
import Testing

/// Helpers for the SSH end-to-end tests: the real `reelshop serve`, real OpenSSH clients and
/// sshd, tmux as the visitor's terminal. Everything started here is stopped by pid.
enum SSHE2E {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var reelshopBinary: String {
        if let fromEnv = ProcessInfo.processInfo.environment["REELSHOP_BIN"], !fromEnv.isEmpty { return fromEnv }
        return packageRoot.appendingPathComponent(".build/debug/reelshop").path
    }

    static func tool(_ name: String) -> String? {
        ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"]
            .map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Nil when everything needed is here, else the reason to print when skipping.
    static func missingPrerequisite(also extra: [String] = []) -> String? {
        for name in ["ssh", "ssh-keygen", "tmux"] + extra where tool(name) == nil {
            return "\(name) is not installed (make deps installs openssh-client, openssh-server and tmux)"
        }
        if !FileManager.default.isExecutableFile(atPath: reelshopBinary) {
            return "no reelshop binary at \(reelshopBinary) (run swift build, or set REELSHOP_BIN)"
        }
        return nil
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = URL(fileURLWithPath: "/tmp").appendingPathComponent("reelshop-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        chmod(url.path, 0o755)
        return url
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
    static func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// A free loopback TCP port (bound to 0, read back, released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:port.
    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    /// A TCP socket connected to 127.0.0.1:port (the caller closes it), or nil.
    static func connectLoopback(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Connects to 127.0.0.1:port and returns what arrives within `timeout` seconds, or nil
    /// when the connection could not be made. An empty result means the peer closed.
    static func connectAndRead(port: Int, timeout: Double) -> [UInt8]? {
        guard let fd = connectLoopback(port: port) else { return nil }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(fd, &buffer, buffer.count)
        return n > 0 ? Array(buffer[0..<n]) : []
    }

    /// Connects to 127.0.0.1:port, sends `bytes`, and returns everything that arrives until the
    /// peer closes or `timeout` seconds pass (nil when the connection could not be made).
    static func exchange(port: Int, sending bytes: [UInt8], timeout: Double) -> [UInt8]? {
        guard let fd = connectLoopback(port: port) else { return nil }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return received
    }

    /// The SHA256 fingerprint `ssh-keygen -lf` prints for a key file.
    static func fingerprint(ofKey path: String) throws -> String {
        let result = try run(tool("ssh-keygen")!, ["-lf", path], timeout: 20)
        let fields = result.stdout.split(separator: " ")
        guard fields.count >= 2, fields[1].hasPrefix("SHA256:") else {
            throw E2EError("ssh-keygen -lf \(path) printed: \(result.stdout) \(result.stderr)")
        }
        return String(fields[1])
    }

    /// The state directory name for a fingerprint, as documented in docs/SSH.md.
    static func visitorDirectoryName(_ fingerprint: String) -> String {
        "sha256-"
            + fingerprint.dropFirst("SHA256:".count)
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    static func makeKey(in directory: URL, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let result = try run(tool("ssh-keygen")!, ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], timeout: 20)
        guard result.status == 0 else { throw E2EError("ssh-keygen failed: \(result.stderr)") }
        return path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program with stdin from /dev/null, killing it after `timeout` seconds. Output goes
    /// through temporary files, so a daemon it leaves behind (tmux) cannot hold the test up.
    static func run(
        _ executable: String, _ arguments: [String], timeout: Double, environment: [String: String]? = nil,
        captureOutput: Bool = true
    ) throws -> Result {
        let base = "/tmp/reelshop-e2e-out-\(UUID().uuidString.prefix(12))"
        let outPath = captureOutput ? base + ".out" : "/dev/null"
        let errPath = captureOutput ? base + ".err" : "/dev/null"
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let child = try ChildProcess(
            executable, arguments, environment: environment, stdoutPath: outPath, stderrPath: errPath)
        if !child.wait(timeout: timeout) {
            child.signal(SIGKILL)
            _ = child.wait(timeout: 10)
        }
        let stdout = captureOutput ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
        let stderr = captureOutput ? ((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "") : ""
        return Result(status: child.status ?? -1, stdout: stdout, stderr: stderr)
    }

    /// Pids whose parent is `pid`, with their state letter (Z = zombie).
    static func children(of pid: pid_t) -> [(pid: pid_t, state: Character)] {
        processes().filter { $0.ppid == pid }.map { ($0.pid, $0.state) }
    }

    /// The server's zygote (issue 15): its child running `reelshop __serve-zygote`.
    static func zygotes(of server: pid_t) -> [pid_t] {
        processes().filter { $0.ppid == server && $0.cmdline.contains("__serve-zygote") && $0.state != "Z" }.map(\.pid)
    }

    /// The storefronts a server runs: those its zygote forked and those it started directly
    /// (its other children), with their state letter.
    static func storefronts(of server: pid_t) -> [(pid: pid_t, state: Character)] {
        let all = processes()
        let zygotes = Set(all.filter { $0.ppid == server && $0.cmdline.contains("__serve-zygote") }.map(\.pid))
        return all.filter { ($0.ppid == server && !zygotes.contains($0.pid)) || zygotes.contains($0.ppid) }.map { ($0.pid, $0.state) }
    }

    /// Every process: pid, parent, state, uid and command line.
    static func processes() -> [(pid: pid_t, ppid: pid_t, state: Character, uid: uid_t, cmdline: String)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [(pid: pid_t, ppid: pid_t, state: Character, uid: uid_t, cmdline: String)] = []
        for entry in entries {
            guard let pid = pid_t(entry),
                let statText = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = statText.lastIndex(of: ")")
            else { continue }
            let fields = statText[statText.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let state = fields[0].first, let ppid = pid_t(fields[1]) else { continue }
            var info = stat()
            let uid = lstat("/proc/\(pid)", &info) == 0 ? info.st_uid : 0
            let cmdline =
                (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
                    String(decoding: $0.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
                }) ?? ""
            found.append((pid, ppid, state, uid, cmdline))
        }
        return found
    }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A child started with posix_spawn and reaped with waitpid on its own pid (Foundation's
/// Process can miss SIGCHLD when many run at once, leaving waitUntilExit stuck on a zombie).
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        stdinPath: String = "/dev/null", stdoutPath: String = "/dev/null", stderrPath: String = "/dev/null"
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let env = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw E2EError("cannot start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// The exit status (128 + n when killed by signal n), once reaped.
    var status: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus == nil {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                let signal = raw & 0x7f
                exitStatus = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            }
        }
        return exitStatus
    }

    var isRunning: Bool { status == nil }

    /// Waits (polling) up to `timeout` seconds; true once the child has exited and been reaped.
    func wait(timeout: Double) -> Bool { SSHE2E.waitUntil(timeout: timeout) { !isRunning } }

    func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; always reaps.
    func stop(grace: Double = 10) {
        signal(SIGTERM)
        if !wait(timeout: grace) {
            signal(SIGKILL)
            _ = wait(timeout: 10)
        }
    }
}

/// `reelshop serve` on a free loopback port, with its own data directory and logs.
final class ServeProcess {
    let process: ChildProcess
    let dataDirectory: URL
    let logFile: URL
    let stdoutFile: URL
    private(set) var port = 0
    private(set) var fingerprint = ""

    init(directory: URL, arguments: [String], dataDirectory: URL? = nil) throws {
        self.dataDirectory = dataDirectory ?? directory.appendingPathComponent("data")
        logFile = directory.appendingPathComponent("serve.log")
        stdoutFile = directory.appendingPathComponent("serve.out")
        process = try ChildProcess(
            SSHE2E.reelshopBinary,
            ["serve", "--listen", "127.0.0.1:0", "--data-dir", self.dataDirectory.path, "--skip-intro"] + arguments,
            stdoutPath: stdoutFile.path, stderrPath: logFile.path)
        let stdoutFile = self.stdoutFile
        func banner() -> String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
        let process = self.process
        let ready = SSHE2E.waitUntil(timeout: 60) { banner().contains("Host key fingerprint:") || !process.isRunning }
        let text = banner()
        guard ready, process.isRunning,
            let match = text.firstMatch(of: /serving on 127\.0\.0\.1:(\d+)/), let port = Int(match.1),
            let key = text.firstMatch(of: /fingerprint: (SHA256:\S+)/)
        else {
            process.stop()
            throw E2EError("reelshop serve did not start: \(text) \(log)")
        }
        self.port = port
        self.fingerprint = String(key.1)
    }

    var pid: pid_t { process.pid }
    /// What the server printed on stdout (its banner).
    var banner: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// ssh options for this server: its port, a throwaway known_hosts, no agent, no config.
    func sshOptions(knownHosts: String, logLevel: String = "ERROR") -> [String] {
        [
            "-F", "/dev/null", "-p", "\(port)", "-o", "UserKnownHostsFile=\(knownHosts)",
            "-o", "StrictHostKeyChecking=accept-new", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
            "-o", "ConnectTimeout=20", "-o", "LogLevel=\(logLevel)",
        ]
    }

    /// SIGTERM, then SIGKILL if it has not exited within `timeout` seconds.
    func stop(timeout: Double = 20) { process.stop(grace: timeout) }
}

/// A tmux server of its own running one command in an 80x24 (or given) window; the command is
/// followed by `[exit N]` so the test can read how it ended.
final class TmuxTerminal {
    let socketName = "reelshop-e2e-\(UUID().uuidString.prefix(8))"
    let tmux: String

    init(command: [String], width: Int = 80, height: Int = 24) throws {
        tmux = SSHE2E.tool("tmux")!
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let shell = "\(quoted); echo \"[exit $?]\"; sleep 600"
        let result = try SSHE2E.run(
            tmux, ["-L", socketName, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)", shell],
            timeout: 20, captureOutput: false)
        guard result.status == 0 else { throw E2EError("tmux new-session failed with status \(result.status)") }
    }

    func screen() -> String {
        (try? SSHE2E.run(tmux, ["-L", socketName, "capture-pane", "-p", "-t", "t"], timeout: 10).stdout) ?? ""
    }

    /// The screen with its colours as escape sequences (for a picture of it, e.g. a QR code).
    func screenWithEscapes() -> String {
        (try? SSHE2E.run(tmux, ["-L", socketName, "capture-pane", "-p", "-e", "-t", "t"], timeout: 10).stdout) ?? ""
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 45) -> Bool {
        SSHE2E.waitUntil(timeout: timeout) { screen().contains(text) }
    }

    func waitUntil(timeout: Double = 45, _ condition: (String) -> Bool) -> Bool {
        SSHE2E.waitUntil(timeout: timeout) { condition(screen()) }
    }

    func send(_ keys: String) {
        _ = try? SSHE2E.run(tmux, ["-L", socketName, "send-keys", "-t", "t", "-l", keys], timeout: 10)
    }

    func resize(width: Int, height: Int) {
        _ = try? SSHE2E.run(
            tmux, ["-L", socketName, "resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"], timeout: 10)
    }

    /// Kills the tmux server (and with it the ssh client it ran).
    func close() {
        _ = try? SSHE2E.run(tmux, ["-L", socketName, "kill-server"], timeout: 10)
    }
}
