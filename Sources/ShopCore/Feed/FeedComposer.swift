/// Builds each tab's list of feed items from the catalog and what the user did.
///
/// For You: organic posts ranked by `FeedRanker`, sponsored posts at a steady cadence
/// (`SponsoredInterleaver`), and LIVE streams dropped in early and then now and again.
/// Following: posts by followed creators and their streams. LIVE: every stream. Saved: saved
/// posts, newest save order being unknown, in catalog order.
public struct FeedComposer: Sendable {
    /// One sponsored post after every this many organic posts.
    public var sponsoredEvery = 7
    /// The first stream comes after this many items, the next ones every `liveEvery` after it.
    public var firstLiveAfter = 3
    public var liveEvery = 12
    public var ranker = FeedRanker()

    public init() {}

    public func items(for tab: FeedTab, catalog: Catalog, social: SocialState, boughtProductIDs: [String] = []) -> [FeedItem] {
        switch tab {
        case .forYou:
            let organic = catalog.posts.filter { $0.sponsoredBy == nil }
            let sponsored = catalog.posts.filter { $0.sponsoredBy != nil }
            let ranked =
                hasSignals(social, boughtProductIDs)
                ? ranker.rank(organic, catalog: catalog, social: social, boughtProductIDs: boughtProductIDs).map(\.post)
                : organic  // nothing known yet: the catalog's editorial order
            var items = SponsoredInterleaver.interleave(organic: ranked, sponsored: sponsored, every: sponsoredEvery).map { FeedItem.post($0.id) }
            var position = firstLiveAfter
            for live in catalog.lives where position <= items.count {
                items.insert(.live(live.id), at: position)
                position += liveEvery + 1
            }
            return items
        case .following:
            let followed = Set(social.followedCreators)
            return catalog.lives.filter { followed.contains($0.hostHandle) }.map { .live($0.id) }
                + catalog.posts.filter { followed.contains($0.creatorHandle) }.map { .post($0.id) }
        case .live:
            return catalog.lives.map { .live($0.id) }
        case .saved:
            let saved = Set(social.savedPosts)
            return catalog.posts.filter { saved.contains($0.id) }.map { .post($0.id) }
        }
    }

    private func hasSignals(_ social: SocialState, _ bought: [String]) -> Bool {
        !(social.interests.isEmpty && social.likedPosts.isEmpty && social.savedPosts.isEmpty
            && social.followedCreators.isEmpty && bought.isEmpty)
    }
}
