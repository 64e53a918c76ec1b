import Foundation
import ShopCore
import Testing

/// The tabs' lists: For You mixes ranked posts, ads at a steady cadence and LIVE streams.
@Suite struct FeedComposerTests {
    static func post(_ id: String, _ creator: String, sponsor: String? = nil, likes: Int = 100) -> Post {
        Post(
            id: id, creatorHandle: creator, caption: id, hashtags: [], sound: "s", media: "media/a.png", productID: "clip",
            likes: likes, comments: 0, shares: 0, sponsoredBy: sponsor)
    }

    /// 20 organic posts by two creators, three sponsored ones, two streams.
    static let catalog: Catalog = {
        let organic = (1...20).map { post("p\($0)", $0 % 2 == 0 ? "zoe" : "sam") }
        let ads = (1...3).map { post("ad\($0)", "brand", sponsor: "m") }
        var live2 = DealFixture.live
        live2.id = "live-2"
        live2.hostHandle = "sam"
        return Catalog(
            directory: URL(fileURLWithPath: "/nonexistent"), marketplaces: DealFixture.catalog.marketplaces,
            creators: ["zoe", "sam", "brand"].map { Creator(handle: $0, displayName: $0, followers: 1) },
            products: [DealFixture.clip], posts: Array(organic[..<5]) + [ads[0]] + Array(organic[5...]) + Array(ads[1...]),
            lives: [DealFixture.live, live2])
    }()

    @Test func forYouPlacesAdsEverySeventhAndStreamsEarly() {
        let items = FeedComposer().items(for: .forYou, catalog: Self.catalog, social: SocialState())
        #expect(items.count == 24, "22 posts (the third ad would come after the last organic post, so it waits) and 2 streams")
        #expect(items[3] == .live("live-1"), "the first stream comes fourth")
        #expect(items[16] == .live("live-2"), "then one every 12 items")
        let withoutLives = items.filter { if case .post = $0 { true } else { false } }
        let adPositions = withoutLives.enumerated().compactMap { index, item -> Int? in
            if case .post(let id) = item, id.hasPrefix("ad") { return index } else { return nil }
        }
        #expect(adPositions == [7, 15], "one ad after every 7 organic posts, never two together")
        // With nothing known about the user the organic order is the catalog's.
        #expect(withoutLives.prefix(3) == [.post("p1"), .post("p2"), .post("p3")])
    }

    @Test func interestsReorderForYou() {
        var social = SocialState()
        social.toggleFollow("sam")
        let items = FeedComposer().items(for: .forYou, catalog: Self.catalog, social: social)
        let first = items.first { if case .post = $0 { true } else { false } }
        #expect(first == .post("p1"), "sam's posts (odd) lead now")
        #expect(items.contains(.post("ad1")), "ads stay in")
    }

    @Test func followingLiveAndSavedTabs() {
        var social = SocialState()
        #expect(FeedComposer().items(for: .following, catalog: Self.catalog, social: social).isEmpty)
        social.toggleFollow("sam")
        social.toggleSave("p4")
        social.toggleSave("ad2")
        let following = FeedComposer().items(for: .following, catalog: Self.catalog, social: social)
        #expect(following.first == .live("live-2") && following.count == 11)
        #expect(FeedComposer().items(for: .live, catalog: Self.catalog, social: social) == [.live("live-1"), .live("live-2")])
        #expect(FeedComposer().items(for: .saved, catalog: Self.catalog, social: social) == [.post("p4"), .post("ad2")])
    }
}
