import CSpawnPTY
import Dispatch
import Foundation

/// A child process on its own pseudo-terminal: reads the master side, writes visitor input to
/// it, resizes it, hangs it up, and reaps the child on a dedicated thread (never a zombie).
///
/// All mutable state lives on `queue`; callbacks run on that queue.
public final class PTYProcess: @unchecked Sendable {
    public let pid: pid_t
    private let master: Int32
    private let queue: DispatchQueue
    private var readSource: (any DispatchSourceRead)?
    private var closed = false
    private var exited = false
    private let onOutput: @Sendable ([UInt8]) -> Void

    /// Starts `executable` on a new PTY of `rows` x `cols`.
    /// - Parameters:
    ///   - onOutput: bytes the child wrote to its terminal.
    ///   - onExit: the child's exit status (128 + signal when it was killed), called once after
    ///     the child was reaped and its remaining output delivered.
    public init(
        executable: String, arguments: [String], environment: [String: String],
        workingDirectory: String?, rows: Int, columns: Int,
        onOutput: @escaping @Sendable ([UInt8]) -> Void,
        onExit: @escaping @Sendable (Int32) -> Void
    ) throws(PTYError) {
        self.onOutput = onOutput
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

        let source = DispatchSource.makeReadSource(fileDescriptor: masterFD, queue: queue)
        source.setEventHandler { [weak self] in self?.drain() }
        source.setCancelHandler { close(masterFD) }
        readSource = source
        source.resume()

        startReaper(onExit: onExit)
    }

    /// A thread that only waits: waitpid on this one pid, so no other child is touched. It keeps
    /// the object alive until the child is reaped.
    private func startReaper(onExit: @escaping @Sendable (Int32) -> Void) {
        let pid = self.pid
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let code = PTYProcess.exitCode(fromWaitStatus: status)
            queue.async { [self] in
                finish()
                onExit(code)
            }
        }
        thread.stackSize = 256 * 1024
        thread.name = "reelshop-reap-\(pid)"
        thread.start()
    }

    /// 0-255 for a normal exit, 128 + n for death by signal n.
    static func exitCode(fromWaitStatus status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
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
            guard !exited else { return }
            kill(-pid, SIGHUP)
            kill(pid, SIGHUP)
            queue.asyncAfter(deadline: .now() + grace) { [self] in
                guard !exited else { return }
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
        }
    }

    /// Kills the child at once.
    public func kill9() {
        queue.async { [self] in
            guard !exited else { return }
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    private func drain() {
        guard !closed else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                onOutput(Array(buffer[0..<n]))
                if n < buffer.count { return }
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN {
                return
            } else {
                // EIO: every slave descriptor is closed (the child is gone); stop watching.
                closeMaster()
                return
            }
        }
    }

    private func finish() {
        exited = true
        drain()
        closeMaster()
    }

    private func closeMaster() {
        guard !closed else { return }
        closed = true
        readSource?.cancel()
        readSource = nil
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
