import ShopCore

/// Work the reducer asks for; the runner performs it and answers with an Action.
public enum Effect: Hashable, Sendable {
    /// A change to cart.json, answered with `.cart(.saved)` or `.cart(.failed)`.
    case cart(CartEffect)
    case quit
    /// Marketplace work, performed off the run loop and answered with `.market(...)`.
    case market(MarketEffect)
    case social(SocialEffect)
}
