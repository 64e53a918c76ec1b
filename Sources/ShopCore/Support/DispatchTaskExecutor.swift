import Dispatch
import Foundation

/// A task executor over threads of its own: tasks that prefer it (and their child tasks) run
/// neither on Swift's cooperative pool (one thread per core) nor on libdispatch's default global
/// queue (which grows to twice the cores when its threads block, and no further). Anything
/// blocking those — a busy host, other work in the same process (tests waiting on tmux, on
/// processes, on sockets) — held a link code, the orders list or the embedded marketplace's
/// answers back for over a minute. Used by the storefront's marketplace calls and by the
/// marketplace server's request handling.
///
/// Jobs go round-robin to serial dispatch queues: a serial queue that targets nothing runs on
/// libdispatch's overcommitting pool, which starts a thread when none is free. (A concurrent
/// queue targets the default global queue and starved with it: DispatchTaskExecutorTests.) A job
/// that blocks holds up only the jobs behind it on its own queue; the jobs here are short (an
/// HTTP handler's SQLite transaction, a marketplace call's bookkeeping between awaits).
public final class DispatchTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queues: [DispatchQueue]
    private let lock = NSLock()
    private var next = 0

    public init(label: String, width: Int = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)) {
        queues = (0..<max(1, width)).map { DispatchQueue(label: "\(label).\($0)") }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let queue = lock.withLock {
            defer { next = (next + 1) % queues.count }
            return queues[next]
        }
        queue.async { job.runSynchronously(on: executor) }
    }
}
