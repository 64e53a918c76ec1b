import Foundation
import ShopCore
@testable import ShopUI

/// The marketplace screens in fixed states, for the Grid tests.
enum MarketScreenStates {
    static let now = MarketFixtures.now

    static func accounts(_ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = MarketFixtures.stateWithCart(width: width, height: height)
        state.market.accounts = [MarketFixtures.account("riverstone")]
        state.routes = [.accounts(AccountsScreenState())]
        return state
    }

    static func linkCode(_ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = MarketFixtures.stateWithCart(width: width, height: height)
        var screen = LinkScreenState(marketplaceID: "lumen")
        screen.phase = .linking(LinkState(started: MarketFixtures.authorization("lumen", code: "QXLW-RLKV"), at: now))
        state.routes = [.accounts(AccountsScreenState()), .link(screen)]
        state.market.now = now.addingTimeInterval(19)
        return state
    }

    static func checkout(_ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = MarketFixtures.stateWithCart(width: width, height: height)
        var plan = CheckoutPlan.cart(state.cart, catalog: state.catalog, attemptID: "a")
        plan.setVoucher("REEL10", for: "riverstone")
        var checkout = CheckoutState(plan: MarketFixtures.quoted(plan, linked: ["riverstone"]))
        checkout.phase = .review
        state.routes = [.cart(CartScreenState()), .checkout(checkout)]
        return state
    }

    static func orders(_ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = MarketFixtures.stateWithCart(width: width, height: height)
        let plan = MarketFixtures.quoted(CheckoutPlan.cart(state.cart, catalog: state.catalog, attemptID: "a"))
        state.market.orders = [
            MarketFixtures.order(plan.groups[0], id: "RS-100-2000001", status: .shipped),
            MarketFixtures.order(plan.groups[1], id: "LB-200-3000002"),
        ]
        state.routes = [.orders(OrdersScreenState())]
        return state
    }

    static func all() -> [AppState] { [accounts(), linkCode(), checkout(), orders(), checkout(120, 40)] }
}
