import Foundation
import ShopCore
import Testing

/// A feed built in code: three creators, three categories, known engagement.
private enum FeedFixture {
    static func product(_ id: String, _ category: String, title: String) -> Product {
        Product(
            id: id, marketplaceID: "m", title: title, description: "", category: category,
            price: Money(minorUnits: 1000, currency: "USD"), rating: 4, reviewCount: 1, soldCount: 1,
            variants: [Variant(id: "v", options: [:], stock: 5)], media: "media/x.png")
    }

    static func post(_ id: String, _ creator: String, _ product: String, likes: Int, tags: [String] = []) -> Post {
        Post(
            id: id, creatorHandle: creator, caption: id, hashtags: tags, sound: "s", media: "media/x.png",
            productID: product, likes: likes, comments: 0, shares: 0)
    }

    static let catalog = Catalog(
        directory: URL(fileURLWithPath: "/nonexistent"),
        marketplaces: [Marketplace(id: "m", name: "Market", shippingPromise: "", deliveryDays: 2, returnPolicy: "")],
        creators: [
            Creator(handle: "zoe", displayName: "Zoë Park", followers: 10),
            Creator(handle: "sam", displayName: "Sam Okafor", followers: 10),
            Creator(handle: "jules", displayName: "Jules Moreau", followers: 10),
        ],
        products: [
            product("clip", "Hair accessories", title: "Matte Claw Clip"),
            product("runner", "Sneakers", title: "Cloudstep Knit Runners"),
            product("mug", "Home", title: "Cloud Mug"),
        ],
        posts: [
            post("s1", "sam", "runner", likes: 900_000, tags: ["sneakertok"]),
            post("s2", "sam", "runner", likes: 800_000, tags: ["sneakertok", "deal"]),
            post("s3", "sam", "runner", likes: 700_000),
            post("z1", "zoe", "clip", likes: 5_000, tags: ["hairtok"]),
            post("j1", "jules", "mug", likes: 4_000, tags: ["cozy"]),
            post("z2", "zoe", "clip", likes: 3_000, tags: ["hairtok"]),
        ])
}

@Suite struct FeedRankerTests {
    let ranker = FeedRanker()

    @Test func withNoSignalsEngagementOrdersTheFeedButOneCreatorDoesNotFillIt() {
        let ranked = ranker.rank(FeedFixture.catalog.posts, catalog: FeedFixture.catalog, social: SocialState())
        #expect(ranked.map(\.post.id) == ["s1", "z1", "j1", "s2", "z2", "s3"])
        #expect(ranked.allSatisfy { $0.reasons == ["popular"] })
        // Variety: no creator twice within `spacing` (2) posts while others remain.
        for (index, entry) in ranked.enumerated().dropFirst(1) where index < 4 {
            #expect(entry.post.creatorHandle != ranked[index - 1].post.creatorHandle)
        }
    }

    @Test func pickedInterestsMoveTheirCategoryUpAndSayWhy() {
        let social = SocialState(interests: ["Hair accessories"], onboarded: true)
        let ranked = ranker.rank(FeedFixture.catalog.posts, catalog: FeedFixture.catalog, social: social)
        #expect(ranked.first?.post.id == "z1")
        #expect(ranked.first?.reasons == ["you picked Hair accessories"])
        // Zoe's second post still waits for other creators first.
        #expect(ranked[1].post.creatorHandle != "zoe")
        #expect(ranked.firstIndex { $0.post.id == "z2" }! < ranked.firstIndex { $0.post.id == "s3" }!)
    }

    @Test func likesFollowsAndPurchasesAllCount() {
        let liked = ranker.rank(
            FeedFixture.catalog.posts, catalog: FeedFixture.catalog,
            social: SocialState(likedPosts: ["j1"]))
        let mug = liked.first { $0.post.id == "j1" }!
        #expect(mug.reasons == ["you liked 1 Home post", "you liked @jules"])
        let followed = ranker.rank(
            FeedFixture.catalog.posts, catalog: FeedFixture.catalog,
            social: SocialState(followedCreators: ["jules"]))
        #expect(followed.first?.post.id == "j1")
        let bought = ranker.rank(
            FeedFixture.catalog.posts, catalog: FeedFixture.catalog, social: SocialState(),
            boughtProductIDs: ["mug"])
        #expect(bought.first?.post.id == "j1")
        #expect(bought.first?.reasons == ["you bought Home"])
    }

    @Test func theScoreIsExplainedByTheWeights() {
        let social = SocialState(interests: ["Home"])
        let ranked = ranker.rank(FeedFixture.catalog.posts, catalog: FeedFixture.catalog, social: social)
        let mug = ranked.first { $0.post.id == "j1" }!
        #expect(abs(mug.score - (log10(4_000) * ranker.weights.engagement + ranker.weights.pickedInterest)) < 1e-9)
    }
}

@Suite struct SearchIndexTests {
    let index = SearchIndex(catalog: FeedFixture.catalog)

    @Test func findsProductsCreatorsAndHashtagsAsYouType() {
        #expect(index.search("clo").map(\.id) == ["runner", "mug"])
        #expect(index.search("cloud m").map(\.id) == ["mug"])
        #expect(index.search("#hair").map(\.id) == ["hairtok"])
        #expect(index.search("@sam").map(\.kind) == [.creator])
        #expect(index.search("zoe").first?.id == "zoe", "accents and case are ignored (Zoë)")
        #expect(index.search("SNEAK").map(\.id) == ["runner", "sneakertok"])
        #expect(index.search("").isEmpty && index.search("   ").isEmpty)
        #expect(index.search("nothing-like-this").isEmpty)
    }

    @Test func hashtagsCountTheirPosts() {
        #expect(index.search("sneakertok").first?.subtitle == "2 posts")
        #expect(index.search("cozy").first?.subtitle == "1 post")
    }
}

@Suite struct SocialStoreTests {
    @Test func likesSavesAndFollowsPersistSortedAndPrivate() throws {
        let temp = try TemporaryDirectory("social")
        defer { temp.remove() }
        let directory = StateDirectory(url: temp.url)
        let store = SocialStore(stateDirectory: directory)
        #expect(try store.toggleLike("p2").isOn)
        #expect(try store.toggleLike("p1").isOn)
        #expect(try store.toggleSave("p1").isOn)
        #expect(try store.toggleFollow("zoe").isOn)
        #expect(try store.toggleLike("p2").isOn == false, "a second like takes it back")
        let (state, recovery) = try SocialStore(stateDirectory: directory).load()
        #expect(recovery == nil)
        #expect(state.likedPosts == ["p1"] && state.savedPosts == ["p1"] && state.followedCreators == ["zoe"])
        var info = stat()
        #expect(stat(directory.file("social.json").path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test func twoWindowsLikingAtOnceKeepEveryLike() async throws {
        let temp = try TemporaryDirectory("social-concurrent")
        defer { temp.remove() }
        let directory = StateDirectory(url: temp.url)
        await withTaskGroup(of: Void.self) { group in
            for window in 0..<2 {
                group.addTask {
                    let store = SocialStore(stateDirectory: directory)
                    for n in 0..<50 { _ = try? store.toggleLike("w\(window)-\(n)") }
                }
            }
        }
        let state = try SocialStore(stateDirectory: directory).load().state
        #expect(state.likedPosts.count == 100)
        #expect(state.likedPosts == state.likedPosts.sorted())
    }

    @Test func interestsAreRemembered() throws {
        let temp = try TemporaryDirectory("interests")
        defer { temp.remove() }
        let store = SocialStore(stateDirectory: StateDirectory(url: temp.url))
        #expect(try store.load().state.onboarded == false)
        let state = try store.setInterests(["Home", "Sneakers", "Home", "Beauty"])
        #expect(state.interests == ["Beauty", "Home", "Sneakers"] && state.onboarded)
    }
}
