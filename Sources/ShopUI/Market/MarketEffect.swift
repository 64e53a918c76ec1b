import Foundation
import ShopCore

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
    /// Finish checkouts an earlier process left half done (at start-up).
    case reconcile
    /// The live stock of these products, by marketplace id, answered with `.stockLoaded`.
    case refreshStock([String: Set<String>])

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
        case .reconcile: hasher.combine(8)
        case .refreshStock(let ids): hasher.combine(9); hasher.combine(ids)
        }
    }
}
