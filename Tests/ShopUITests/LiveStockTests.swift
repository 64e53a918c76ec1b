import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The storefront shows the marketplaces' live stock (issue 13: a unit another visitor bought is
/// gone for everyone): asked for when the user moves, at most every few seconds, at once after an
/// order, never while idle; the answer replaces the catalog's stock everywhere it is drawn.
@Suite struct LiveStockTests {
    static func state(width: Int = 120, height: Int = 40) -> AppState {
        var state = Fixtures.state(width, height)
        state.market.liveStock = true
        _ = Reducer.reduce(&state, .tick(now: 1))
        return state
    }

    /// The stock request among `effects`, by marketplace id (nil: none asked).
    static func askedStock(_ effects: [Effect]) -> [String: Set<String>]? {
        for case .market(.refreshStock(let wanted)) in effects { return wanted }
        return nil
    }

    static func asksForStock(_ effects: [Effect]) -> Bool { askedStock(effects) != nil }

    /// A feed of `count` posts, one product each, on two marketplaces by turns (`item-N`).
    static func longFeed(_ count: Int) -> AppState {
        let products = (0..<count).map { index in
            Product(
                id: "item-\(index)", marketplaceID: index.isMultiple(of: 2) ? "riverstone" : "lumen", title: "Item \(index)",
                description: "", category: "home", price: Money(minorUnits: 1000, currency: "USD"), rating: 4, reviewCount: 1,
                soldCount: 0, variants: [Variant(id: "v", options: [:], stock: 5)], media: "media/mug.png")
        }
        let posts = products.map { product in
            Post(
                id: "post-\(product.id)", creatorHandle: "hairbyzoe", caption: product.title, hashtags: [], sound: "", media: "media/mug.png",
                productID: product.id, likes: 1, comments: 0, shares: 0)
        }
        let catalog = Catalog(
            directory: URL(fileURLWithPath: "/nonexistent"), marketplaces: Fixtures.catalog.marketplaces, creators: Fixtures.catalog.creators,
            products: products, posts: posts)
        var state = AppState(catalog: catalog, size: Size(width: 120, height: 40))
        state.market.now = Fixtures.date
        state.market.liveStock = true
        _ = Reducer.reduce(&state, .tick(now: 1))
        return state
    }

    /// The products a request named, all marketplaces together.
    static func named(_ wanted: [String: Set<String>]?) -> Set<String> { wanted?.values.reduce(into: []) { $0.formUnion($1) } ?? [] }

    /// At 10,000 products the whole list was 1.5 MB an answer: the storefront asks only for
    /// the post on screen and the few around it, each marketplace for its own products.
    @Test func asksOnlyForTheProductsNearTheScreenEachMarketplaceForItsOwn() throws {
        var state = Self.longFeed(40)
        let first = try #require(Self.askedStock(state.send(.market(.startUpSettled))))
        #expect(Self.named(first) == Set((0...StockRefresh.ahead).map { "item-\($0)" }))
        #expect(first["riverstone"]?.allSatisfy { Int($0.dropFirst(5))!.isMultiple(of: 2) } == true)
        #expect(first["lumen"]?.allSatisfy { !Int($0.dropFirst(5))!.isMultiple(of: 2) } == true)
        state.send(.market(.stockLoaded([:], at: state.market.now)), .clock(state.market.now.addingTimeInterval(StockRefresh.minimumGap)))
        for _ in 0..<20 { _ = Reducer.reduce(&state, .key(.character("j"))) }
        state.send(.market(.stockLoaded([:], at: state.market.now)), .clock(state.market.now.addingTimeInterval(StockRefresh.minimumGap)))
        let later = try #require(Self.askedStock(state.press("j")))
        let index = state.feed.index
        #expect(Self.named(later) == Set((index - StockRefresh.behind...index + StockRefresh.ahead).map { "item-\($0)" }))
    }

    /// Within the gap a move still asks when the post now on screen was not in the last request
    /// (its stock would otherwise be the catalog's until the next move after the gap).
    @Test func aPostTheLastRequestDidNotCoverIsAskedForAtOnce() throws {
        var state = Self.longFeed(40)
        state.send(.market(.startUpSettled), .market(.stockLoaded([:], at: state.market.now)))
        #expect(!Self.asksForStock(state.press("j")), "post 2 was in the first request, within the gap")
        state.send(.market(.stockLoaded([:], at: state.market.now)))
        var asked: [String: Set<String>]?
        while asked == nil, state.feed.index < StockRefresh.ahead + 1 { asked = Self.askedStock(state.press("j")) }
        #expect(state.feed.index == StockRefresh.ahead + 1, "asked when the feed reached the first post beyond the request")
        #expect(Self.named(asked).contains("item-\(StockRefresh.ahead + 1)"))
    }

    @Test func movingAsksOnceWhileAnAnswerIsOutAndAgainOnlyAfterTheGap() {
        var state = Self.state()
        #expect(!Self.asksForStock(state.send(.tick(now: 2), .clock(Fixtures.date.addingTimeInterval(1)))), "time alone asks nothing")
        #expect(Self.asksForStock(state.press("j")))
        #expect(!Self.asksForStock(state.press("j")), "one request at a time")
        state.send(.market(.stockLoaded([:], at: state.market.now)))
        #expect(state.market.stockCheckedAt == state.market.now && !state.market.stockLoading)
        #expect(!Self.asksForStock(state.press("k")), "within \(StockRefresh.minimumGap) s of the last answer")
        state.send(.clock(state.market.now.addingTimeInterval(StockRefresh.minimumGap)))
        #expect(Self.asksForStock(state.press("k")))
        // Opening a page is a move too.
        state.send(.market(.stockLoaded([:], at: state.market.now)), .clock(state.market.now.addingTimeInterval(10)))
        #expect(Self.asksForStock(state.press("c")))
    }

    @Test func withoutMarketplacesNothingIsAsked() {
        var state = Self.state()
        state.market.liveStock = false
        #expect(!Self.asksForStock(state.press("jkjc")))
    }

    @Test func theAnswerReplacesTheStockTheScreensDraw() {
        var state = Self.state()
        let theme = Theme(capability: .ansi256, unicode: true)
        _ = Reducer.reduce(&state, .key(.enter))
        let before = AppView.render(state, theme: theme, library: Fixtures.clips).text
        #expect(before.contains("only 3 left"), "the product sheet shows the catalog's stock first:\n\(before)")
        state.send(
            .market(
                .stockLoaded(
                    [
                        "riverstone": [
                            StockLevel(productID: "clip", variantID: "black", available: 139),
                            StockLevel(productID: "clip", variantID: "tortoise", available: 2),
                            StockLevel(productID: "gone", variantID: "x", available: 5),
                        ]
                    ], at: state.market.now)))
        #expect(state.catalog.product("clip")?.variant("black")?.stock == 139)
        #expect(state.catalog.product("clip")?.variant("cream")?.stock == 0, "a variant not listed keeps its stock")
        #expect(state.catalog.product("mug")?.variant("sky")?.stock == 38)
        let after = AppView.render(state, theme: theme, library: Fixtures.clips).text
        #expect(after.contains("only 2 left") && !after.contains("only 3 left"), "\(after)")
        // Sold out elsewhere: the sheet says so and offers no buy button for it.
        state.send(
            .market(
                .stockLoaded(
                    [
                        "riverstone": [
                            StockLevel(productID: "clip", variantID: "tortoise", available: 0),
                            StockLevel(productID: "clip", variantID: "black", available: -5),
                        ]
                    ], at: state.market.now)))
        #expect(state.catalog.product("clip")?.variant("black")?.stock == 0, "a negative count is none")
        let sold = AppView.render(state, theme: theme, library: Fixtures.clips).text
        #expect(sold.contains("sold out") && sold.contains("Sold out"), "\(sold)")
    }
}
