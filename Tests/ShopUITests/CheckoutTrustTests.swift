import Foundation
@testable import ShopCore
import Testing
@testable import ShopUI

/// Issue 11's "wrong for a user" list for checkout and orders, through `reduce` and `render`.
@Suite struct CheckoutTrustTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    /// A cart checkout quoted with Riverstone linked and Lumen not; the selection is where the
    /// first quote put it (on Lumen, to link).
    func quotedWithLumenUnlinked() throws -> AppState {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan, linked: ["riverstone"])))
        return state
    }

    /// What the coordinator answers after placing Riverstone (and leaving Lumen unlinked).
    func placedRiverstone(_ state: AppState) throws -> CheckoutResult {
        var plan = try #require(state.checkout).plan
        let order = MarketFixtures.order(plan.groups[0], id: "RS-1")
        plan.groups[0].status = .placed(order)
        var cart = state.cart
        cart.removeOrdered(order.lines)
        return CheckoutResult(plan: plan, newlyPlaced: [order], failures: [:], cart: cart, cartError: nil)
    }

    @Test func afterAPartialCheckoutOOpensTheOrders() throws {
        var state = try quotedWithLumenUnlinked()
        state.press("k")
        state.key(.enter)
        #expect(state.checkout?.phase == .confirming)
        state.press("y")
        state.market(.placed(try placedRiverstone(state)))
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("o orders"), "the footer offers o")
        #expect(state.toast?.message.contains("with o") == true)
        state.press("o")
        guard case .orders = state.top else {
            Issue.record("o after a partial checkout opens the orders screen, as the message says; top is \(String(describing: state.top))")
            return
        }
    }

    @Test func aVoucherKeepsTheSelectionWhereItWas() throws {
        var state = try quotedWithLumenUnlinked()
        #expect(state.checkout?.selection == 1, "the first quote selects the marketplace to link")
        state.press("k")
        #expect(state.checkout?.selection == 0)
        state.press("v")
        state.press("reel10")
        state.key(.enter)
        let plan = try #require(state.checkout).plan
        #expect(plan.groups[0].voucherCode == "REEL10")
        state.market(.quoted(MarketFixtures.quoted(plan, linked: ["riverstone"])))
        #expect(state.checkout?.selection == 0, "still on Riverstone, where the voucher was typed")
        #expect(state.checkout?.plan.groups[0].quote?.voucher?.code == "REEL10")
    }

    @Test func linkingOneMarketplaceStillSelectsTheNextToLink() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan, linked: [])))
        #expect(state.checkout?.selection == 0)
        state.key(.enter)
        state.key(.enter)
        state.market(.linkStarted(marketplaceID: "riverstone", .success(MarketFixtures.authorization()), at: MarketFixtures.now))
        state.market(.linkPolled(marketplaceID: "riverstone", .linked(MarketFixtures.account("riverstone")), at: MarketFixtures.now))
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan, linked: ["riverstone"])))
        #expect(state.checkout?.selection == 1, "back from linking Riverstone, Lumen is next")
        // A re-quote by hand leaves the selection alone.
        state.press("k")
        state.press("r")
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan, linked: ["riverstone"])))
        #expect(state.checkout?.selection == 0)
    }

    @Test func anAcceptedPriceIsNotAskedForAgainOncePlaced() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        // The marketplace charges $14.99 for the clip, not the $12.99 in the cart and catalog.
        var plan = MarketFixtures.quoted(try #require(state.checkout).plan)
        guard case .quoted(var quote) = plan.groups[0].status else { Issue.record("quoted"); return }
        quote.lines[0].unitPrice = MarketFixtures.usd(1499)
        quote.subtotal = MarketFixtures.usd(1499)
        quote.total = quote.subtotal + quote.shipping + quote.tax
        plan.groups[0].status = .quoted(quote)
        state.market(.quoted(plan))
        #expect(AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("press p to accept"))
        state.press("p")
        #expect(!AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("press p to accept"), "accepted")
        state.key(.enter)
        state.press("y")

        var placed = try #require(state.checkout).plan
        var order = MarketFixtures.order(placed.groups[0], id: "RS-7")
        order.lines = quote.lines
        placed.groups[0].status = .placed(order)
        placed.groups[1].status = .placed(MarketFixtures.order(placed.groups[1], id: "LB-8"))
        state.market(.placed(CheckoutResult(plan: placed, newlyPlaced: [order], failures: [:], cart: Cart(), cartError: nil)))
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("Order RS-7"))
        #expect(!text.contains("press p to accept"), "the placed view does not ask again:\n\(text)")
        #expect(!text.contains("accept prices"))
        #expect(text.contains("$14.99"), "the line shows what was charged")
    }

    @Test(arguments: [(80, 24), (80, 22), (100, 30), (160, 48)])
    func oneOrderShowsItsWholeTimeline(width: Int, height: Int) throws {
        var state = MarketFixtures.stateWithCart(width: width, height: height)
        let plan = MarketFixtures.quoted(CheckoutPlan.cart(state.cart, catalog: state.catalog, attemptID: "a"))
        state.market.orders = [MarketFixtures.order(plan.groups[0], id: "RS-100-2000001", status: .shipped)]
        state.routes = [.orders(OrdersScreenState())]
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        let text = grid.text
        for step in ["Placed ·", "Shipped ·", "Out for delivery", "Delivered"] {
            #expect(text.contains(step), "\(step) is shown at \(width)x\(height):\n\(text)")
        }
        #expect(!text.contains("▼"), "nothing is hidden below at \(width)x\(height)")
    }

    // MARK: - A cart that changes underneath an open checkout

    @Test func anotherWindowOrderingTheCartEmptiesThisCheckout() throws {
        // Window B is at "Place 2 orders? y/n" when window A's order takes every line out.
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        let before = try #require(state.checkout).plan
        state.market(.quoted(MarketFixtures.quoted(before)))
        state.key(.enter)
        #expect(state.checkout?.phase == .confirming)
        let effects = state.send(.cart(.changedElsewhere(Cart(), recovery: nil)))
        let checkout = try #require(state.checkout)
        #expect(checkout.plan.attemptID != before.attemptID, "a new attempt: no key of the old one can be reused")
        #expect(checkout.plan.groups.isEmpty)
        #expect(checkout.phase == .review)
        #expect(!effects.contains { if case .market(.quote) = $0 { return true } else { return false } })
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("The cart changed in another window: nothing is left to order."))
        #expect(!text.contains("Place 2 orders"))
        #expect(!text.contains("to place"))
        #expect(!text.contains("⏎ place"), "no key offers to place")
        #expect(state.press("y").isEmpty)
        #expect(state.key(.enter).allSatisfy { if case .market = $0 { return false } else { return true } })
        #expect(state.toast?.message == "Nothing here can be ordered right now.")
    }

    @Test func aChangedLineIsPricedAgainKeepingTheVoucherAndWhatWasPlaced() throws {
        var state = try quotedWithLumenUnlinked()
        state.press("k")
        state.press("v")
        state.press("reel10")
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan, linked: ["riverstone"])))
        // Another window adds a second mug.
        var cart = state.cart
        cart.add(CartLineKey(productID: "mug", variantID: "sky"), quantity: 1, unitPrice: MarketFixtures.usd(1800), at: MarketFixtures.now)
        let effects = state.send(.cart(.changedElsewhere(cart, recovery: nil)))
        let checkout = try #require(state.checkout)
        #expect(effects.contains(.market(.quote(checkout.plan))), "priced again")
        #expect(checkout.phase == .quoting)
        #expect(checkout.plan.group("riverstone")?.voucherCode == "REEL10")
        #expect(checkout.plan.group("lumen")?.lines.first?.quantity == 3)
        #expect(checkout.selection == 0, "still on Riverstone")
        #expect(AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("The cart changed in another window, so this checkout was"))
        state.market(.quoted(MarketFixtures.quoted(checkout.plan, linked: ["riverstone"])))
        #expect(state.checkout?.selection == 0, "a re-pricing does not move the selection")

        // While placing, a change waits for the answer (it says what happened itself).
        state.key(.enter)
        state.press("y")
        #expect(state.checkout?.phase == .placing)
        cart.add(CartLineKey(productID: "mug", variantID: "sky"), quantity: 1, unitPrice: MarketFixtures.usd(1800), at: MarketFixtures.now)
        let attempt = try #require(state.checkout).plan.attemptID
        state.send(.cart(.changedElsewhere(cart, recovery: nil)))
        #expect(state.checkout?.plan.attemptID == attempt)
        #expect(state.checkout?.phase == .placing)
    }

    @Test func aStaleAnswerPricesTheCheckoutAgainAndSaysNothingWasPlaced() throws {
        var state = try quotedWithLumenUnlinked()
        state.press("k")
        state.key(.enter)
        state.press("y")
        let plan = try #require(state.checkout).plan
        var now = Cart()
        now.add(CartLineKey(productID: "mug", variantID: "sky"), quantity: 2, unitPrice: MarketFixtures.usd(1800), at: MarketFixtures.now)
        var result = CheckoutResult(plan: plan, newlyPlaced: [], failures: [:], cart: nil, cartError: nil)
        result.staleCart = now
        let effects = state.market(.placed(result))
        let checkout = try #require(state.checkout)
        #expect(checkout.plan.groups.map(\.marketplaceID) == ["lumen"])
        #expect(effects.contains(.market(.quote(checkout.plan))))
        #expect(state.toast?.message.hasPrefix("Nothing was placed: the cart changed since this checkout was priced") == true)
        #expect(state.toast?.kind == .warning)
        #expect(checkout.notice?.hasPrefix("The cart changed since this checkout was priced, so this checkout was priced again") == true)
    }

    @Test func finishingAnInterruptedOrderAtStartUpSaysSoAndShowsTheCart() throws {
        var state = MarketFixtures.stateWithCart()
        let plan = MarketFixtures.quoted(CheckoutPlan.cart(state.cart, catalog: state.catalog, attemptID: "old"))
        let order = MarketFixtures.order(plan.groups[0], id: "RS-9")
        var after = state.cart
        after.removeOrdered(order.lines)
        #expect(state.market(.reconciled(ReconcileReport())).isEmpty, "nothing to say when nothing was pending")
        let effects = state.market(.reconciled(ReconcileReport(outcomes: [.recorded(order)], cart: after)))
        #expect(state.cart == after)
        #expect(effects.contains(.market(.loadOrders)))
        #expect(state.toast?.message == "Finished an order interrupted earlier: Riverstone Market RS-9, \(order.total).")
        #expect(state.toast?.kind == .success)
    }
}
