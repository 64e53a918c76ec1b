/// A clock that only moves when told: the test double for anything driven by `now`.
public struct ManualClock: Equatable, Sendable {
    public var now: Duration

    public init(now: Duration = .zero) {
        self.now = now
    }

    public mutating func advance(by d: Duration) {
        now += d
    }
}
