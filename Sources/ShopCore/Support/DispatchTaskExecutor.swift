import Dispatch

/// A task executor over a concurrent dispatch queue: tasks that prefer it (and their child
/// tasks) run on threads of their own, not Swift's cooperative pool. That pool has one thread
/// per core, and anything blocking it — a busy host, other work in the same process (tests
/// waiting on tmux) — held a link code, the orders list or the embedded marketplace's answers
/// back for over a minute. Used by the storefront's marketplace calls and by the marketplace
/// server's request handling.
public final class DispatchTaskExecutor: TaskExecutor {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
