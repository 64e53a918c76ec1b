import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The cart as a buyer must be able to trust it (issue 11): the selection stays on the item when
/// another window changes the cart, and the prices shown are the prices that will be asked.
@Suite struct CartTrustTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    static let clipBlack = Fixtures.line("clip", "black", 1, cents: 1299)
    static let hush = Fixtures.line("hush", "graphite", 1, cents: 12999)
    static let mug = Fixtures.line("mug", "sky", 1, cents: 1800)

    /// Riverstone (clip, headphones) is listed before Lumen (mug).
    private func cartWithThreeLines() -> AppState {
        var state = Fixtures.state()
        state.send(.cart(.loaded(Cart(lines: [Self.clipBlack, Self.hush, Self.mug]), recovery: nil)))
        state.press("c")
        return state
    }

    @Test func theSelectionFollowsTheItemWhenAnotherWindowRemovesALineAbove() {
        var state = cartWithThreeLines()
        state.press("j")  // the headphones
        state.send(.cart(.changedElsewhere(Cart(lines: [Self.hush, Self.mug]), recovery: nil)))
        #expect(state.press("x") == [.cart(.remove(Self.hush.key))], "x removes the line that was selected, not the mug")
    }

    @Test func theSelectionFollowsTheItemWhenAnotherWindowAddsALineAbove() {
        var state = cartWithThreeLines()
        state.press("jj")  // the mug
        let tortoise = Fixtures.line("clip", "tortoise", 1, cents: 1299)
        state.send(.cart(.changedElsewhere(Cart(lines: [Self.clipBlack, Self.hush, Self.mug, tortoise]), recovery: nil)))
        #expect(state.press("x") == [.cart(.remove(Self.mug.key))])
    }

    @Test func whenTheSelectedLineIsGoneANeighbourIsSelectedAndTheScreenShowsIt() {
        var state = cartWithThreeLines()
        state.press("j")  // the headphones
        state.send(.cart(.changedElsewhere(Cart(lines: [Self.clipBlack, Self.mug]), recovery: nil)))
        #expect(state.toast?.message.contains("Hush ANC Headphones") == true, "says which line went: \(state.toast?.message ?? "")")
        // The line after it is selected, and that is the one drawn as selected.
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        let row = grid.lines.firstIndex { $0.contains("Cloud Mug") }
        #expect(row.map { grid.lines[$0].contains("▸") } == true, "\(grid.text)")
        #expect(state.press("x") == [.cart(.remove(Self.mug.key))])
    }

    @Test func theLastLineGoingSelectsTheOneBefore() {
        var state = cartWithThreeLines()
        state.press("jj")  // the mug, the last line
        state.send(.cart(.changedElsewhere(Cart(lines: [Self.clipBlack, Self.hush]), recovery: nil)))
        #expect(state.press("x") == [.cart(.remove(Self.hush.key))])
    }

    @Test func aDealLineAndARegularLineOfOneVariantAreDifferentItems() {
        var state = Fixtures.liveState()
        var deal = Fixtures.line("clip", "black", 1, cents: 899)
        deal.dealID = "live-1/clip"
        state.send(.cart(.loaded(Cart(lines: [Self.clipBlack, deal, Self.mug]), recovery: nil)))
        state.press("cj")  // the deal line
        state.send(.cart(.changedElsewhere(Cart(lines: [deal, Self.mug]), recovery: nil)))
        #expect(state.press("x") == [.cart(.remove(deal.key))])
    }

    // MARK: - Prices

    @Test func aPriceThatMovedShowsTheCurrentPriceAndWhatItWasWhenAdded() {
        var state = Fixtures.state()
        // Added at $10.00; the catalog asks $12.99 now.
        state.send(.cart(.loaded(Cart(lines: [Fixtures.line("clip", "black", 2, cents: 1000)]), recovery: nil)))
        state.press("c")
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("$25.98"), "two at today's $12.99:\n\(text)")
        #expect(text.contains("was $10.00 when added"))
        #expect(text.contains("Subtotal  $25.98"), "the subtotal uses the current price")
        #expect(!text.contains("$20.00"))
    }

    @Test func anEndedDealLineIsShownAtTheRegularPriceAndSaysTheDealEnded() {
        var state = Fixtures.liveState()
        var deal = Fixtures.line("clip", "black", 1, cents: 899)
        deal.dealID = "live-1/clip"
        state.send(.cart(.loaded(Cart(lines: [deal]), recovery: nil)))
        state.press("c")
        let running = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(running.contains("Subtotal  $8.99"), "while the deal runs, its price:\n\(running)")
        #expect(!running.contains("deal ended"))
        // The clip deal runs for the first 5 minutes of the cycle.
        state.send(.clock(Fixtures.liveDate.addingTimeInterval(300)))
        let ended = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(ended.contains("deal ended"), "\(ended)")
        #expect(ended.contains("Subtotal  $12.99"), "\(ended)")
        #expect(ended.contains("$8.99"), "the deal price it was added at is still shown")
    }

    @Test func aCartWithADealLineIsRedrawnWhileTheDealRuns() {
        var state = Fixtures.liveState()
        var deal = Fixtures.line("clip", "black", 1, cents: 899)
        deal.dealID = "live-1/clip"
        state.send(.cart(.loaded(Cart(lines: [deal]), recovery: nil)))
        state.press("c")
        #expect(MarketTicks.interval(for: state) != nil, "the deal can end while the cart is open")
        state.send(.cart(.loaded(Cart(lines: [Self.mug]), recovery: nil)))
        #expect(MarketTicks.interval(for: state) == nil, "no wake-ups for a cart without deals")
    }
}
