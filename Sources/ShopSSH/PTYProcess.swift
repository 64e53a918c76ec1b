import CSpawnPTY
import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// A child process on its own pseudo-terminal: a reader thread pumps the master side out,
/// visitor input is written to it, it can be resized and hung up, and a reaper thread waits for
/// the child (never a zombie).
///
/// Why threads and not a DispatchSource: libdispatch on Linux crashed in its epoll drain under
/// rapid connect/disconnect as PTY descriptors were closed and their numbers reused. A blocking
/// poll loop per session is simple and cannot race with descriptor reuse: only the reader
/// thread's exit path closes the master.
public final class PTYProcess: @unchecked Sendable {
    public let pid: pid_t
    private let master: Int32
    /// Serialises writes, resizes and the close of `master`.
    private let queue: DispatchQueue
    private let stopReading = NIOLockedValueBox(false)
    /// Set while the visitor's connection cannot take more output: the reader stops reading, the
    /// terminal's buffer fills, and the storefront blocks on its writes instead of the server
    /// buffering without bound.
    private let readingPaused = NIOLockedValueBox(false)
    // Guarded by `queue`.
    private var closed = false
    private var exitStatus: Int32?
    private var readerDone = false
    private var reported = false
    private var childGone = false
    private let onExit: @Sendable (Int32) -> Void

    /// Starts `executable` on a new PTY of `rows` x `columns`.
    /// - Parameters:
    ///   - onOutput: bytes the child wrote to its terminal (called on the reader thread).
    ///   - onExit: the child's exit status (128 + signal when it was killed), called once after
    ///     the child was reaped and its remaining output delivered.
    public init(
        executable: String, arguments: [String], environment: [String: String],
        workingDirectory: String?, rows: Int, columns: Int,
        onOutput: @escaping @Sendable ([UInt8]) -> Void,
        onExit: @escaping @Sendable (Int32) -> Void
    ) throws(PTYError) {
        self.onExit = onExit
        self.queue = DispatchQueue(label: "reelshop.pty")
        let argv = [executable] + arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var masterFD: Int32 = -1
        let pid = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnvp in
                reelshop_spawn_pty(
                    executable, cArgv, cEnvp, workingDirectory,
                    UInt16(clamping: rows), UInt16(clamping: columns), &masterFD)
            }
        }
        guard pid > 0 else {
            throw PTYError("cannot start \(executable): \(String(cString: strerror(errno)))")
        }
        self.pid = pid
        self.master = masterFD
        startReader(onOutput: onOutput)
        startReaper()
    }

    /// 0-255 for a normal exit, 128 + n for death by signal n.
    static func exitCode(fromWaitStatus status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private func startReader(onOutput: @escaping @Sendable ([UInt8]) -> Void) {
        let master = self.master
        let stop = stopReading
        let paused = readingPaused
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            reading: while !stop.withLockedValue({ $0 }) {
                if paused.withLockedValue({ $0 }) {
                    usleep(10_000)
                    continue
                }
                descriptor.revents = 0
                let ready = poll(&descriptor, 1, 250)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if ready == 0 { continue }
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                    if n > 0 {
                        onOutput(Array(buffer[0..<n]))
                        if n < buffer.count { continue reading }
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else if n < 0 && errno == EAGAIN {
                        continue reading
                    } else {
                        // EIO or EOF: every slave descriptor is closed, the child is gone.
                        break reading
                    }
                }
            }
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

    /// A thread that only waits: waitpid on this one pid, so no other child is touched. It keeps
    /// the object alive until the child is reaped.
    private func startReaper() {
        let pid = self.pid
        let stop = stopReading
        let thread = Thread { [self] in
            // Wait without reaping first, and record that the child is gone before its pid can
            // be reused: hangUp and kill9 never signal a stranger.
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            queue.sync { childGone = true }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let code = PTYProcess.exitCode(fromWaitStatus: status)
            queue.async { [self] in
                exitStatus = code
                reportIfDone()
                // Normally the reader sees EIO at once; if something else still holds the
                // terminal open, stop reading after a moment anyway.
                queue.asyncAfter(deadline: .now() + 2) { stop.withLockedValue { $0 = true } }
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

    /// Writes visitor input to the terminal (blocking on the session's own queue if the child
    /// is slow to read, never on an event loop).
    public func write(_ bytes: [UInt8]) {
        queue.async { [self] in
            guard !closed else { return }
            var offset = 0
            var spins = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
                if n > 0 {
                    offset += n
                } else if n < 0 && (errno == EAGAIN || errno == EINTR) && spins < 2000 {
                    // The terminal's input buffer is full: wait briefly for the child to read.
                    spins += 1
                    usleep(1000)
                } else {
                    return
                }
            }
        }
    }

    /// Pauses or resumes reading the child's output (flow control from the SSH channel).
    public func setOutputPaused(_ value: Bool) {
        readingPaused.withLockedValue { $0 = value }
    }

    /// Sets the terminal size; the kernel sends SIGWINCH to the child's foreground group.
    public func resize(rows: Int, columns: Int) {
        queue.async { [self] in
            guard !closed else { return }
            _ = reelshop_pty_resize(master, UInt16(clamping: rows), UInt16(clamping: columns))
        }
    }

    /// Sends SIGHUP to the child's session (as a closed terminal would), then SIGKILL after
    /// `grace` seconds if it is still running.
    public func hangUp(grace: Double = 5) {
        queue.async { [self] in
            guard !childGone else { return }
            kill(-pid, SIGHUP)
            kill(pid, SIGHUP)
            queue.asyncAfter(deadline: .now() + grace) { [self] in
                guard !childGone else { return }
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
        }
    }

    /// Kills the child at once.
    public func kill9() {
        queue.async { [self] in
            guard !childGone else { return }
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }
}

/// A child that could not be started.
public struct PTYError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    var array: [UnsafeMutablePointer<CChar>?] = pointers + [nil]
    return array.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
}
