import Foundation

/// Where linking one marketplace stands, as a value the reducer keeps. Holds no token.
///
/// The reducer asks `pollDue(at:)` on each tick and, when due, emits an effect that calls
/// `AccountLinker.poll`; the answer comes back as a `LinkProgress` for `apply(_:at:)`.
public enum LinkState: Sendable, Equatable {
    /// Asking the marketplace for a code.
    case starting(marketplaceID: String)
    /// Showing the code; the next poll is due at `nextPollAt`.
    case waiting(DeviceAuthorization, interval: Int, nextPollAt: Date)
    case linked(LinkedAccount)
    case denied(marketplaceID: String)
    case expired(marketplaceID: String)
    case failed(marketplaceID: String, MarketplaceError)

    /// A link just started: first poll after one interval.
    public init(started authorization: DeviceAuthorization, at now: Date) {
        self = .waiting(authorization, interval: authorization.interval, nextPollAt: now.addingTimeInterval(Double(authorization.interval)))
    }

    public var marketplaceID: String {
        switch self {
        case .starting(let id), .denied(let id), .expired(let id), .failed(let id, _): return id
        case .waiting(let authorization, _, _): return authorization.marketplaceID
        case .linked(let account): return account.marketplaceID
        }
    }

    public var isFinished: Bool {
        switch self {
        case .starting, .waiting: return false
        default: return true
        }
    }

    /// Whether a poll should be sent now.
    public func pollDue(at now: Date) -> Bool {
        guard case .waiting(let authorization, _, let next) = self else { return false }
        return now >= next && now < authorization.expiresAt
    }

    /// Whole seconds until the code expires (for "expires in 9:41"), nil unless waiting.
    public func secondsLeft(at now: Date) -> Int? {
        guard case .waiting(let authorization, _, _) = self else { return nil }
        return max(0, Int(authorization.expiresAt.timeIntervalSince(now).rounded(.up)))
    }

    /// Moves on by the clock alone: a code past its expiry is expired without asking.
    public mutating func tick(at now: Date) {
        if case .waiting(let authorization, _, _) = self, now >= authorization.expiresAt {
            self = .expired(marketplaceID: authorization.marketplaceID)
        }
    }

    /// Takes a poll's answer. Pending waits one interval more; slow-down lengthens the interval
    /// to what the marketplace said (RFC 8628: +5 s).
    public mutating func apply(_ progress: LinkProgress, at now: Date) {
        guard case .waiting(let authorization, let interval, _) = self else { return }
        switch progress {
        case .pending:
            self = .waiting(authorization, interval: interval, nextPollAt: now.addingTimeInterval(Double(interval)))
        case .slowDown(let newInterval):
            let interval = max(newInterval, interval + DeviceAuthorization.slowDownIncrement)
            self = .waiting(authorization, interval: interval, nextPollAt: now.addingTimeInterval(Double(interval)))
        case .denied: self = .denied(marketplaceID: authorization.marketplaceID)
        case .expired: self = .expired(marketplaceID: authorization.marketplaceID)
        case .linked(let account): self = .linked(account)
        case .failed(let error): self = .failed(marketplaceID: authorization.marketplaceID, error)
        }
    }
}
