import Foundation
import Testing
@testable import ShopUI

#if canImport(Glibc)
    import Glibc
#endif

/// The clip prefetch's thread: lowest priority, in order, a key queued twice runs once, and a
/// forked process (the serve zygote's visitors) gets a thread of its own (issue 15, keys p99).
@Suite struct BackgroundWorkerTests {
    /// A box the worker's closures write into.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ item: String) { lock.withLock { items.append(item) } }
        var all: [String] { lock.withLock { items } }
    }

    #if canImport(Glibc)
        @Test func workRunsAtTheLowestPriorityAndTheCallerKeepsItsOwn() {
            let worker = BackgroundWorker<Int>(name: "test-nice")
            let log = Log()
            let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            worker.submit(1) {
                log.add("\(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0))")
            }
            worker.waitUntilIdle()
            #expect(log.all == ["19"])
            #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
        }
    #endif

    @Test func aKeyQueuedTwiceRunsOnceAndTheRestInOrder() {
        let worker = BackgroundWorker<String>(name: "test-dedup")
        let log = Log()
        let gate = DispatchSemaphore(value: 0)
        worker.submit("busy") {
            gate.wait()
            log.add("busy")
        }
        for key in ["a", "b", "a", "c", "b"] {
            worker.submit(key) { log.add(key) }
        }
        gate.signal()
        worker.waitUntilIdle()
        #expect(log.all == ["busy", "a", "b", "c"])
        // Once it has run, the same key runs again when asked.
        worker.submit("a") { log.add("a again") }
        worker.waitUntilIdle()
        #expect(log.all.last == "a again")
    }

    @Test func aWorkerNobodyHoldsIsFreedWithItsQueue() async throws {
        let log = Log()
        weak var gone: BackgroundWorker<Int>?
        do {
            let worker = BackgroundWorker<Int>(name: "test-end")
            worker.submit(1) { log.add("ran") }
            worker.waitUntilIdle()
            gone = worker
        }
        #expect(gone == nil)
        #expect(log.all == ["ran"])
    }
}
