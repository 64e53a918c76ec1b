import ShopCore

/// The feed's keys and what they do (tabs: `FeedTabs.swift`; likes, saves, follows: `FeedSocial.swift`).
extension Keymaps {
    static let scroll = KeyBinding(
        [
            (.character("j"), .nextPost), (.down, .nextPost), (.character(" "), .nextPost), (.pageDown, .nextPost),
            (.character("k"), .previousPost), (.up, .previousPost), (.pageUp, .previousPost),
        ],
        "j k ↓ ↑", "next, previous post", footers: [("j/k", "scroll")])

    public static let feed = Keymap(
        "Feed",
        [
            scroll,
            KeyBinding([.enter], "⏎", "open the product", footer: ("⏎", "view"), .openPost),
            KeyBinding([.character("a")], "a", "add; asks which option", footer: ("a", "add"), .addPost),
            KeyBinding([.character("b")], "b", "buy now, cart untouched", footer: ("b", "buy"), .buyPost),
            cart,
            GlobalKeys.help,
            quit,
            orders,
            KeyBinding([.character("/")], "/", "search products, @creators, #tags", footer: ("/", "search"), .openSearch),
            KeyBinding(
                [(.tab, .nextTab), (.backTab, .previousTab)]
                    + FeedTab.allCases.enumerated().map { (.character(Character("\($0.offset + 1)")), .showTab($0.element)) },
                "tab 1-4", "switch tabs (shift-tab goes back)", footers: [("tab", "tabs")]),
            KeyBinding([.character("p")], "p", "pause or play the clip", footer: ("p", "pause"), .togglePause),
            KeyBinding([.character("L")], "L", "linked accounts", footer: ("L", "accounts"), .openAccounts),
            KeyBinding([.home], "home", "first post", .firstPost),
            KeyBinding([(.character("l"), .like), (.character("s"), .save), (.character("f"), .follow)], "l s f", "like, save, follow"),
            KeyBinding([.character("y")], "y", "share: copy the link", .share),
        ])
}

extension Reducer {
    static func feedCommand(_ state: inout AppState, _ command: Command) -> [Effect] {
        if state.currentLive != nil, let effects = liveCommand(&state, command) { return effects }
        switch command {
        case .nextTab, .previousTab, .showTab: tabCommand(&state, command)
        case .openSearch: openSearch(&state)
        case .nextPost: moveFeed(&state, by: 1)
        case .previousPost: moveFeed(&state, by: -1)
        case .firstPost: state.feed.index = 0
        case .openPost:
            if let post = state.currentPost { openProduct(&state, post.productID) }
        case .addPost:
            if let post = state.currentPost { return addOrBuy(&state, productID: post.productID, intent: .add) }
        case .buyPost:
            guard let post = state.currentPost else { return [] }
            return addOrBuy(&state, productID: post.productID, intent: .buy)
        case .openCart: state.routes.append(.cart(CartScreenState()))
        case .togglePause: togglePause(&state)
        case .quit: return quit(&state)
        case .openOrders: return openOrders(&state)
        case .openAccounts: return openAccounts(&state)
        default: return socialCommand(&state, command) ?? []
        }
        return []
    }

    static func moveFeed(_ state: inout AppState, by delta: Int) {
        let count = state.feed.items.count
        guard count > 0 else { return }
        state.feed.index = (state.feed.index + delta + count) % count
    }
}
