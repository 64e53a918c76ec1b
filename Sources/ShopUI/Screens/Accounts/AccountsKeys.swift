import ShopCore

/// The linked accounts screen's keys and what they do.
extension Keymaps {
    public static let accounts = Keymap(
        "Accounts",
        [
            list("select a marketplace"),
            KeyBinding([.enter, .character("l")], "⏎ l", "link it (a consent sheet first)", footer: ("⏎", "link"), .linkAccount),
            KeyBinding([.character("u"), .character("x"), .delete], "u x", "unlink it (deletes its token)", footer: ("u", "unlink"), .unlinkAccount),
            orders,
            back("esc q L", keys: [.escape, .character("q"), .backspace, .character("L")]),
            GlobalKeys.help,
        ])
}

extension Reducer {
    static func openAccounts(_ state: inout AppState) -> [Effect] {
        state.routes.append(.accounts(AccountsScreenState()))
        return [.market(.loadAccounts)]
    }

    static func accountsCommand(_ state: inout AppState, _ screen: inout AccountsScreenState, _ command: Command) -> [Effect] {
        let marketplaces = state.catalog.marketplaces
        // A click on the selected marketplace does what ⏎ does; on another, selects it.
        if case .select(let index) = command, index != screen.selection, marketplaces.indices.contains(index) {
            screen.selection = index
            return []
        }
        let selected = marketplaces.indices.contains(screen.selection) ? marketplaces[screen.selection] : nil
        switch command {
        case .back: state.routes.removeLast(); return []
        case .selectNext: screen.selection = min(screen.selection + 1, max(0, marketplaces.count - 1))
        case .selectPrevious: screen.selection = max(screen.selection - 1, 0)
        case .linkAccount, .select:
            guard let selected else { return [] }
            if let account = state.market.account(selected.id) {
                showToast(&state, "\(selected.name) is linked as \(account.profile.name); press u to unlink.", .info)
                return []
            }
            state.routes.append(.link(LinkScreenState(marketplaceID: selected.id)))
            return []
        case .unlinkAccount:
            guard let selected else { return [] }
            guard state.market.account(selected.id) != nil else {
                showToast(&state, "\(selected.name) is not linked.", .info)
                return []
            }
            return [.market(.unlink(marketplaceID: selected.id))]
        case .openOrders:
            return openOrders(&state)
        default: break
        }
        return []
    }
}
