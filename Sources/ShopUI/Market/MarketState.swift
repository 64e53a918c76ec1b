import Foundation
import ShopCore

/// What the accounts, link, checkout and orders screens need that the feed does not.
public struct MarketState: Sendable, Equatable {
    /// The clock as last reported by the runner (`MarketAction.tick`); the link countdown uses it.
    public var now: Date
    /// Unique per app run, so checkout attempt ids (and so idempotency keys) never repeat.
    public var sessionID: String
    public var nextAttempt = 1
    public var accounts: [LinkedAccount] = []
    public var orders: [Order] = []
    public var ordersLoading = false
    public var ordersRefreshedAt: Date?
    /// Whether marketplaces answer for stock here (the runner sets it when it has them); false:
    /// the catalog's stock is all there is (a runner without marketplaces, the reducer's tests).
    public var liveStock = false
    /// When the marketplaces last answered with their stock, and whether a request is out.
    public var stockCheckedAt: Date?
    public var stockLoading = false
    /// The products the last stock request asked for (`StockRefresh.products`).
    public var stockAsked: Set<String> = []
    /// When the screen on top is next due a `MarketAction.tick`, on the monotonic clock
    /// (`PlaybackState.now`); nil while no screen needs one (`MarketTicks`).
    public var nextTickAt: Double?

    /// `now` until the runner sends the wall clock (`Action.clock`, its first action).
    public init(now: Date = Date(timeIntervalSince1970: 0), sessionID: String = UUID().uuidString) {
        self.now = now
        self.sessionID = sessionID
    }

    public func account(_ marketplaceID: String) -> LinkedAccount? {
        accounts.first { $0.marketplaceID == marketplaceID }
    }

    /// A fresh checkout attempt id: the session plus a counter.
    mutating func newAttemptID() -> String {
        defer { nextAttempt += 1 }
        return "\(sessionID)-\(nextAttempt)"
    }
}
