import ShopCore

/// The app's only state transition: synchronous, pure, and answered with effects to perform.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let indexBefore = state.feed.index, itemBefore = state.currentItem, tabBefore = state.feed.tab
        let cartBefore = state.cart, routesBefore = state.routes.count
        var effects = reduceAction(&state, action)
        if state.cart != cartBefore { followCartSelection(&state, from: cartBefore) }
        syncPlayback(&state, previousIndex: indexBefore, itemChanged: state.currentItem != itemBefore, tabChanged: state.feed.tab != tabBefore)
        let moved = state.currentItem != itemBefore || state.routes.count != routesBefore
        if StockRefresh.wanted(state, moved: moved, after: action) { effects.append(askStock(&state)) }
        armMarketTick(&state)
        return effects
    }

    private static func reduceAction(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .tick(let now):
            tick(&state, now: now)
            if let toast = state.toast, toast.expiresAt <= state.playback.now { state.toast = nil }
            return marketTickIfDue(&state)
        case .clock(let date):
            if date > state.market.now { state.market.now = date }
            return []
        case .resize(let size):
            state.size = size
            return []
        case .terminate:
            state.isRunning = false
            return [.quit]
        case .cart(let action):
            return cart(&state, action)
        case .mouse(let event):
            noteInput(&state)
            return mouse(&state, event)
        case .key(let key):
            let woke = noteInput(&state)
            return self.key(&state, key, woke: woke)
        case .command(let command):
            if noteInput(&state), command == .togglePause { return [] }
            return perform(&state, command)
        case .market(let action):
            return market(&state, action)
        case .social(let action):
            return social(&state, action)
        case .demo(let action):
            return demo(&state, action)
        }
    }

    // MARK: - Input

    /// A key: looked up in the keymaps in the order `GlobalKeys` documents, then performed.
    /// `woke`: this key ended an idle pause, and `p` then only plays the clip on.
    private static func key(_ state: inout AppState, _ key: Key, woke: Bool = false) -> [Effect] {
        let keymap = Keymaps.of(state)
        let command =
            keymap.takesEveryKey
            ? keymap.command(for: key)
            : GlobalKeys.table.command(for: key) ?? keymap.command(for: key)
        guard let command, !(woke && command == .togglePause) else { return [] }
        return perform(&state, command)
    }

    /// What a key or a click asked for, done by the screen on top.
    static func perform(_ state: inout AppState, _ command: Command) -> [Effect] {
        if state.isTooSmall { return command == .quit ? quit(&state) : [] }
        if command == .dismissToast { state.toast = nil; return [] }
        if command == .toggleHelp {
            if state.top == .help { state.routes.removeLast() } else { state.routes.append(.help); state.helpScroll = 0 }
            return []
        }
        switch state.top {
        case nil: return feedCommand(&state, command)
        case .help: return helpCommand(&state, command)
        case .product: return scoped(&state, .product, command, productCommand)
        case .cart: return scoped(&state, .cart, command, cartCommand)
        case .accounts: return scoped(&state, .accounts, command, accountsCommand)
        case .link: return scoped(&state, .link, command, linkCommand)
        case .checkout(let checkout):
            return scoped(&state, .checkout, command, checkout.voucherEntry != nil ? voucherCommand : checkoutCommand)
        case .orders: return scoped(&state, .orders, command, ordersCommand)
        case .search: return scoped(&state, .search, command, searchCommand)
        case .interests: return scoped(&state, .interests, command, interestsCommand)
        }
    }

    /// The wheel sends what ↓ and ↑ send on the screen on top (the next post, the next line),
    /// except on the product sheet, where ↓ would pick another option: scrolling never changes
    /// what is bought. A click is looked up by the runner in the regions the last frame drew
    /// (`Grid.command(atX:y:)`) and arrives as `.command`.
    private static func mouse(_ state: inout AppState, _ event: MouseEvent) -> [Effect] {
        guard !state.isTooSmall else { return [] }
        if case .product = state.top { return [] }
        let keymap = Keymaps.of(state)
        switch event {
        case .wheelDown: return keymap.command(for: .down).map { perform(&state, $0) } ?? []
        case .wheelUp: return keymap.command(for: .up).map { perform(&state, $0) } ?? []
        case .click: return []
        }
    }

    // MARK: - Helpers

    static func quit(_ state: inout AppState) -> [Effect] {
        state.isRunning = false
        return [.quit]
    }

    /// Shows a toast until `Toast.expiresAt` on the monotonic clock: 3 s, or 8 s for a warning
    /// or an error. A `.tick` past it takes it down (`tick`); `Wake.next` wakes the runner then.
    static func showToast(_ state: inout AppState, _ message: String, _ kind: Toast.Kind) {
        let id = state.nextToastID
        state.nextToastID += 1
        let seconds: Double = kind == .warning || kind == .error ? 8 : 3
        state.toast = Toast(id: id, message: message, kind: kind, expiresAt: state.playback.now + seconds)
    }
}
