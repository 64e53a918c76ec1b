import ShopCore

/// When a marketplace screen needs `MarketAction.tick`: a pure function of the state, so an idle
/// storefront never wakes up. The reducer keeps `MarketState.nextTickAt` from it and sends the
/// tick itself when a `.tick(now:)` reaches that time; `Wake.next` wakes the runner for it.
public enum MarketTicks {
    public static let linkCountdown: Double = 1
    public static let ordersRefresh: Double = 2
    /// A LIVE post's chat, viewer count and deal countdown move every second.
    public static let liveRefresh: Double = 1

    /// Seconds between ticks for the screen on top, or nil for none.
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

extension Reducer {
    /// After every action: a screen that needs ticks gets its first one an interval from now; a
    /// screen that needs none clears the deadline.
    static func armMarketTick(_ state: inout AppState) {
        guard let interval = MarketTicks.interval(for: state) else {
            state.market.nextTickAt = nil
            return
        }
        if state.market.nextTickAt == nil { state.market.nextTickAt = state.playback.now + interval }
    }

    /// On the monotonic clock's `.tick`: the marketplace tick, when one is due (the wall clock is
    /// the last `.clock` the runner sent).
    static func marketTickIfDue(_ state: inout AppState) -> [Effect] {
        guard let due = state.market.nextTickAt, due <= state.playback.now else { return [] }
        state.market.nextTickAt = nil
        return market(&state, .tick(state.market.now))
    }
}

/// When the state next changes by itself, on the monotonic clock: the clip's next frame or
/// slide step (`Playback.nextWake`), the toast's end, the marketplace screen's next tick — and
/// the demo tour's next step, which the runner holds. The run loop's only timer: nil means block
/// until input, so an idle storefront uses no CPU.
public enum Wake {
    public static func next(_ state: AppState, theme: Theme, library: ClipLibrary, tourStep: Double? = nil) -> Double? {
        [Playback.nextWake(state, theme: theme, library: library), state.toast?.expiresAt, state.market.nextTickAt, tourStep]
            .compactMap { $0 }.min()
    }
}
