import Foundation
import ShopCore

/// The storefront shows what the marketplaces can sell now (their `GET …/products`), so a unit
/// another visitor bought is gone here too. It asks only for the products near the screen — the
/// feed's item and a few either side, a LIVE stream's deals, an open product sheet — never the
/// whole catalog: 10,000 products are 1.5 MB of answer and as much memory kept by the allocator.
/// Asked for when the user moves (another post, a page opened or closed) at most every
/// `minimumGap` seconds unless what is on screen was not in the last request, and at once after
/// orders were placed — never on a timer: an idle storefront stays idle (`MarketTicks`).
enum StockRefresh {
    static let minimumGap: TimeInterval = 3
    /// Feed items asked for around the current one: behind it and ahead (the way a feed is read).
    static let behind = 2
    static let ahead = 5

    static func wanted(_ state: AppState, moved: Bool, after action: Action) -> Bool {
        guard state.market.liveStock, !state.market.stockLoading else { return false }
        if case .market(.placed(let result)) = action, !result.newlyPlaced.isEmpty { return true }
        guard moved else { return false }
        guard let checked = state.market.stockCheckedAt else { return true }
        if !onScreen(state).isSubset(of: state.market.stockAsked) { return true }
        return state.market.now.timeIntervalSince(checked) >= minimumGap
    }

    /// What a request asks for: what is on screen and the feed items around it.
    static func products(_ state: AppState) -> Set<String> {
        var ids = onScreen(state)
        let items = state.feed.items
        if !items.isEmpty {
            let low = max(0, state.feed.index - behind), high = min(items.count - 1, state.feed.index + ahead)
            if low <= high {
                for item in items[low...high] { ids.formUnion(products(of: item, in: state.catalog)) }
            }
        }
        return ids
    }

    /// The products whose stock the screen shows now: the feed's item and every product sheet.
    static func onScreen(_ state: AppState) -> Set<String> {
        var ids = state.currentItem.map { products(of: $0, in: state.catalog) } ?? []
        for case .product(let sheet) in state.routes { ids.insert(sheet.productID) }
        return ids
    }

    private static func products(of item: FeedItem, in catalog: Catalog) -> Set<String> {
        switch item {
        case .post(let id):
            return catalog.post(id).map { [$0.productID] } ?? []
        case .live(let id):
            guard let live = catalog.live(id) else { return [] }
            return Set(live.deals.map(\.productID) + [live.clipPost.productID])
        }
    }
}
