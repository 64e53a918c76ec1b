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

    public init(now: Date = Date(), sessionID: String = UUID().uuidString) {
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

/// The accounts screen: which marketplace is selected.
public struct AccountsScreenState: Sendable, Equatable {
    public var selection = 0
    public init() {}
}

/// Linking one marketplace: the consent sheet, then the code and its live status.
public struct LinkScreenState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// What the marketplace will share; continue or cancel.
        case consent
        case linking(LinkState)
    }

    public var marketplaceID: String
    public var phase: Phase = .consent
    /// A poll is on its way; never send two at once.
    public var pollInFlight = false
    /// Set once "approve on this device" was pressed, to say so on screen.
    public var approvedHere = false

    public init(marketplaceID: String) { self.marketplaceID = marketplaceID }

    public var link: LinkState? {
        if case .linking(let link) = phase { return link }
        return nil
    }

    public var authorization: DeviceAuthorization? {
        if case .waiting(let authorization, _, _) = link { return authorization }
        return nil
    }
}

/// A checkout in progress: the plan and where the buyer is in it.
public struct CheckoutState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Waiting for the marketplaces' quotes.
        case quoting
        case review
        /// "Place 2 orders for $X? y/n"
        case confirming
        /// Orders on their way; confirm is ignored.
        case placing
    }

    public var plan: CheckoutPlan
    public var phase: Phase = .quoting
    /// The selected group (marketplace).
    public var selection = 0
    /// Text being typed as a voucher code for the selected group; nil when not typing.
    public var voucherEntry: String?
    /// Set once placing has answered: what happened, in words.
    public var outcome: String?

    public init(plan: CheckoutPlan) { self.plan = plan }

    public var selectedGroup: CheckoutGroup? {
        plan.groups.indices.contains(selection) ? plan.groups[selection] : nil
    }
}

/// The orders screen: which order is selected.
public struct OrdersScreenState: Sendable, Equatable {
    public var selection = 0
    public init() {}
}

/// Results and clock ticks for the marketplace screens.
public enum MarketAction: Sendable {
    /// The clock: sent every second while a link code is shown, and every few seconds on the
    /// orders screen; never otherwise.
    case tick(Date)
    case accountsLoaded([LinkedAccount], error: String?)
    case linkStarted(marketplaceID: String, Result<DeviceAuthorization, MarketplaceError>, at: Date)
    case linkPolled(marketplaceID: String, LinkProgress, at: Date)
    case approvedOnThisDevice(marketplaceID: String, error: String?)
    case unlinked(marketplaceID: String, error: String?)
    case quoted(CheckoutPlan)
    case placed(CheckoutResult)
    case ordersLoaded([Order], error: String?)
}

/// Marketplace work for the runner; each is answered with a `MarketAction`.
public enum MarketEffect: Hashable, Sendable {
    case loadAccounts
    case startLink(marketplaceID: String)
    case pollLink(DeviceAuthorization)
    case approveOnThisDevice(DeviceAuthorization)
    case unlink(marketplaceID: String)
    case quote(CheckoutPlan)
    case placeOrders(CheckoutPlan)
    case loadOrders

    // Plans and authorizations are Equatable only; hashing the case is enough for a Set.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .loadAccounts: hasher.combine(0)
        case .startLink(let id): hasher.combine(1); hasher.combine(id)
        case .pollLink(let a): hasher.combine(2); hasher.combine(a.userCode)
        case .approveOnThisDevice(let a): hasher.combine(3); hasher.combine(a.userCode)
        case .unlink(let id): hasher.combine(4); hasher.combine(id)
        case .quote(let plan): hasher.combine(5); hasher.combine(plan.attemptID)
        case .placeOrders(let plan): hasher.combine(6); hasher.combine(plan.attemptID)
        case .loadOrders: hasher.combine(7)
        }
    }
}
