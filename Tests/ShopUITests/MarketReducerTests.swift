import Foundation
@testable import ShopCore
import Testing
@testable import ShopUI

/// Accounts, linking, checkout and orders through `reduce` alone: no terminal, no waiting.
@Suite struct LinkFlowReducerTests {
    let now = MarketFixtures.now

    @Test func consentThenCodeThenPollsThenLinked() throws {
        var state = Fixtures.state()
        state.market = MarketState(now: now, sessionID: "s")
        #expect(state.press("L") == [.market(.loadAccounts)])
        guard case .accounts = state.top else { Issue.record("L opens the accounts screen"); return }
        #expect(state.key(.enter).isEmpty)
        #expect(state.linkScreen?.phase == .consent, "linking starts with the consent sheet")
        #expect(MarketTicks.interval(for: state) == nil, "no ticks while the consent sheet is up")

        #expect(state.key(.enter) == [.market(.startLink(marketplaceID: "riverstone"))])
        #expect(state.linkScreen?.link == .starting(marketplaceID: "riverstone"))
        let authorization = MarketFixtures.authorization()
        state.market(.linkStarted(marketplaceID: "riverstone", .success(authorization), at: now))
        #expect(state.linkScreen?.authorization == authorization)
        #expect(MarketTicks.interval(for: state) == 1, "the countdown ticks every second")

        // Not due yet: no poll; due: one poll, and no second while it is on its way.
        #expect(state.market(.tick(now.addingTimeInterval(1))).isEmpty)
        #expect(state.market(.tick(now.addingTimeInterval(5))) == [.market(.pollLink(authorization))])
        #expect(state.market(.tick(now.addingTimeInterval(6))).isEmpty)
        state.market(.linkPolled(marketplaceID: "riverstone", .pending, at: now.addingTimeInterval(6)))
        #expect(state.market(.tick(now.addingTimeInterval(10))).isEmpty, "pending waits a whole interval")
        #expect(state.market(.tick(now.addingTimeInterval(11))) == [.market(.pollLink(authorization))])

        // Slow down lengthens the interval and says so.
        state.market(.linkPolled(marketplaceID: "riverstone", .slowDown(interval: 10), at: now.addingTimeInterval(11)))
        guard case .waiting(_, let interval, _) = state.linkScreen?.link else { Issue.record("still waiting"); return }
        #expect(interval == 10)
        #expect(state.market(.tick(now.addingTimeInterval(16))).isEmpty)
        #expect(AppView.render(state, theme: Theme(capability: .ansi256, unicode: true), library: Fixtures.clips).text.contains("slow down"))

        // The approve-here key asks the runner, and the next poll links.
        #expect(state.press("a") == [.market(.approveOnThisDevice(authorization))])
        let effects = state.market(.linkPolled(marketplaceID: "riverstone", .linked(MarketFixtures.account("riverstone")), at: now.addingTimeInterval(21)))
        #expect(state.linkScreen?.link == .linked(MarketFixtures.account("riverstone")))
        #expect(state.market.account("riverstone") != nil)
        #expect(effects.isEmpty && state.toast?.message.hasPrefix("Linked") == true, "a toast, nothing else")
        #expect(MarketTicks.interval(for: state) == nil, "no wake-ups once linked")
    }

    @Test func deniedAndExpiredOfferANewCode() {
        var state = Fixtures.state()
        state.market = MarketState(now: now, sessionID: "s")
        state.routes = [.accounts(AccountsScreenState()), .link(LinkScreenState(marketplaceID: "lumen"))]
        state.key(.enter)
        state.market(.linkStarted(marketplaceID: "lumen", .success(MarketFixtures.authorization("lumen")), at: now))
        state.market(.linkPolled(marketplaceID: "lumen", .denied, at: now.addingTimeInterval(5)))
        #expect(state.linkScreen?.link == .denied(marketplaceID: "lumen"))
        #expect(AppView.render(state, theme: Theme(capability: .ansi256, unicode: true), library: Fixtures.clips).text.contains("denied"))
        #expect(state.key(.enter) == [.market(.startLink(marketplaceID: "lumen"))], "enter asks for a new code")

        let second = MarketFixtures.authorization("lumen", code: "ZZZZ-XXXX", at: now.addingTimeInterval(10))
        state.market(.linkStarted(marketplaceID: "lumen", .success(second), at: now.addingTimeInterval(10)))
        #expect(state.linkScreen?.authorization == second)
        // The clock alone expires the code, without asking the marketplace.
        #expect(state.market(.tick(now.addingTimeInterval(611))).isEmpty)
        #expect(state.linkScreen?.link == .expired(marketplaceID: "lumen"))
        #expect(AppView.render(state, theme: Theme(capability: .ansi256, unicode: true), library: Fixtures.clips).text.contains("expired"))
        #expect(state.press("n") == [.market(.startLink(marketplaceID: "lumen"))])
    }

    @Test func cancelFromConsentAndUnlinkFromAccounts() {
        var state = Fixtures.state()
        state.market = MarketState(now: now, sessionID: "s")
        state.market.accounts = [MarketFixtures.account("riverstone")]
        state.routes = [.accounts(AccountsScreenState())]
        state.key(.enter)
        #expect(state.linkScreen == nil, "a linked marketplace is not linked again")
        #expect(state.press("u") == [.market(.unlink(marketplaceID: "riverstone"))])
        state.market(.unlinked(marketplaceID: "riverstone", error: nil))
        #expect(state.market.accounts.isEmpty)
        state.key(.enter)
        #expect(state.linkScreen?.phase == .consent)
        state.key(.escape)
        guard case .accounts = state.top else { Issue.record("esc cancels back to accounts"); return }
    }
}

@Suite struct CheckoutReducerTests {
    @Test func quoteVoucherAndConfirmBeforePlacing() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        let effects = state.key(.enter)
        let checkout = try #require(state.checkout)
        #expect(checkout.plan.source == .cart)
        #expect(checkout.plan.groups.map(\.marketplaceID) == ["riverstone", "lumen"])
        #expect(effects == [.market(.quote(checkout.plan))])
        #expect(state.key(.enter).isEmpty && state.checkout?.phase == .quoting, "nothing to place before the quote")

        state.market(.quoted(MarketFixtures.quoted(checkout.plan)))
        #expect(state.checkout?.phase == .review)

        // A voucher for the selected marketplace: typed, then quoted again.
        state.press("v")
        state.press("reel10")
        #expect(state.checkout?.voucherEntry == "REEL10")
        let requote = state.key(.enter)
        let withVoucher = try #require(state.checkout)
        #expect(withVoucher.plan.groups[0].voucherCode == "REEL10")
        #expect(requote == [.market(.quote(withVoucher.plan))])
        state.market(.quoted(MarketFixtures.quoted(withVoucher.plan)))
        #expect(state.checkout?.plan.groups[0].quote?.voucher?.code == "REEL10")

        // Enter asks first; only y places, and a second y while placing does nothing.
        #expect(state.key(.enter).isEmpty)
        #expect(state.checkout?.phase == .confirming)
        let place = state.press("y")
        #expect(place == [.market(.placeOrders(try #require(state.checkout).plan))])
        #expect(state.checkout?.phase == .placing)
        #expect(state.press("y").isEmpty)
        #expect(state.key(.enter).isEmpty)
    }

    @Test func confirmPressedTwiceGivesOnePlaceOrders() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan)))
        let effects = state.send(.key(.enter), .key(.enter), .key(.enter), .key(.character("y")), .key(.character("y")))
        #expect(effects.filter { if case .market(.placeOrders) = $0 { return true } else { return false } }.count == 1)
    }

    @Test func noAnswerToPlacingNo() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan)))
        state.key(.enter)
        #expect(state.press("n").isEmpty)
        #expect(state.checkout?.phase == .review)
    }

    @Test func unlinkedMarketplaceLinksThenReturnsToTheSameCheckout() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        let plan = try #require(state.checkout).plan
        state.market(.quoted(MarketFixtures.quoted(plan, linked: ["riverstone"])))
        #expect(state.checkout?.selection == 1, "the marketplace to link is selected")
        #expect(state.checkout?.plan.marketplacesNeedingLink == ["lumen"])

        state.key(.enter)
        #expect(state.linkScreen?.marketplaceID == "lumen")
        #expect(state.linkScreen?.phase == .consent)
        state.key(.enter)
        state.market(.linkStarted(marketplaceID: "lumen", .success(MarketFixtures.authorization("lumen")), at: MarketFixtures.now))
        let effects = state.market(.linkPolled(marketplaceID: "lumen", .linked(MarketFixtures.account("lumen")), at: MarketFixtures.now))
        let back = try #require(state.checkout, "back on the checkout")
        #expect(back.plan.attemptID == plan.attemptID, "the same checkout")
        #expect(back.phase == .quoting)
        #expect(effects.contains(.market(.quote(back.plan))), "quoted again")
        state.market(.quoted(MarketFixtures.quoted(back.plan)))
        #expect(state.checkout?.plan.readyGroups.count == 2)
    }

    @Test func aPriceChangeMustBeAcceptedBeforePlacing() throws {
        // The clip went into the cart at $10.00; the catalog says $12.99 now.
        var state = MarketFixtures.stateWithCart(clipCents: 1000)
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan)))
        #expect(state.checkout?.plan.needsPriceConfirmation == true)
        let text = AppView.render(state, theme: Theme(capability: .ansi256, unicode: true), library: Fixtures.clips).text
        #expect(text.contains("Price was $10.00, now $12.99"))
        state.key(.enter)
        #expect(state.checkout?.phase == .review, "enter does not place with an unaccepted price")
        #expect(state.toast?.message.contains("press p") == true)
        state.press("p")
        #expect(state.checkout?.plan.needsPriceConfirmation == false)
        state.key(.enter)
        #expect(state.checkout?.phase == .confirming)
    }

    @Test func outOfStockLinesAreShownAndNotOrdered() throws {
        var state = MarketFixtures.stateWithCart()
        _ = state.cart.add(CartLineKey(productID: "clip", variantID: "cream"), quantity: 1, unitPrice: MarketFixtures.usd(1299), at: MarketFixtures.now)
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        let plan = MarketFixtures.quoted(try #require(state.checkout).plan)
        #expect(plan.groups[0].blockedLines.count == 1)
        state.market(.quoted(plan))
        let text = AppView.render(state, theme: Theme(capability: .ansi256, unicode: true), library: Fixtures.clips).text
        #expect(text.contains("Cream × 1 (out of stock; not ordered)"))
    }

    @Test func oneMarketplaceFailingKeepsItsLinesWithTheReason() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan)))
        state.key(.enter)
        state.press("y")
        var plan = try #require(state.checkout).plan
        let order = MarketFixtures.order(plan.groups[0], id: "RS-1")
        plan.groups[0].status = .placed(order)
        let failure = MarketplaceError(.unavailable, "Lumen Bazaar is not answering; try again in a minute.")
        plan.groups[1].status = .failed(failure)
        var cartAfter = state.cart
        cartAfter.removeOrdered(order.lines)
        let effects = state.market(.placed(CheckoutResult(plan: plan, newlyPlaced: [order], failures: ["lumen": failure], cart: cartAfter, cartError: nil)))
        #expect(effects.contains(.market(.loadOrders)))
        #expect(state.cart.lines.map(\.productID) == ["mug"], "the failed marketplace's lines stay in the cart")
        #expect(state.toast?.kind == .warning)
        let text = AppView.render(state, theme: Theme(capability: .ansi256, unicode: true), library: Fixtures.clips).text
        #expect(text.contains("Lumen Bazaar is not answering"))
        #expect(text.contains("Its lines stay in"))
        #expect(text.contains("Order RS-1"))
    }

    @Test func buyNowLeavesTheCartAlone() throws {
        var state = MarketFixtures.stateWithCart()
        let cart = state.cart
        state.press("b")  // the clip's colours: the sheet asks which first
        let effects = state.press("l") + state.key(.enter)
        let checkout = try #require(state.checkout)
        #expect(checkout.plan.source == .buyNow)
        #expect(checkout.plan.groups.map { $0.lines.map(\.key) } == [[CartLineKey(productID: "clip", variantID: "tortoise")]])
        #expect(effects == [.market(.quote(checkout.plan))])
        #expect(state.cart == cart)
        // From the product sheet: the chosen variant and quantity.
        state.routes = []
        state.key(.enter)
        state.press("l+")
        state.press("b")
        #expect(state.checkout?.plan.groups.first?.lines.first?.key == CartLineKey(productID: "clip", variantID: "black"))
        #expect(state.checkout?.plan.groups.first?.lines.first?.quantity == 2)
        #expect(state.checkout?.plan.attemptID != checkout.plan.attemptID, "each checkout has its own attempt")
    }
}

@Suite struct OrdersReducerTests {
    @Test func openRefreshAndSelect() throws {
        var state = MarketFixtures.stateWithCart()
        #expect(state.press("o") == [.market(.loadOrders)])
        #expect(MarketTicks.interval(for: state) == MarketTicks.ordersRefresh)
        #expect(state.market(.tick(MarketFixtures.now)).isEmpty, "one load at a time")
        let plan = MarketFixtures.quoted(CheckoutPlan.cart(state.cart, catalog: state.catalog, attemptID: "a"))
        let orders = [MarketFixtures.order(plan.groups[0], id: "RS-1", status: .shipped), MarketFixtures.order(plan.groups[1], id: "LB-2")]
        state.market(.ordersLoaded(orders, error: nil))
        #expect(state.market.orders == orders)
        #expect(state.market(.tick(MarketFixtures.now.addingTimeInterval(1))).isEmpty)
        #expect(state.market(.tick(MarketFixtures.now.addingTimeInterval(2))) == [.market(.loadOrders)], "refreshed while shown")
        state.press("j")
        guard case .orders(let screen) = state.top else { Issue.record("orders on top"); return }
        #expect(screen.selection == 1)
        state.key(.escape)
        #expect(state.top == nil)
        #expect(MarketTicks.interval(for: state) == nil, "no wake-ups on the feed")
    }

    /// The run loop's only timer is `Wake.next`: the orders screen's refresh is due an interval
    /// after it opened, a `.tick` at that time sends it, and leaving the screen ends the wake-ups.
    @Test func theOrdersRefreshRunsOnTheMonotonicTick() {
        var state = MarketFixtures.stateWithCart()
        state.press("?")  // help first: no clip frames or stock refresh in the way
        state.press("?")
        state.send(.tick(now: 200))
        state.send(.clock(MarketFixtures.now))
        #expect(state.press("o") == [.market(.loadOrders)])
        #expect(state.market.nextTickAt == 200 + MarketTicks.ordersRefresh)
        state.market(.ordersLoaded([], error: nil))
        #expect(state.send(.tick(now: 201.9)).isEmpty)
        state.send(.clock(MarketFixtures.now.addingTimeInterval(2)))
        #expect(state.send(.tick(now: 202)) == [.market(.loadOrders)], "due at 202: the reducer sends the orders refresh itself")
        #expect(state.market.nextTickAt == 202 + MarketTicks.ordersRefresh, "and the next one is armed")
        state.key(.escape)
        #expect(state.market.nextTickAt == nil, "the feed needs no ticks")
    }
}
