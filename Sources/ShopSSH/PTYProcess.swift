import CSpawnPTY
import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// A child process on its own pseudo-terminal: one I/O thread moves bytes both ways with bounded
/// buffers, it can be resized and hung up, and a reaper thread waits for the child (never a
/// zombie).
///
/// Back-pressure, both ways, so one visitor cannot grow the server:
/// - **Input** (visitor -> terminal) waits in a buffer the I/O thread drains as the terminal takes
///   it. `write` returns how much is waiting; the session stops reading its SSH channel (so the
///   visitor's window is not re-opened) while that is over `Limits.inputHighWater`, and
///   `onInputSpace` tells it when the buffer has drained to `inputLowWater`.
/// - **Output** (terminal -> visitor) is read only while fewer than `Limits.outputInFlight` bytes
///   handed to `onOutput` are still unacknowledged (`outputDelivered`) and the channel is
///   writable (`setOutputPaused`). Otherwise the terminal's own buffer fills and the storefront
///   blocks on its writes.
///
/// Why threads and not a DispatchSource: libdispatch on Linux crashed in its epoll drain under
/// rapid connect/disconnect as PTY descriptors were closed and their numbers reused. A blocking
/// poll loop per session is simple and cannot race with descriptor reuse: only the I/O thread's
/// exit path closes the master. Control (resize, signals) runs on a queue of its own that never
/// waits for the terminal, so a hang-up is never stuck behind queued input.
public final class PTYProcess: @unchecked Sendable {
    /// Buffer bounds for one session.
    public struct Limits: Sendable {
        /// Input waiting for the terminal above which the session stops reading the channel.
        public var inputHighWater = 64 * 1024
        /// ... and below which it reads again.
        public var inputLowWater = 16 * 1024
        /// Output handed to the channel and not yet written to the network, above which the
        /// terminal is not read.
        public var outputInFlight = 256 * 1024
        public init() {}
    }

    public let pid: pid_t
    public let limits: Limits
    /// The zygote that forked the child (nil: started directly, and reaped here with waitpid).
    private let zygote: ZygoteClient?
    /// The child itself, for signals that cannot reach a process that reused `pid` (zygote
    /// children only; -1 otherwise). Closed on `queue` once the child is gone.
    private var pidfd: Int32
    private let master: Int32
    /// Serialises resizes, signals and the close of `master`; never blocks on the terminal.
    private let queue: DispatchQueue
    private let io = NIOLockedValueBox(IOState())
    // Guarded by `queue`.
    private var closed = false
    private var exitStatus: Int32?
    private var readerDone = false
    private var reported = false
    private var childGone = false
    private let onExit: @Sendable (Int32) -> Void

    /// What the I/O thread and its callers share (under `io`).
    private struct IOState {
        var input: [UInt8] = []
        var inputStart = 0
        var inputWaiting: Int { input.count - inputStart }
        /// The session was told to stop reading; tell it when there is room again.
        var inputAboveHighWater = false
        var outputInFlight = 0
        var outputPaused = false
        /// The visitor is gone: read and drop whatever the child writes, take no more input.
        var discarding = false
        var stop = false
        /// The wake-up pipe, -1 once the I/O thread has closed it.
        var wakeWrite: Int32 = -1
    }

    /// Starts `executable` on a new PTY of `rows` x `columns`: forked by `zygote` when it is given
    /// and ready (the storefront starts warm, issue 15), else spawned directly.
    /// - Parameters:
    ///   - onOutput: bytes the child wrote to its terminal (called on the I/O thread). Each call
    ///     counts against `Limits.outputInFlight` until `outputDelivered` is called with its size.
    ///   - onInputSpace: the input buffer drained below `inputLowWater` after `write` reported
    ///     it above `inputHighWater` (called on the I/O thread).
    ///   - onExit: the child's exit status (128 + signal when it was killed), called once after
    ///     the child was reaped and its remaining output delivered.
    public init(
        executable: String, arguments: [String], environment: [String: String],
        workingDirectory: String?, rows: Int, columns: Int, limits: Limits = Limits(), zygote: ZygoteClient? = nil,
        onOutput: @escaping @Sendable ([UInt8]) -> Void,
        onInputSpace: @escaping @Sendable () -> Void = {},
        onExit: @escaping @Sendable (Int32) -> Void
    ) throws(PTYError) {
        self.onExit = onExit
        self.limits = limits
        self.queue = DispatchQueue(label: "reelshop.pty")
        // The I/O thread's wake-up pipe (every spawned child closes all descriptors above 2).
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            throw PTYError("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for fd in pipeFDs {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        var masterFD: Int32 = -1
        var pid: pid_t = -1
        if let zygote,
            let child = zygote.launch(
                arguments: arguments, environment: environment, workingDirectory: workingDirectory ?? "/", rows: rows,
                columns: columns)
        {
            (pid, masterFD, pidfd) = (child.pid, child.master, child.pidfd)
            self.zygote = zygote
        } else {
            let argv = [executable] + arguments
            let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            pid = withCStringArray(argv) { cArgv in
                withCStringArray(envp) { cEnvp in
                    reelshop_spawn_pty(
                        executable, cArgv, cEnvp, workingDirectory,
                        UInt16(clamping: rows), UInt16(clamping: columns), &masterFD)
                }
            }
            (self.zygote, pidfd) = (nil, -1)
        }
        guard pid > 0 else {
            let reason = String(cString: strerror(errno))
            close(pipeFDs[0])
            close(pipeFDs[1])
            throw PTYError("cannot start \(executable): \(reason)")
        }
        self.pid = pid
        self.master = masterFD
        io.withLockedValue { $0.wakeWrite = pipeFDs[1] }
        startIO(wakeRead: pipeFDs[0], onOutput: onOutput, onInputSpace: onInputSpace)
        startReaper()
    }

    /// 0-255 for a normal exit, 128 + n for death by signal n.
    public static func exitCode(fromWaitStatus status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// The same from waitid's `si_code` and `si_status`: the status for CLD_EXITED, 128 + the
    /// signal when it was killed (CLD_KILLED, CLD_DUMPED).
    static func exitCode(code: Int32, status: Int32) -> Int32 {
        code == Int32(CLD_EXITED) ? status & 0xff : 128 + status
    }

    private func startIO(
        wakeRead: Int32, onOutput: @escaping @Sendable ([UInt8]) -> Void, onInputSpace: @escaping @Sendable () -> Void
    ) {
        let master = self.master
        let io = self.io
        let limits = self.limits
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            var drain = [UInt8](repeating: 0, count: 64)
            var descriptors = [
                pollfd(fd: master, events: 0, revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            /// The child's side is closed: poll the master only when there is something to read.
            var slaveClosed = false
            running: while true {
                let (stop, wantRead, wantWrite) = io.withLockedValue { state in
                    (
                        state.stop,
                        state.discarding || (!state.outputPaused && state.outputInFlight < limits.outputInFlight),
                        state.inputWaiting > 0 && !state.discarding
                    )
                }
                if stop { break }
                var events: Int32 = 0
                if wantRead { events |= POLLIN }
                if wantWrite && !slaveClosed { events |= POLLOUT }
                // With nothing wanted from the master, POLLHUP would wake the loop at once: leave it out.
                descriptors[0].fd = (events == 0 && slaveClosed) ? -1 : master
                descriptors[0].events = Int16(events)
                descriptors[0].revents = 0
                descriptors[1].revents = 0
                let ready = poll(&descriptors, 2, 250)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if descriptors[1].revents & Int16(POLLIN) != 0 {
                    while read(wakeRead, &drain, drain.count) > 0 {}
                }
                let revents = Int32(descriptors[0].revents)
                if descriptors[0].fd < 0 { continue }
                if revents & POLLOUT != 0 {
                    let (progress, spaceAgain) = writeInput(master: master)
                    if spaceAgain { onInputSpace() }
                    // POLLOUT without room (it happens): do not spin.
                    if !progress { usleep(2000) }
                }
                if revents & (POLLIN | POLLHUP | POLLERR) != 0 {
                    if !wantRead {
                        // Hung up while output is paused: what is left is read once there is room.
                        if revents & (POLLHUP | POLLERR) != 0 { slaveClosed = true }
                        continue
                    }
                    let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                    if n > 0 {
                        let discarding = io.withLockedValue { state -> Bool in
                            if !state.discarding { state.outputInFlight += n }
                            return state.discarding
                        }
                        if !discarding { onOutput(Array(buffer[0..<n])) }
                    } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
                        continue
                    } else {
                        // EIO or EOF: every slave descriptor is closed, the child is gone.
                        break running
                    }
                }
            }
            io.withLockedValue { state in
                close(state.wakeWrite)
                state.wakeWrite = -1
                state.input = []
                state.inputStart = 0
            }
            close(wakeRead)
            queue.async { [self] in
                closed = true
                close(master)
                readerDone = true
                reportIfDone()
            }
        }
        thread.stackSize = 256 * 1024
        thread.name = "reelshop-pty-\(pid)"
        thread.start()
    }

    /// Writes waiting input to the terminal as far as it takes it: whether anything was
    /// written, and whether the buffer fell to the low-water mark after the session was told to
    /// stop reading (it may read again).
    private func writeInput(master: Int32) -> (progress: Bool, spaceAgain: Bool) {
        io.withLockedValue { state -> (Bool, Bool) in
            guard state.inputWaiting > 0 else { return (false, false) }
            let n = state.input.withUnsafeBytes { bytes in
                Glibc.write(master, bytes.baseAddress! + state.inputStart, state.inputWaiting)
            }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { return (false, false) }
                // The terminal is gone: the input has nowhere to go.
                state.input = []
                state.inputStart = 0
            } else {
                state.inputStart += n
                if state.inputWaiting == 0 {
                    state.input.removeAll(keepingCapacity: state.input.capacity <= limits.inputHighWater * 2)
                    state.inputStart = 0
                } else if state.inputStart >= 65536 {
                    state.input.removeFirst(state.inputStart)
                    state.inputStart = 0
                }
            }
            if state.inputAboveHighWater && state.inputWaiting <= limits.inputLowWater {
                state.inputAboveHighWater = false
                return (true, true)
            }
            return (true, false)
        }
    }

    /// A thread that only waits: waitpid on this one pid, so no other child is touched. It keeps
    /// the object alive until the child is reaped.
    private func startReaper() {
        let pid = self.pid
        let io = self.io
        let zygote = self.zygote
        let pidfd = self.pidfd
        let thread = Thread { [self] in
            let code: Int32
            if let zygote {
                // The zygote reaps it and reports the status; signals go through the pidfd.
                code = zygote.waitForExit(pid: pid, pidfd: pidfd)
                queue.sync {
                    childGone = true
                    if self.pidfd >= 0 { close(self.pidfd) }
                    self.pidfd = -1
                }
            } else {
                // Wait without reaping first, and record that the child is gone before its pid
                // can be reused: hangUp and kill9 never signal a stranger.
                // The status comes from waitid's siginfo: should something else in the process
                // reap the child first (waitpid then fails with ECHILD), it is still the child's.
                var info = siginfo_t()
                while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
                queue.sync { childGone = true }
                while waitpid(pid, nil, 0) < 0 && errno == EINTR {}
                code = PTYProcess.exitCode(code: info.si_code, status: info._sifields._sigchld.si_status)
            }
            queue.async { [self] in
                exitStatus = code
                reportIfDone()
                // Normally the I/O thread sees EIO at once; if something else still holds the
                // terminal open, or the visitor reads nothing, stop after a moment anyway.
                queue.asyncAfter(deadline: .now() + 2) { [self] in
                    io.withLockedValue { $0.stop = true }
                    wake()
                }
            }
        }
        thread.stackSize = 256 * 1024
        thread.name = "reelshop-reap-\(pid)"
        thread.start()
    }

    private func reportIfDone() {
        guard readerDone, let exitStatus, !reported else { return }
        reported = true
        onExit(exitStatus)
    }

    /// Wakes the I/O thread (new input, room for output, a stop).
    private func wake() {
        io.withLockedValue { state in
            guard state.wakeWrite >= 0 else { return }
            var byte: UInt8 = 1
            _ = Glibc.write(state.wakeWrite, &byte, 1)
        }
    }

    /// Queues visitor input for the terminal and returns how many bytes now wait. At or above
    /// `Limits.inputHighWater` the caller should stop reading; `onInputSpace` says when to
    /// resume. Input after a hang-up from a disconnect is dropped.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Int {
        let waiting = io.withLockedValue { state -> Int in
            guard !state.discarding, !state.stop, state.wakeWrite >= 0 else { return 0 }
            state.input.append(contentsOf: bytes)
            if state.inputWaiting >= limits.inputHighWater { state.inputAboveHighWater = true }
            return state.inputWaiting
        }
        if waiting > 0 { wake() }
        return waiting
    }

    /// Input waiting for the terminal.
    public var pendingInput: Int { io.withLockedValue { $0.inputWaiting } }

    /// Output handed to `onOutput` and not yet acknowledged.
    public var outputInFlight: Int { io.withLockedValue { $0.outputInFlight } }

    /// `count` bytes of output handed to `onOutput` were written to the network (or dropped).
    public func outputDelivered(_ count: Int) {
        let resume = io.withLockedValue { state -> Bool in
            let before = state.outputInFlight
            state.outputInFlight = max(0, before - count)
            return before >= limits.outputInFlight && state.outputInFlight < limits.outputInFlight
        }
        if resume { wake() }
    }

    /// Pauses or resumes reading the child's output (the SSH channel's writability).
    public func setOutputPaused(_ value: Bool) {
        let changed = io.withLockedValue { state -> Bool in
            defer { state.outputPaused = value }
            return state.outputPaused != value
        }
        if changed && !value { wake() }
    }

    /// Sets the terminal size; the kernel sends SIGWINCH to the child's foreground group.
    public func resize(rows: Int, columns: Int) {
        queue.async { [self] in
            guard !closed else { return }
            _ = reelshop_pty_resize(master, UInt16(clamping: rows), UInt16(clamping: columns))
        }
    }

    /// Sends SIGHUP to the child's session (as a closed terminal would), then SIGKILL after
    /// `grace` seconds if it is still running. With `visitorGone`, queued input is dropped and
    /// from now on output is read and dropped, so a child blocked on a full terminal can see the
    /// signal and exit.
    public func hangUp(grace: Double = 5, visitorGone: Bool = false) {
        if visitorGone {
            io.withLockedValue { state in
                state.discarding = true
                state.input = []
                state.inputStart = 0
                state.outputInFlight = 0
            }
            wake()
        }
        queue.async { [self] in
            signalChild(SIGHUP)
            queue.asyncAfter(deadline: .now() + max(0, grace)) { [self] in
                signalChild(SIGKILL)
            }
        }
    }

    /// Kills the child at once.
    public func kill9() {
        queue.async { [self] in signalChild(SIGKILL) }
    }

    /// Signals the child's session (process group) and the child, unless it is gone. On `queue`.
    private func signalChild(_ signal: Int32) {
        guard !childGone else { return }
        if zygote != nil {
            // Without a pidfd the zygote had reaped it before one could be opened: gone.
            guard pidfd >= 0 else { return }
            // A zygote child is not ours to wait for: the pidfd tells whether it still runs, so
            // the group is signalled only while its leader (the child) is alive.
            guard reelshop_pidfd_exited(pidfd, 0) == 0 else { return }
            kill(-pid, signal)
            _ = reelshop_pidfd_send_signal(pidfd, signal)
        } else {
            kill(-pid, signal)
            kill(pid, signal)
        }
    }
}

/// A child that could not be started.
public struct PTYError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
