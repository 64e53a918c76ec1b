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
