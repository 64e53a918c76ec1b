import ShopCore

/// Work the reducer asks for; the runner performs it and answers with an Action.
public enum Effect: Hashable, Sendable {
    case addToCart(productID: String, variantID: String?, quantity: Int)
    case adjustQuantity(CartLineKey, delta: Int)
    case removeLine(CartLineKey)
    /// Add units at a LIVE flash deal's price; the store checks the deal again under its lock.
    /// `variantID` nil: the product's only variant.
    case addDealToCart(dealID: String, variantID: String?, quantity: Int)
    /// Answer with `.toastExpired(id)` after `seconds`.
    case expireToast(id: Int, afterSeconds: Double)
    case quit
    /// Marketplace work, performed off the run loop and answered with `.market(...)`.
    case market(MarketEffect)
    case social(SocialEffect)
}
