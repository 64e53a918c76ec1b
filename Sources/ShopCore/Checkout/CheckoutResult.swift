/// What placing a checkout did.
public struct CheckoutResult: Sendable, Equatable {
    /// The plan with each group now `.placed`, `.failed` or `.needsLink`.
    public var plan: CheckoutPlan
    /// Orders placed by this call (not ones a retry found already placed).
    public var newlyPlaced: [Order]
    /// Why each failed marketplace failed; their lines are still in the cart.
    public var failures: [String: MarketplaceError]
    /// The cart after the ordered lines left it (cart checkouts that placed something).
    public var cart: Cart?
    /// Set when orders were placed but the cart could not be updated.
    public var cartError: String?
    /// Set when nothing was placed because the cart changed since the checkout was priced (in
    /// another window, or by another checkout still placing): the cart as this checkout should
    /// now see it. Price it again before placing.
    public var staleCart: Cart?
    /// What finishing earlier, interrupted checkouts did first (see `CheckoutCoordinator.reconcile`).
    public var recovered = ReconcileReport()
}
