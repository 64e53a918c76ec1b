import Dispatch
import Foundation
import ShopCore
import Testing

/// `DispatchTaskExecutor` exists so the embedded marketplace and the storefront's marketplace
/// calls keep answering when Swift's global pool is blocked (CI, stop 18: a market-server test
/// waited 60 s for an answer while the tmux suites held every pool thread). Two pools can be
/// held: Swift's cooperative pool (one thread per core) and libdispatch's default global queue
/// (which grows to twice the cores when its threads block, no further) — tests waiting on
/// processes and sockets block both.
@Suite("DispatchTaskExecutor")
struct DispatchTaskExecutorTests {
    @Test func aTaskPreferringItRunsWhileEveryPoolThreadIsBlocked() {
        let release = DispatchSemaphore(value: 0)
        let blocked = DispatchSemaphore(value: 0)
        // More blockers than the pool has threads, even after libdispatch oversubscribes it.
        let blockers = ProcessInfo.processInfo.activeProcessorCount * 8 + 8
        for _ in 0..<blockers {
            Task.detached {
                blocked.signal()
                release.wait()
            }
            DispatchQueue.global().async {
                blocked.signal()
                release.wait()
            }
        }
        // Wait until the pool has handed out what it will (the blockers that got a thread).
        var started = 0
        while started < 2 * blockers, blocked.wait(timeout: .now() + 0.5) == .success { started += 1 }

        let ran = DispatchSemaphore(value: 0)
        let executor = DispatchTaskExecutor(label: "test.executor")
        Task(executorPreference: executor) {
            // A child task too: the marketplace server handles requests in child tasks.
            async let child: Void = { ran.signal() }()
            await child
        }
        let answered = ran.wait(timeout: .now() + 3)
        for _ in 0..<2 * blockers { release.signal() }
        #expect(started < 2 * blockers, "the test did not block the pool: every blocker got a thread")
        #expect(answered == .success, "a task on DispatchTaskExecutor waited for a blocked pool")
    }
}
