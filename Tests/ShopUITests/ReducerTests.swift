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
        #expect(state.press("a") == [.cart(.add(productID: "mug", variantID: nil, quantity: 1))])
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
        #expect(state.press("a") == [.cart(.add(productID: "clip", variantID: "black", quantity: 4))])
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
        #expect(!effects.contains { if case .cart(.add) = $0 { return true } else { return false } })
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
        state.send(.cart(.loaded(cart, recovery: nil)))
        state.press("c")
        // Lines are listed by marketplace: Riverstone (clip) first, then Lumen (mug).
        #expect(state.press("+") == [.cart(.adjust(CartLineKey(productID: "clip", variantID: "black"), delta: 1))])
        let atOne = state.press("-")
        #expect(atOne.isEmpty)
        #expect(state.toast?.message == "Press x to remove the line.")
        state.press("j")
        #expect(state.press("-") == [.cart(.adjust(CartLineKey(productID: "mug", variantID: "sky"), delta: -1))])
        #expect(state.press("x") == [.cart(.remove(CartLineKey(productID: "mug", variantID: "sky")))])
        state.press("jjjj")
        guard case .cart(let screen) = state.top else { Issue.record("no cart"); return }
        #expect(screen.selection == 1, "the selection stays on the last line")
    }

    @Test func removingTheLastLineKeepsTheSelectionInRange() {
        var state = Fixtures.state()
        state.send(.cart(.loaded(Cart(lines: [Fixtures.line("clip", "black", 1), Fixtures.line("mug", "sky", 2)]), recovery: nil)))
        state.press("cj")
        let removed = CartSaved(
            request: .remove(CartLineKey(productID: "mug", variantID: "sky")), outcome: .removed(true),
            cart: Cart(lines: [Fixtures.line("clip", "black", 1)]))
        state.send(.cart(.saved(removed)))
        #expect(state.toast?.message == "Removed Cloud Mug from the cart.")
        #expect(state.top == .cart(CartScreenState()))
    }

    @Test func aChangeFromAnotherInstanceReplacesTheCartAndSaysSo() {
        var state = Fixtures.state()
        let cart = Cart(lines: [Fixtures.line("mug", "sky", 2)])
        let effects = state.send(.cart(.changedElsewhere(cart, recovery: nil)))
        #expect(state.cart == cart)
        #expect(state.toast?.message == "The cart was changed in another window: now 2 items.")
        #expect(effects.isEmpty, "a toast is state, not an effect")
        // The same content again (our own write seen through the watcher) changes nothing.
        let toast = state.toast
        #expect(state.send(.cart(.changedElsewhere(cart, recovery: nil))).isEmpty)
        #expect(state.toast == toast)
    }

    @Test func aRecoveredCorruptFileIsToldToTheUser() {
        var state = Fixtures.state()
        let recovery = Recovery(
            original: URL(fileURLWithPath: "/s/cart.json"),
            movedTo: URL(fileURLWithPath: "/s/cart.json.corrupt-20261121T100000Z"), reason: "not JSON")
        state.send(.cart(.loaded(Cart(), recovery: recovery)))
        #expect(state.toast?.kind == .warning)
        #expect(state.toast?.message.contains("/s/cart.json.corrupt-20261121T100000Z") == true)
    }

    @Test func toastsExpireOnlyByTheirOwnTime() {
        var state = Fixtures.state()
        state.press("?")  // help over the feed: no clip frames to wake for, only the toasts
        state.send(.tick(now: 100))
        state.send(.cart(.failed(.refused(CartError("first")))))
        state.send(.tick(now: 105))
        state.send(.cart(.failed(.refused(CartError("second")))))
        // The first error's 8 s are up at 108; the second shows until 113.
        state.send(.tick(now: 108.5))
        #expect(state.toast?.message == "second", "an old toast's time does not hide a newer toast")
        #expect(Wake.next(state, theme: Theme(capability: .ansi256, unicode: true), library: ClipLibrary()) == 113)
        state.send(.tick(now: 112.9))
        #expect(state.toast?.message == "second")
        state.send(.tick(now: 113))
        #expect(state.toast == nil)
        #expect(Wake.next(state, theme: Theme(capability: .ansi256, unicode: true), library: ClipLibrary()) != 113)
    }

    @Test func aSuccessToastShowsForThreeSeconds() {
        var state = Fixtures.state()
        state.send(.tick(now: 50))
        state.send(.social(.toggled(.toggleLike(postID: "p1"), on: true, SocialState(likedPosts: ["p1"]))))
        #expect(state.toast?.message == "Liked." && state.toast?.expiresAt == 53)
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
