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

    static func asksForStock(_ effects: [Effect]) -> Bool { effects.contains(.market(.refreshStock)) }

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
