import ShopCore

/// When the runner should send `MarketAction.tick`: a pure function of the state, so an idle
/// storefront never wakes up.
public enum MarketTicks {
    public static let linkCountdown: Double = 1
    public static let ordersRefresh: Double = 2

    /// Seconds until the next tick, or nil for none.
    public static func interval(for state: AppState) -> Double? {
        switch state.top {
        case .link(let screen):
            if case .linking(.waiting) = screen.phase { return linkCountdown }
            return nil
        case .orders: return ordersRefresh
        default: return nil
        }
    }
}
