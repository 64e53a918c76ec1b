import ShopCore

/// The vertical feed: which tab, its posts in order, and which one fills the screen.
public struct FeedState: Sendable, Equatable {
    public var tab: FeedTab = .forYou
    public var items: [FeedItem]
    public var index = 0
    /// Where each tab was left, so coming back shows the same item.
    public var positions: [FeedTab: FeedItem] = [:]

    public init(items: [FeedItem]) { self.items = items }
}

extension FeedState {
    public var currentItem: FeedItem? { items.indices.contains(index) ? items[index] : nil }

    /// The post on screen; a LIVE stream shows as its `clipPost`.
    public func currentPost(in catalog: Catalog) -> Post? { currentItem.flatMap { Self.post(for: $0, in: catalog) } }

    /// The LIVE stream on screen, if the current item is one.
    public func currentLive(in catalog: Catalog) -> LiveStream? {
        guard case .live(let id) = currentItem else { return nil }
        return catalog.live(id)
    }

    public static func post(for item: FeedItem, in catalog: Catalog) -> Post? {
        switch item {
        case .post(let id): return catalog.post(id)
        case .live(let id): return catalog.live(id)?.clipPost
        }
    }
}
