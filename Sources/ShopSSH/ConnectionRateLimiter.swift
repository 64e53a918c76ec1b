/// Counts new connections per address in a sliding one-minute window.
public struct ConnectionRateLimiter: Sendable {
    public let limit: Int
    public let window: Double
    private var recent: [String: [Double]] = [:]

    public init(limit: Int, window: Double = 60) {
        self.limit = limit
        self.window = window
    }

    /// Records a connection from `address` at `now` (seconds) if it is within the limit.
    public mutating func admit(_ address: String, now: Double) -> Bool {
        var times = (recent[address] ?? []).filter { now - $0 < window }
        let allowed = times.count < limit
        if allowed { times.append(now) }
        recent[address] = times.isEmpty ? nil : times
        if recent.count > 4096 {
            // Forget addresses that have been quiet for a window, so the table stays small.
            recent = recent.filter { $0.value.contains { now - $0 < window } }
        }
        return allowed
    }
}
