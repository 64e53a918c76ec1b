import ShopCore

/// When the runner should send `MarketAction.tick`: a pure function of the state, so an idle
/// storefront never wakes up.
public enum MarketTicks {
    public static let linkCountdown: Double = 1
    public static let ordersRefresh: Double = 2
    /// A LIVE post's chat, viewer count and deal countdown move every second.
    public static let liveRefresh: Double = 1

    /// Seconds until the next tick, or nil for none.
    public static func interval(for state: AppState) -> Double? {
        switch state.top {
        case .link(let screen):
            if case .linking(.waiting) = screen.phase { return linkCountdown }
            return nil
        case .orders: return ordersRefresh
        // A flash deal can end (or sell out) while the cart shows its price.
        case .cart where state.cart.lines.contains { $0.dealID != nil }: return liveRefresh
        case nil where state.currentLive != nil: return liveRefresh
        default: return nil
        }
    }
}
