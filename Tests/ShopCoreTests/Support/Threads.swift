import Foundation

/// A value shared between threads, guarded by a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

/// Runs `body(index)` on `count` dedicated threads at once (not the cooperative pool, since the
/// bodies block on file locks) and returns when all have finished.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let remaining = Locked(count)
        for index in 0..<count {
            let thread = Thread {
                body(index)
                let last = remaining.withLock { value -> Bool in
                    value -= 1
                    return value == 0
                }
                if last { continuation.resume() }
            }
            thread.start()
        }
    }
}
