import CSpawnPTY
import Foundation
import Logging

/// `reelshop serve`'s side of the zygote (issue 15, docs/SSH.md "Visitors start warm"): a helper
/// process that has loaded the catalog and decoded the first clips once, and forks one warm
/// storefront per visitor onto the PTY it is handed.
///
/// The server opens the PTY, sends the slave with the visitor's arguments and environment, and
/// gets the child's pid back; the zygote reaps its children and reports their exit status. The
/// server signals a child through a pidfd, so a signal can never reach a process that reused the
/// number. When the zygote is not ready (starting, restarting, dead), `launch` returns nil and the
/// caller starts the storefront directly (`reelshop_spawn_pty`), exactly as before. A zygote that
/// dies is restarted, with a growing pause when it keeps dying; its children keep running (they
/// are on their own terminals) and their end is seen through their pidfds.
public final class ZygoteClient: @unchecked Sendable {
    /// A storefront the zygote started.
    public struct Child: Sendable {
        public var pid: pid_t
        public var master: Int32
        /// -1 when the child had already gone before the pidfd could be opened.
        public var pidfd: Int32
    }

    private let executable: String
    private let arguments: [String]
    private let environment: [String: String]
    private let logger: Logger
    /// How long a launch waits for the zygote's answer before the zygote counts as hung.
    private let launchTimeout: Double
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var state = State()

    private struct State {
        var socket: Int32 = -1
        var zygotePid: pid_t = 0
        var generation = 0
        var ready = false
        var stopped = false
        var nextID: UInt64 = 1
        var answers: [UInt64: ZygoteWire.Reply] = [:]
        var waiting: Set<UInt64> = []
        var exits: [pid_t: Int32] = [:]
        /// Live children and the generation of the zygote that forked them.
        var children: [pid_t: Int] = [:]
        var restarts = 0
        var lastStart = Date.distantPast
    }

    /// - Parameters:
    ///   - arguments: the zygote's arguments after the executable (its hidden subcommand first).
    ///   - environment: its whole environment (nothing of the server's own leaks through).
    public init(
        executable: String, arguments: [String], environment: [String: String], logger: Logger, launchTimeout: Double = 3
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logger = logger
        self.launchTimeout = launchTimeout
    }

    /// Whether launches go to the zygote now.
    public var isReady: Bool { withState { $0.ready } }

    /// The running zygote's pid, 0 when there is none.
    public var pid: pid_t { withState { $0.zygotePid } }

    /// How many times the zygote was restarted after dying.
    public var restartCount: Int { withState { $0.restarts } }

    /// Starts the zygote (it becomes ready once loaded; until then launches fall back).
    public func start() {
        spawn()
    }

    /// Waits up to `timeout` seconds for the zygote to be ready.
    @discardableResult
    public func waitUntilReady(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if isReady { return true }
            usleep(10_000)
        }
        return isReady
    }

    /// Stops for good: closes the channel, so the zygote hangs up any child it still has and
    /// exits; waits up to `timeout` seconds for it, then kills it.
    public func stop(timeout: Double = 5) {
        let (socket, pid, wasReady) = withState { state -> (Int32, pid_t, Bool) in
            defer {
                state.stopped = true
                state.ready = false
                state.socket = -1
            }
            return (state.socket, state.zygotePid, state.ready)
        }
        if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
        guard pid > 0 else { return }
        // Still warming up, it has forked no one and reads no socket yet: nothing to wait for.
        if !wasReady { kill(pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(timeout)
        while withState({ $0.zygotePid }) == pid && Date() < deadline { usleep(10_000) }
        if withState({ $0.zygotePid }) == pid {
            logger.warning("the zygote did not exit; killing it", metadata: ["pid": "\(pid)"])
            kill(pid, SIGKILL)
            while withState({ $0.zygotePid }) == pid { usleep(10_000) }
        }
    }

    /// Starts a storefront for one visitor on a new PTY of `rows` x `columns`, or nil when the
    /// zygote cannot do it now (the caller then starts it directly).
    public func launch(arguments: [String], environment: [String: String], workingDirectory: String, rows: Int, columns: Int) -> Child? {
        let (socket, id, generation) = withState { state -> (Int32, UInt64, Int) in
            guard state.ready, state.socket >= 0 else { return (-1, 0, 0) }
            defer { state.nextID += 1 }
            state.waiting.insert(state.nextID)
            return (state.socket, state.nextID, state.generation)
        }
        guard socket >= 0 else { return nil }
        let request = ZygoteWire.Launch(id: id, arguments: arguments, environment: environment, workingDirectory: workingDirectory)
        guard let bytes = request.encoded() else {
            _ = withState { $0.waiting.remove(id) }
            logger.error("the zygote cannot take this launch (too long or not text)")
            return nil
        }
        var master: Int32 = -1
        var slave: Int32 = -1
        guard reelshop_open_pty(UInt16(clamping: rows), UInt16(clamping: columns), &master, &slave) == 0 else {
            _ = withState { $0.waiting.remove(id) }
            return nil
        }
        let sent = bytes.withUnsafeBytes { reelshop_send_message(socket, $0.baseAddress, UInt($0.count), slave) }
        close(slave)
        guard sent == bytes.count else {
            _ = withState { $0.waiting.remove(id) }
            close(master)
            return nil
        }
        // The answer comes on the reader thread, which broadcasts every reply.
        let deadline = Date().addingTimeInterval(launchTimeout)
        condition.lock()
        var answer = state.answers.removeValue(forKey: id)
        while answer == nil, state.generation == generation, state.socket >= 0, condition.wait(until: deadline) {
            answer = state.answers.removeValue(forKey: id)
        }
        if answer == nil { answer = state.answers.removeValue(forKey: id) }
        condition.unlock()
        _ = withState { $0.waiting.remove(id) }
        switch answer {
        case .started(_, let pid):
            // A child already reaped (its report is in) gets no pidfd: the number may be reused.
            var pidfd = reelshop_pidfd_open(pid)
            let reaped = withState { state -> Bool in
                if state.exits[pid] == nil { state.children[pid] = generation }
                return state.exits[pid] != nil
            }
            if reaped && pidfd >= 0 {
                close(pidfd)
                pidfd = -1
            }
            return Child(pid: pid, master: master, pidfd: pidfd)
        case .failed(_, let error):
            logger.warning("the zygote could not start a storefront", metadata: ["error": "\(String(cString: strerror(error)))"])
            close(master)
            return nil
        default:
            close(master)
            // Either the zygote went while this launch waited (its reader logs that), or it is hung.
            let pid = withState { state -> pid_t in
                guard state.generation == generation, state.socket >= 0 else { return 0 }
                state.ready = false
                return state.zygotePid
            }
            if pid > 0 {
                logger.error("the zygote did not answer a launch in time; restarting it", metadata: ["after": "\(launchTimeout)s"])
                kill(pid, SIGKILL)
            }
            return nil
        }
    }

    /// Waits for `pid`'s exit: the zygote's report, or, when the zygote that forked it has died,
    /// for the pidfd to say it ended (its status is then unknown and reported as 0).
    public func waitForExit(pid: pid_t, pidfd: Int32) -> Int32 {
        condition.lock()
        while true {
            if let status = state.exits.removeValue(forKey: pid) {
                state.children[pid] = nil
                condition.unlock()
                return status
            }
            if let generation = state.children[pid], generation == state.generation, state.zygotePid != 0 {
                // Woken by every change of state: a report, a launch, the zygote's end.
                condition.wait()
                continue
            }
            break
        }
        condition.unlock()
        // Orphaned: the zygote that forked it is gone, and init reaps it.
        if pidfd >= 0 {
            while reelshop_pidfd_exited(pidfd, -1) == 0 {}
        } else {
            while kill(pid, 0) == 0 { usleep(100_000) }
        }
        // The report may still have come in just before the zygote went.
        return withState { state in
            state.children[pid] = nil
            return state.exits.removeValue(forKey: pid) ?? 0
        }
    }

    // MARK: The zygote process

    private func spawn() {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            logger.error("cannot make the zygote's socket", metadata: ["error": "\(String(cString: strerror(errno)))"])
            scheduleRestart()
            return
        }
        let argv = [executable] + arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let pid = withCStringArray(argv) { cArgv in
            withCStringArray(envp) { cEnvp in reelshop_spawn_helper(executable, cArgv, cEnvp, pair[1]) }
        }
        close(pair[1])
        guard pid > 0 else {
            logger.error("cannot start the zygote", metadata: ["error": "\(String(cString: strerror(errno)))"])
            close(pair[0])
            scheduleRestart()
            return
        }
        let generation = withState { state -> Int in
            state.generation += 1
            state.socket = pair[0]
            state.zygotePid = pid
            state.ready = false
            state.lastStart = Date()
            return state.generation
        }
        logger.info("zygote started", metadata: ["pid": "\(pid)"])
        let socket = pair[0]
        let thread = Thread { [self] in read(socket: socket, pid: pid, generation: generation) }
        thread.stackSize = 256 * 1024
        thread.name = "reelshop-zygote-reader"
        thread.start()
    }

    /// The reader thread of one zygote: its replies until it hangs up, then its exit status.
    private func read(socket: Int32, pid: pid_t, generation: Int) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            var fd: Int32 = -1
            let n = buffer.withUnsafeMutableBytes { reelshop_receive_message(socket, $0.baseAddress, UInt($0.count), &fd) }
            if fd >= 0 { close(fd) }
            if n == -2 { continue }
            guard n > 0 else { break }
            guard let reply = ZygoteWire.Reply.decode(Array(buffer[0..<n])) else {
                logger.error("the zygote sent a malformed message; restarting it")
                kill(pid, SIGKILL)
                break
            }
            withState { state in
                switch reply {
                case .ready:
                    if state.generation == generation && !state.stopped { state.ready = true }
                case .started(let id, _), .failed(let id, _):
                    if state.waiting.contains(id) { state.answers[id] = reply }
                case .exited(let child, let status):
                    state.exits[child] = status
                }
            }
            if case .ready = reply { logger.notice("zygote ready", metadata: ["pid": "\(pid)"]) }
        }
        let stopped = withState { state -> Bool in
            if state.generation == generation {
                state.ready = false
                if state.socket == socket { state.socket = -1 }
            }
            return state.stopped
        }
        close(socket)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = PTYProcess.exitCode(fromWaitStatus: status)
        withState { state in
            if state.generation == generation { state.zygotePid = 0 }
        }
        if stopped {
            logger.info("zygote stopped", metadata: ["pid": "\(pid)", "status": "\(code)"])
        } else {
            logger.error("the zygote exited; visitors start directly until it is back", metadata: ["pid": "\(pid)", "status": "\(code)"])
            scheduleRestart()
        }
    }

    /// Starts a new zygote after a pause that grows while it keeps dying young (1 s to 30 s).
    private func scheduleRestart() {
        let delay = withState { state -> Double? in
            guard !state.stopped else { return nil }
            let young = Date().timeIntervalSince(state.lastStart) < 10
            state.restarts += 1
            return young ? min(30, pow(2, Double(min(state.restarts, 5))) / 2) : 0.5
        }
        guard let delay else { return }
        let thread = Thread { [self] in
            usleep(UInt32(delay * 1_000_000))
            guard !withState({ $0.stopped }) else { return }
            logger.notice("restarting the zygote")
            spawn()
        }
        thread.stackSize = 128 * 1024
        thread.start()
    }

    private func withState<R>(_ body: (inout State) -> R) -> R {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return body(&state)
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    var array: [UnsafeMutablePointer<CChar>?] = pointers + [nil]
    return array.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
}
