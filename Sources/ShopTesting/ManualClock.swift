import Foundation

/// A clock that moves only when told, for tests and previews: pass `clock.now` wherever a
/// `@Sendable () -> Date` is asked for, then `advance(by:)` instead of sleeping.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Starts at Tue 24 Nov 2026 12:00 UTC unless told otherwise.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_521_600)) { current = start }

    public var date: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// The clock as a closure for the injected-clock parameters.
    public var now: @Sendable () -> Date { { [self] in date } }

    public func advance(by seconds: TimeInterval) {
        lock.lock()
        current.addTimeInterval(seconds)
        lock.unlock()
    }

    public func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }
}
