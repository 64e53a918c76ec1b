import ShopCore

/// The cart's keys and what they do, and how its selection follows a line when the cart changes.
extension Keymaps {
    public static let cartScreen = Keymap(
        "Cart",
        [
            KeyBinding([.enter], "⏎", "check out the whole cart", footer: ("⏎", "checkout"), .checkOut),
            list("select a line"),
            KeyBinding(
                [.character("+"), .character("="), .right, .character("l")].map { ($0, Command.increase) }
                    + [.character("-"), .character("_"), .left, .character("h")].map { ($0, Command.decrease) },
                "+ -", "change its quantity", footers: [("+/-", "quantity")]),
            KeyBinding([.character("x"), .delete], "x", "remove the line", footer: ("x", "remove"), .removeLine),
            back("esc q c", keys: [.escape, .character("q"), .character("c"), .backspace]),
            GlobalKeys.help,
            KeyBinding([(.home, .selectFirst), (.end, .selectLast)], "home end", "first, last line"),
            orders.footer(nil),
        ])

    /// An empty cart: nothing to select, change or check out, so nothing of that is offered.
    public static let emptyCart = Keymap(
        "Cart",
        [
            back("esc q c", keys: [.escape, .character("q"), .character("c"), .backspace]),
            GlobalKeys.help,
            orders.footer(nil),
        ])
}

extension Reducer {
    static func cartCommand(_ state: inout AppState, _ screen: inout CartScreenState, _ command: Command) -> [Effect] {
        switch command {
        case .checkOut: return checkoutCart(&state)
        case .openOrders: return openOrders(&state)
        // A click on the selected line does what ⏎ does.
        case .select(let index) where index == screen.selection: return checkoutCart(&state)
        default: break
        }
        let lines = state.cartSummary.lines
        defer { screen.selection = clampedSelection(screen.selection, count: lines.count) }
        let selected = lines.indices.contains(screen.selection) ? lines[screen.selection] : nil
        switch command {
        case .back: state.routes.removeLast()
        case .selectNext: screen.selection += 1
        case .selectPrevious: screen.selection -= 1
        case .selectFirst: screen.selection = 0
        case .selectLast: screen.selection = lines.count - 1
        case .select(let index): screen.selection = index
        case .increase:
            if let selected {
                if selected.line.quantity >= Cart.quantityRange.upperBound {
                    showToast(&state, "At most \(Cart.quantityRange.upperBound) per line.", .info)
                    return []
                }
                if let dealID = selected.line.dealID,
                    let refusal = state.deals.refusal(dealID: dealID, quantity: 1, inCart: dealUnitsInCart(state, dealID))
                {
                    showToast(&state, refusal, .warning)
                    return []
                }
                return [.cart(.adjust(selected.line.key, delta: 1))]
            }
        case .decrease:
            if let selected {
                if selected.line.quantity <= 1 {
                    showToast(&state, "Press x to remove the line.", .info)
                    return []
                }
                return [.cart(.adjust(selected.line.key, delta: -1))]
            }
        case .removeLine:
            if let selected { return [.cart(.remove(selected.line.key))] }
        default: break
        }
        return []
    }

    /// The line the cart screen on top shows as selected.
    static func selectedCartLine(_ state: AppState) -> CartSummary.Line? {
        guard case .cart(let screen) = state.top else { return nil }
        let lines = state.cartSummary.lines
        return lines.indices.contains(screen.selection) ? lines[screen.selection] : nil
    }

    /// After the cart changed (here, in another window, or by a checkout), every cart screen keeps
    /// the same line selected: the same product, variant and deal, wherever it is listed now. If
    /// that line is gone, the next one in the old order that is still there, else the one before.
    static func followCartSelection(_ state: inout AppState, from old: Cart) {
        let oldKeys = CartSummary(cart: old, catalog: state.catalog).lines.map(\.line.key)
        let newKeys = state.cartSummary.lines.map(\.line.key)
        state.updateEach(.cart) { $0.selection = followedSelection($0.selection, old: oldKeys, new: newKeys) }
    }

    static func followedSelection(_ selection: Int, old: [CartLineKey], new: [CartLineKey]) -> Int {
        guard !new.isEmpty else { return 0 }
        guard old.indices.contains(selection) else { return min(max(selection, 0), new.count - 1) }
        let after = old[selection...], before = old[..<selection].reversed()
        for key in after + before {
            if let found = new.firstIndex(of: key) { return found }
        }
        return min(selection, new.count - 1)
    }

    static func clampedSelection(_ selection: Int, count: Int) -> Int {
        count == 0 ? 0 : min(max(selection, 0), count - 1)
    }
}
