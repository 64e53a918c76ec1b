import Foundation
import ShopCore

/// What the feed draws from — the posts and their counts, the clip clock and the graphics mode,
/// the marketplace clock for prices and deals — and nothing else of `AppState`: not the route
/// stack, the cart, toasts, accounts or help. A LIVE post and the product sheet's picture draw
/// from it too (issue 12: a draw takes what it shows).
struct FeedScene {
    let catalog: Catalog
    let feed: FeedState
    let social: SocialState
    let playback: PlaybackState
    let graphics: GraphicsStatus
    /// The marketplace clock: prices as of now, deal countdowns, LIVE chat.
    let now: Date
    /// This buyer's orders: LIVE chat tells of their own purchases.
    let orders: [Order]
    let deals: DealDesk

    init(_ state: AppState) {
        catalog = state.catalog
        feed = state.feed
        social = state.social
        playback = state.playback
        graphics = state.graphics
        now = state.market.now
        orders = state.market.orders
        deals = state.deals
    }

    var currentPost: Post? { feed.currentPost(in: catalog) }
    var currentLive: LiveStream? { feed.currentLive(in: catalog) }
    func post(for item: FeedItem) -> Post? { FeedState.post(for: item, in: catalog) }
    func likes(of post: Post) -> Int { social.likes(of: post) }
}
