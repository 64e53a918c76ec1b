import Foundation
import ShopCore
import Testing
@testable import ShopUI

@Suite struct ReducerTests {
    @Test func feedScrollsBothWaysAndWrapsAround() {
        var state = Fixtures.state()
        #expect(state.currentPost?.id == "p1")
        state.press("j")
        #expect(state.currentPost?.id == "p2")
        state.send(.key(.down), .mouse(.wheelDown))
        #expect(state.currentPost?.id == "p1", "past the last post the feed starts again")
        state.send(.key(.up))
        #expect(state.currentPost?.id == "p3")
        state.send(.mouse(.wheelUp))
        #expect(state.currentPost?.id == "p2")
        state.press("k")
        #expect(state.currentPost?.id == "p1")
        state.send(.key(.character(" ")))
        #expect(state.currentPost?.id == "p2")
    }

    @Test func addOnTheFeedAddsTheAnchoredProductsDefaultVariant() {
        var state = Fixtures.state()
        state.press("j")
        #expect(state.press("a") == [.addToCart(productID: "mug", variantID: nil, quantity: 1)])
        #expect(state.routes.isEmpty)
    }

    @Test func enterOpensTheAnchoredProductOnItsFirstVariantInStock() {
        var state = Fixtures.state()
        state.send(.key(.enter))
        #expect(state.top == .product(ProductSheetState(productID: "clip", variantIndex: 1)))
    }

    @Test func productSheetPicksVariantsAndBoundsQuantityByStock() {
        var state = Fixtures.state()
        state.send(.key(.enter))  // tortoise, 3 in stock
        state.press("+++")
        guard case .product(let sheet) = state.top else { Issue.record("no product sheet"); return }
        #expect(sheet.quantity == 3, "cannot go above the 3 in stock")
        #expect(state.toast?.message == "Only 3 in stock.")
        state.send(.key(.right))  // black, 140 in stock
        state.press("+")
        guard case .product(let black) = state.top else { Issue.record("no product sheet"); return }
        #expect(black.variantIndex == 2 && black.quantity == 4)
        #expect(state.press("a") == [.addToCart(productID: "clip", variantID: "black", quantity: 4)])
        state.press("----")
        guard case .product(let low) = state.top else { Issue.record("no product sheet"); return }
        #expect(low.quantity == 1, "quantity never drops below 1")
    }

    @Test func quantityIsCappedAt99() {
        var state = Fixtures.state()
        state.send(.key(.enter), .key(.right))  // black, 140 in stock
        state.press(String(repeating: "+", count: 120))
        guard case .product(let sheet) = state.top else { Issue.record("no product sheet"); return }
        #expect(sheet.quantity == 99)
    }

    @Test func anOutOfStockVariantCannotBeAdded() {
        var state = Fixtures.state()
        state.send(.key(.enter), .key(.left))  // cream, sold out
        let effects = state.press("a")
        #expect(!effects.contains { if case .addToCart = $0 { return true } else { return false } })
        #expect(state.toast?.kind == .warning)
        #expect(state.toast?.message.contains("out of stock") == true)
    }

    @Test func escapeAndQGoBackAndQOnTheFeedQuits() {
        var state = Fixtures.state()
        state.send(.key(.enter))
        state.send(.key(.escape))
        #expect(state.routes.isEmpty && state.isRunning)
        state.press("c")
        #expect(state.top == .cart(CartScreenState()))
        state.press("q")
        #expect(state.routes.isEmpty && state.isRunning)
        #expect(state.press("q") == [.quit])
        #expect(!state.isRunning)
    }

    @Test func helpTogglesOverAnyScreen() {
        var state = Fixtures.state()
        state.press("c?")
        #expect(state.top == .help)
        state.press("?")
        #expect(state.top == .cart(CartScreenState()))
    }

    @Test func cartKeysChangeTheSelectedLine() {
        var state = Fixtures.state()
        let cart = Cart(lines: [Fixtures.line("clip", "black", 1), Fixtures.line("mug", "sky", 2)])
        state.send(.cartLoaded(cart, recovery: nil))
        state.press("c")
        // Lines are listed by marketplace: Riverstone (clip) first, then Lumen (mug).
        #expect(state.press("+") == [.adjustQuantity(CartLineKey(productID: "clip", variantID: "black"), delta: 1)])
        let atOne = state.press("-")
        #expect(atOne.allSatisfy { if case .expireToast = $0 { return true } else { return false } })
        #expect(state.toast?.message == "Press x to remove the line.")
        state.press("j")
        #expect(state.press("-") == [.adjustQuantity(CartLineKey(productID: "mug", variantID: "sky"), delta: -1)])
        #expect(state.press("x") == [.removeLine(CartLineKey(productID: "mug", variantID: "sky"))])
        state.press("jjjj")
        guard case .cart(let screen) = state.top else { Issue.record("no cart"); return }
        #expect(screen.selection == 1, "the selection stays on the last line")
    }

    @Test func removingTheLastLineKeepsTheSelectionInRange() {
        var state = Fixtures.state()
        state.send(.cartLoaded(Cart(lines: [Fixtures.line("clip", "black", 1), Fixtures.line("mug", "sky", 2)]), recovery: nil))
        state.press("cj")
        state.send(.cartSaved(Cart(lines: [Fixtures.line("clip", "black", 1)]), message: "Removed", recovery: nil))
        #expect(state.top == .cart(CartScreenState()))
    }

    @Test func aChangeFromAnotherInstanceReplacesTheCartAndSaysSo() {
        var state = Fixtures.state()
        let cart = Cart(lines: [Fixtures.line("mug", "sky", 2)])
        let effects = state.send(.cartChangedElsewhere(cart, recovery: nil))
        #expect(state.cart == cart)
        #expect(state.toast?.message == "The cart was changed in another window: now 2 items.")
        #expect(effects.count == 1)
        // The same content again (our own write seen through the watcher) changes nothing.
        let toast = state.toast
        #expect(state.send(.cartChangedElsewhere(cart, recovery: nil)).isEmpty)
        #expect(state.toast == toast)
    }

    @Test func aRecoveredCorruptFileIsToldToTheUser() {
        var state = Fixtures.state()
        let recovery = Recovery(original: URL(fileURLWithPath: "/s/cart.json"),
                                movedTo: URL(fileURLWithPath: "/s/cart.json.corrupt-20261121T100000Z"), reason: "not JSON")
        state.send(.cartLoaded(Cart(), recovery: recovery))
        #expect(state.toast?.kind == .warning)
        #expect(state.toast?.message.contains("/s/cart.json.corrupt-20261121T100000Z") == true)
    }

    @Test func toastsExpireOnlyByTheirOwnTimer() {
        var state = Fixtures.state()
        let first = state.send(.cartFailed("first"))
        state.send(.cartFailed("second"))
        guard case .expireToast(let firstID, let seconds) = first.first else { Issue.record("no timer"); return }
        #expect(seconds == 8)
        state.send(.toastExpired(id: firstID))
        #expect(state.toast?.message == "second", "an old timer does not hide a newer toast")
        state.send(.toastExpired(id: state.toast!.id))
        #expect(state.toast == nil)
    }

    @Test func aTooSmallTerminalIgnoresKeysButQAndRecoversOnResize() {
        var state = Fixtures.state(39, 12)
        #expect(state.isTooSmall)
        state.press("jc")
        #expect(state.feed.index == 0 && state.routes.isEmpty)
        state.send(.resize(Size(width: 40, height: 12)))
        #expect(!state.isTooSmall)
        state.press("j")
        #expect(state.feed.index == 1)
        state.send(.resize(Size(width: 100, height: 5)))
        #expect(state.press("q") == [.quit])
    }

    @Test func signalsStopTheApp() {
        var state = Fixtures.state()
        #expect(state.send(.terminate) == [.quit])
        #expect(!state.isRunning)
    }
}
