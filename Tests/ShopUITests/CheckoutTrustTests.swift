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
        let text = AppView.render(state, theme: colour).text
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
        #expect(AppView.render(state, theme: colour).text.contains("press p to accept"))
        state.press("p")
        #expect(!AppView.render(state, theme: colour).text.contains("press p to accept"), "accepted")
        state.key(.enter)
        state.press("y")

        var placed = try #require(state.checkout).plan
        var order = MarketFixtures.order(placed.groups[0], id: "RS-7")
        order.lines = quote.lines
        placed.groups[0].status = .placed(order)
        placed.groups[1].status = .placed(MarketFixtures.order(placed.groups[1], id: "LB-8"))
        state.market(.placed(CheckoutResult(plan: placed, newlyPlaced: [order], failures: [:], cart: Cart(), cartError: nil)))
        let text = AppView.render(state, theme: colour).text
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
        let grid = AppView.render(state, theme: colour)
        let text = grid.text
        for step in ["Placed ·", "Shipped ·", "Out for delivery", "Delivered"] {
            #expect(text.contains(step), "\(step) is shown at \(width)x\(height):\n\(text)")
        }
        #expect(!text.contains("▼"), "nothing is hidden below at \(width)x\(height)")
    }
}
