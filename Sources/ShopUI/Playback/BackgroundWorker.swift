import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One thread of its own, at the lowest scheduling priority (nice 19), that runs submitted work
/// in order, each key once while it waits: the clip prefetch. On two cores a prefetch decode on a
/// dispatch queue competed with the storefront's own drawing for the key's few milliseconds
/// (dispatch's quality of service is not a Linux priority; a nice value is, and on Linux it
/// belongs to the thread that sets it).
///
/// The thread starts on the first `submit`, not in `init`: the serve zygote builds a clip library
/// and must stay single-threaded to fork, and a forked visitor has none of its parent's threads,
/// so a worker whose thread was started by another process starts one of its own.
public final class BackgroundWorker<Key: Hashable & Sendable>: @unchecked Sendable {
    /// The queue, shared with the thread; the thread holds this and not the worker, so that a
    /// worker nobody holds ends its thread.
    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        var queue: [(Key, @Sendable () -> Void)] = []
        var waiting: Set<Key> = []
        var running = 0
        var stopped = false
        /// The process whose thread serves this queue (0: none yet).
        var threadProcess: pid_t = 0
    }

    private let shared = Shared()
    private let name: String
    /// The nice value the thread runs at.
    public let niceness: Int32

    public init(name: String, niceness: Int32 = 19) {
        self.name = name
        self.niceness = niceness
    }

    deinit {
        shared.condition.withLock {
            shared.stopped = true
            shared.condition.broadcast()
        }
    }

    /// Runs `work` on the thread after what is queued; nothing when `key` is already queued.
    public func submit(_ key: Key, _ work: @escaping @Sendable () -> Void) {
        shared.condition.withLock {
            if shared.threadProcess != getpid() { startThread() }
            guard shared.waiting.insert(key).inserted else { return }
            shared.queue.append((key, work))
            shared.condition.signal()
        }
    }

    /// Returns when everything submitted so far has run (tests).
    public func waitUntilIdle() {
        shared.condition.withLock {
            while !shared.queue.isEmpty || shared.running > 0 { shared.condition.wait() }
        }
    }

    /// Called with the lock held.
    private func startThread() {
        shared.threadProcess = getpid()
        shared.running = 0  // a parent's thread that was mid-work did not come along
        let shared = self.shared
        let niceness = self.niceness
        let thread = Thread { Self.serve(shared, niceness: niceness) }
        thread.name = name
        thread.start()
    }

    private static func serve(_ shared: Shared, niceness: Int32) {
        #if canImport(Glibc)
            // PRIO_PROCESS with 0 is the calling thread on Linux (setpriority(2), "BUGS").
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
        while true {
            let next: (@Sendable () -> Void)? = shared.condition.withLock {
                while shared.queue.isEmpty && !shared.stopped { shared.condition.wait() }
                if shared.stopped { return nil }
                let (key, work) = shared.queue.removeFirst()
                shared.waiting.remove(key)
                shared.running += 1
                return work
            }
            guard let work = next else { return }
            work()
            shared.condition.withLock {
                shared.running -= 1
                shared.condition.broadcast()
            }
        }
    }
}
