import ShopCore

/// The orders screen's keys and what they do.
extension Keymaps {
    public static let ordersScreen = Keymap(
        "Orders",
        [
            list("select an order"),
            back("esc q o", keys: [.escape, .character("q"), .backspace, .character("o")]),
            GlobalKeys.help,
        ])
}

extension Reducer {
    static func openOrders(_ state: inout AppState) -> [Effect] {
        state.routes.append(.orders(OrdersScreenState()))
        state.market.ordersLoading = true
        return [.market(.loadOrders)]
    }

    static func ordersCommand(_ state: inout AppState, _ screen: inout OrdersScreenState, _ command: Command) -> [Effect] {
        switch command {
        case .back: state.routes.removeLast(); return []
        case .selectNext: screen.selection = min(screen.selection + 1, max(0, state.market.orders.count - 1))
        case .selectPrevious: screen.selection = max(screen.selection - 1, 0)
        case .select(let index) where state.market.orders.indices.contains(index): screen.selection = index
        default: break
        }
        return []
    }
}
