import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// Reducer behaviour of issue 6: tabs, LIVE keys and deals, search, the first-run picker.
@Suite struct LiveAndTabsReducerTests {
    @Test func tabsSwitchWithTabAndDigitsAndRememberWhereTheyWere() {
        var state = Fixtures.liveState()
        #expect(state.feed.tab == .forYou && state.feed.items.first == .post("p1"))
        state.press("j")
        state.send(.key(.tab))
        #expect(state.feed.tab == .following && state.feed.items.isEmpty)
        state.send(.key(.tab))
        #expect(state.feed.tab == .live && state.currentLive?.id == "live-1")
        state.send(.key(.backTab))
        state.press("1")
        #expect(state.feed.tab == .forYou && state.currentItem == .post("p2"), "back where For You was left")
        state.press("4")
        #expect(state.feed.tab == .saved && state.currentPost == nil)
    }

    @Test func followingAndSavedFillFromSocialActions() {
        var state = Fixtures.liveState()
        state.press("fjs")  // follow @hairbyzoe, then save p2
        state.press("2")
        #expect(state.feed.items == [.live("live-1"), .post("p1"), .post("p3")])
        state.press("4")
        #expect(state.feed.items == [.post("p2")])
    }

    @Test func aLiveDealAddsAtTheDealPriceWithinTheLimit() {
        var state = Fixtures.liveState()
        state.press("3a")  // the clip comes in three colours: the sheet asks which
        state.send(.key(.right))
        let add = CartEffect.addDeal(dealID: "live-1/clip", variantID: "tortoise", quantity: 1, orders: state.market.orders, date: state.market.now)
        #expect(state.press("a") == [.cart(add)])
        // The runner's answer puts 2 in the cart; a third is refused at once, with the reason.
        var cart = Cart()
        cart.add(
            CartLineKey(productID: "clip", variantID: "tortoise", dealID: "live-1/clip"), quantity: 2,
            unitPrice: Money(minorUnits: 899, currency: "USD"), at: Fixtures.liveDate)
        state.send(.cart(.saved(CartSaved(request: add, outcome: .added(.added(quantity: 2)), cart: cart))))
        #expect(state.toast?.message == "Added Matte Claw Clip (Tortoise) at the flash-deal price $8.99. Cart: 2 items.")
        let refused = state.press("a")
        #expect(!refused.contains { if case .cart(.addDeal) = $0 { true } else { false } })
        #expect(state.toast?.message == "You already have the limit of 2 at the deal price. ⏎ shows it at the regular price.")
        // "+" in the cart on the deal line is held to the same limit.
        state.press("c")
        #expect(!state.press("+").contains { if case .cart(.adjust) = $0 { true } else { false } })
        #expect(state.toast?.message == "You already have the limit of 2 at the deal price.")
    }

    @Test func buyOnALiveChecksOutAtTheDealPriceAndAfterTheDealAtTheRegularOne() throws {
        var state = Fixtures.liveState()
        state.press("3b")
        state.send(.key(.right), .key(.enter))  // a colour first
        guard case .checkout(let checkout) = state.top else { Issue.record("no checkout"); return }
        let line = try #require(checkout.plan.groups.first?.lines.first)
        #expect(line.acceptedUnitPrice == Money(minorUnits: 899, currency: "USD") && line.cartLine.dealID == "live-1/clip")
        // Once others have taken the last units, b says so instead of charging the full price.
        var later = Fixtures.liveState()
        later.market.now = Fixtures.liveDate.addingTimeInterval(225)
        later.press("3b")
        #expect(later.top == nil && later.toast?.message == "The flash deal is sold out. ⏎ shows it at the regular price.")
        later.send(.key(.enter))
        #expect(later.top == .product(ProductSheetState(productID: "clip", variantIndex: 1)))
        later.press("b")
        guard case .checkout(let regular) = later.top else { Issue.record("no checkout"); return }
        #expect(regular.plan.groups.first?.lines.first?.acceptedUnitPrice == Money(minorUnits: 1299, currency: "USD"))
        #expect(regular.plan.groups.first?.lines.first?.cartLine.dealID == nil)
    }

    @Test func likesAndSavesAreForPostsNotStreams() {
        var state = Fixtures.liveState()
        state.press("3")
        #expect(state.press("l").isEmpty)
        #expect(state.social.likedPosts.isEmpty && state.toast?.message.contains("f follows @hairbyzoe") == true)
        #expect(state.press("f") == [.social(.toggleFollow(handle: "hairbyzoe"))] && state.social.isFollowing("hairbyzoe"))
        #expect(MarketTicks.interval(for: state) == MarketTicks.liveRefresh, "a LIVE post wakes every second")
        state.press("1")
        #expect(MarketTicks.interval(for: state) == nil, "an ordinary post never does")
    }

    @Test func searchTypesOpensAndLeaves() {
        var state = Fixtures.liveState()
        state.press("/")
        state.press("?q")  // typed, not help or quit
        guard case .search(let typed) = state.top else { Issue.record("search closed"); return }
        #expect(typed.query == "?q" && state.isRunning)
        state.send(.key(.backspace), .key(.backspace))
        state.press("mug")
        guard case .search(let search) = state.top else { Issue.record("search closed"); return }
        #expect(search.results.first?.id == "mug")
        state.send(.key(.enter))
        #expect(state.top == .product(ProductSheetState(productID: "mug", variantIndex: 0)))
        // A hashtag goes to its first post in For You; Esc leaves without moving.
        state.send(.key(.escape))
        state.press("/#audio")
        state.send(.key(.enter))
        #expect(state.top == nil && state.currentItem == .post("p3"))
        state.press("/x")
        state.send(.key(.escape))
        #expect(state.top == nil && state.currentItem == .post("p3"))
    }

    @Test func theInterestPickerAsksOnceNeedsThreeAndCanBeSkipped() {
        var state = Fixtures.liveState()
        state.send(.social(.loaded(SocialState(), recovery: nil)))
        guard case .interests(let picker) = state.top else { Issue.record("no picker"); return }
        #expect(picker.categories == ["Hair accessories", "Headphones", "Home"])
        state.press(" d")
        #expect(state.toast?.message == "Pick 2 more, or press s to skip.")
        let effects = state.press("j j d")  // picks Headphones and Home as well
        #expect(effects.contains(.social(.setInterests(["Hair accessories", "Headphones", "Home"]))))
        #expect(state.top == nil && state.social.onboarded)
        // Answered: loading social.json again does not ask again.
        state.send(.social(.loaded(state.social, recovery: nil)))
        #expect(state.top == nil)
        var skipper = Fixtures.liveState()
        skipper.send(.social(.loaded(SocialState(), recovery: nil)))
        #expect(skipper.press("s").contains(.social(.setInterests([]))))
        var quitter = Fixtures.liveState()
        quitter.send(.social(.loaded(SocialState(), recovery: nil)))
        #expect(quitter.press("q") == [.quit] && !quitter.social.onboarded, "q leaves without answering")
        var never = Fixtures.liveState()
        never.offersInterestPicker = false
        never.send(.social(.loaded(SocialState(), recovery: nil)))
        #expect(never.top == nil)
    }

    @Test func picksReorderForYou() {
        var state = Fixtures.liveState()
        state.send(.social(.loaded(SocialState(), recovery: nil)))
        #expect(state.feed.items.first == .post("p1"))
        state.press("jj d")  // Home is picked... and two more
        state.press("k k d")
        #expect(state.social.interests.contains("Home"))
        #expect(state.feed.items.first == .post("p2"), "the Home post leads For You now")
    }
}
