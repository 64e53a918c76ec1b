import CustomDump
import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The root takes a screen's state out of the route stack and writes it back (`Reducer.scoped`);
/// no screen writes into `state.routes` itself (issue 12).
@Suite struct RouteScopeTests {
    static func stack(_ routes: [Route]) -> AppState {
        var state = Fixtures.state()
        state.routes = routes
        return state
    }

    @Test func theTopScreensChangeIsWrittenBackAndNothingElseChanges() {
        var state = Self.stack([.cart(CartScreenState()), .orders(OrdersScreenState())])
        let before = state
        _ = Reducer.scoped(&state, .orders, .selectNext) { _, screen, _ in
            screen.selection = 3
            return []
        }
        var expected = before
        var orders = OrdersScreenState()
        orders.selection = 3
        expected.routes[1] = .orders(orders)
        expectNoDifference(state, expected)
    }

    @Test func aScreenThatClosedItselfIsNotWrittenBack() {
        var state = Self.stack([.cart(CartScreenState())])
        _ = Reducer.scoped(&state, .cart, .back) { state, screen, _ in
            screen.selection = 2
            state.routes.removeLast()
            return []
        }
        #expect(state.routes.isEmpty)
    }

    @Test func aScreenThatOpenedAPageStaysUnderItWithItsChange() {
        var state = Self.stack([.cart(CartScreenState())])
        _ = Reducer.scoped(&state, .cart, .openOrders) { state, screen, _ in
            screen.selection = 1
            state.routes.append(.orders(OrdersScreenState()))
            return []
        }
        var cart = CartScreenState()
        cart.selection = 1
        #expect(state.routes == [.cart(cart), .orders(OrdersScreenState())])
    }

    @Test func aScreenReplacedByAnotherIsNotOverwritten() {
        // The option sheet's "buy now": the checkout takes the sheet's place.
        let sheet = ProductSheetState(productID: "p", variantIndex: 0)
        var state = Self.stack([.product(sheet)])
        _ = Reducer.scoped(&state, .product, .buyNow) { state, sheet, _ in
            sheet.quantity = 5
            state.routes[0] = .help
            return []
        }
        #expect(state.routes == [.help])
    }

    @Test func anotherScreenOnTopRunsNothing() {
        var state = Self.stack([.help])
        var ran = false
        let effects = Reducer.scoped(&state, .cart, .back) { _, _, _ in
            ran = true
            return [.quit]
        }
        #expect(!ran && effects.isEmpty && state.routes == [.help])
    }

    @Test func updateEachReachesEveryScreenOfThatKindOnly() {
        var state = Self.stack([.cart(CartScreenState()), .help, .cart(CartScreenState())])
        state.updateEach(.cart) { $0.selection = 4 }
        var cart = CartScreenState()
        cart.selection = 4
        #expect(state.routes == [.cart(cart), .help, .cart(cart)])
    }
}
