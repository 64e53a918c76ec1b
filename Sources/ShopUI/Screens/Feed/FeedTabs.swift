import ShopCore

/// The feed's tabs (For You, Following, LIVE, Saved): switching with Tab, Shift-Tab or 1–4,
/// and rebuilding a tab's list when what it depends on changes (a follow, a save, interests).
extension Reducer {
    static func tabCommand(_ state: inout AppState, _ command: Command) {
        let tabs = FeedTab.allCases
        guard let current = tabs.firstIndex(of: state.feed.tab) else { return }
        switch command {
        case .nextTab: switchTab(&state, to: tabs[(current + 1) % tabs.count])
        case .previousTab: switchTab(&state, to: tabs[(current - 1 + tabs.count) % tabs.count])
        case .showTab(let tab): switchTab(&state, to: tab)
        default: break
        }
    }

    static func switchTab(_ state: inout AppState, to tab: FeedTab) {
        guard tab != state.feed.tab else { return }
        if let item = state.currentItem { state.feed.positions[state.feed.tab] = item }
        state.feed.tab = tab
        recomposeFeed(&state, keeping: state.feed.positions[tab])
    }

    /// Rebuilds the current tab's items, staying on `item` (or the current one) if it is still there.
    static func recomposeFeed(_ state: inout AppState, keeping item: FeedItem? = nil) {
        let keep = item ?? state.currentItem
        let bought = state.market.orders.flatMap(\.lines).map(\.productID)
        state.feed.items = FeedComposer().items(for: state.feed.tab, catalog: state.catalog, social: state.social, boughtProductIDs: bought)
        state.feed.index = keep.flatMap { state.feed.items.firstIndex(of: $0) } ?? 0
    }

    /// What an empty tab says instead of a post.
    static func emptyTabMessage(_ tab: FeedTab) -> String {
        switch tab {
        case .forYou: return "This catalog has no posts."
        case .following: return "Follow creators with f and their posts and LIVE streams gather here."
        case .live: return "No one is LIVE right now."
        case .saved: return "Save posts with s to find them here later."
        }
    }
}
