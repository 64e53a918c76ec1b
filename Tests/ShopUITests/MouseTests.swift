import Foundation
@testable import ShopCore
import ShopTesting
import Testing
@testable import ShopUI

/// Clicks go through the same commands as keys: a screen reports its regions while drawing, a
/// click sends the command of the region under it.
@Suite struct MouseTests {
    let theme = Theme(capability: .ansi256, unicode: true)

    /// Where `text` starts on the screen `state` draws (the first match, top to bottom).
    static func find(_ text: String, in grid: Grid, below top: Int = 0) -> (x: Int, y: Int)? {
        let wanted = Array(text)
        for y in top..<grid.height {
            let cells = (0..<grid.width).map { grid[$0, y].text }
            for x in cells.indices where cells[x] == String(wanted[0]) {
                var cx = x, i = 0
                while i < wanted.count, cx < cells.count {
                    if cells[cx].isEmpty { cx += 1; continue }  // the second cell of a wide character
                    guard cells[cx] == String(wanted[i]) else { break }
                    i += 1; cx += 1
                }
                if i == wanted.count { return (x, y) }
            }
        }
        return nil
    }

    /// Clicks the cell at `text` (plus `dx`), as the runner does: the region there, reduced.
    @discardableResult
    func click(
        _ state: inout AppState, _ text: String, dx: Int = 0, below top: Int = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Effect] {
        let grid = AppView.render(state, theme: theme, library: Fixtures.clips)
        guard let at = Self.find(text, in: grid, below: top) else {
            Issue.record("\"\(text)\" is not on the screen:\n\(grid.text)", sourceLocation: sourceLocation)
            return []
        }
        guard let command = grid.command(atX: at.x + dx, y: at.y) else {
            Issue.record("nothing to click at \"\(text)\"", sourceLocation: sourceLocation)
            return []
        }
        return state.send(.command(command))
    }

    @Test func aClickOnATabSwitchesToIt() {
        var state = Fixtures.liveState()
        click(&state, "LIVE")
        #expect(state.feed.tab == .live)
        click(&state, "For You")
        #expect(state.feed.tab == .forYou)
        // Over another screen the tabs are not theirs to switch.
        state.press("c")
        #expect(AppView.render(state, theme: theme, library: Fixtures.clips).command(atX: 20, y: 0) == nil)
    }

    /// The header's cart count opens the cart where `c` does (the feed, a LIVE post, the product
    /// sheet), and is only a count where `c` means nothing (the cart itself, help).
    @Test func theHeadersCartCountOpensTheCartWhereCDoes() {
        var state = Fixtures.state(100, 30)
        click(&state, "Cart 0")
        #expect(state.top == .cart(CartScreenState()))
        var live = Fixtures.liveState()
        click(&live, "Cart 0")
        #expect(live.top == .cart(CartScreenState()))
        var sheet = Fixtures.state(100, 30)
        sheet.key(.enter)
        click(&sheet, "Cart 0")
        #expect(sheet.top == .cart(CartScreenState()) && sheet.routes.count == 2, "over the sheet, as c does")
        for screen in ["c", "?"] {
            var other = Fixtures.state(100, 30)
            other.press(screen)
            let grid = AppView.render(other, theme: theme, library: Fixtures.clips)
            guard let at = Self.find("Cart 0", in: grid) else { Issue.record("no count on \(screen)"); continue }
            #expect(grid.command(atX: at.x, y: at.y) == nil, "after \(screen) the count is only a count")
        }
    }

    @Test func theRailLikesSavesAndSharesAndFollowFollows() {
        var state = Fixtures.state(100, 30)
        let like = click(&state, "♡")
        #expect(state.social.isLiked("p1") && like == [.social(.toggleLike(postID: "p1"))])
        click(&state, "184K", below: 2)  // the count under the heart clicks as the heart
        #expect(!state.social.isLiked("p1"), "a second click undoes it, like l")
        click(&state, "Save", below: 2)  // not the Saved tab
        #expect(state.social.isSaved("p1"))
        let share = click(&state, "9.1K")
        #expect(share.contains(.social(.copyLink("https://reelshop.example/p/p1"))))
        click(&state, "+ Follow")
        #expect(state.social.isFollowing("hairbyzoe"))
        // The comment count does nothing: there is no key for it either.
        let grid = AppView.render(state, theme: theme, library: Fixtures.clips)
        let comments = Self.find("2.3K", in: grid)
        #expect(comments.flatMap { grid.command(atX: $0.x, y: $0.y) } == nil)
    }

    @Test func theShopCardOpensTheProduct() {
        var state = Fixtures.state(100, 30)
        click(&state, "│ Matte Claw Clip", dx: 2)  // the card, not the clip's placeholder
        #expect(state.top == .product(ProductSheetState(productID: "clip", variantIndex: 1)))
        // On the sheet, a click on an option picks it, as ←/→ does.
        click(&state, "Black")
        #expect(state.top == .product(ProductSheetState(productID: "clip", variantIndex: 2)))
    }

    @Test func anOptionClickAnswersTheSheetThatAsks() {
        var state = Fixtures.state()
        state.press("a")
        click(&state, "Tortoise")
        guard case .product(let sheet) = state.top else { Issue.record("the sheet stays"); return }
        #expect(sheet.variantIndex == 1 && sheet.hasChosenVariant)
        #expect(state.send(.key(.enter)) == [.cart(.add(productID: "clip", variantID: "tortoise", quantity: 1))])
    }

    @Test func aCartLineClickSelectsItAndASecondChecksOut() {
        var state = MarketFixtures.stateWithCart()
        state.press("c")
        #expect(state.top == .cart(CartScreenState()))
        click(&state, "Cloud Mug")
        var second = CartScreenState()
        second.selection = 1
        #expect(state.top == .cart(second), "the mug line is selected")
        let effects = click(&state, "Cloud Mug")
        #expect(state.checkout != nil && effects.count == 1, "a second click does what ⏎ does")
        // Its - and + change the selected line's quantity.
        var again = MarketFixtures.stateWithCart()
        again.press("c")
        #expect(click(&again, "+ ", below: 2) == [.cart(.adjust(CartLineKey(productID: "clip", variantID: "black"), delta: 1))])
    }

    @Test func aCheckoutMarketplaceClickSelectsIt() throws {
        var state = MarketFixtures.stateWithCart()
        state.routes = [.cart(CartScreenState())]
        state.key(.enter)
        state.market(.quoted(MarketFixtures.quoted(try #require(state.checkout).plan)))
        #expect(state.checkout?.selection == 0)
        click(&state, "Lumen Bazaar")
        #expect(state.checkout?.selection == 1)
        click(&state, "Lumen Bazaar")
        #expect(state.checkout?.phase == .confirming, "on the selected one, ⏎: asks to place")
    }

    @Test func aFooterHintDoesWhatItsKeyDoes() {
        var state = Fixtures.state()
        click(&state, "c cart")
        #expect(state.top == .cart(CartScreenState()))
        click(&state, "esc back")
        #expect(state.top == nil)
        click(&state, "? help")
        #expect(state.top == .help)
    }

    @Test func theWheelScrollsTheFeedListsAndHelpButNotTheOptions() {
        var state = Fixtures.state()
        state.send(.mouse(.wheelDown))
        #expect(state.feed.index == 1)
        state.press("?")
        state.send(.mouse(.wheelDown))
        #expect(state.helpScroll == 1)
        state.press("?/")
        state.press("c")
        state.send(.mouse(.wheelDown))
        guard case .search(let search) = state.top else { Issue.record("search"); return }
        #expect(search.selection == min(1, search.results.count - 1))
        var sheet = Fixtures.state()
        sheet.send(.key(.enter))
        let before = sheet.top
        sheet.send(.mouse(.wheelDown))
        #expect(sheet.top == before, "scrolling never changes what is bought")
    }

    /// Through the runner: the click lands on the frame it drew.
    @Test func theRunnerSendsAClickToTheRegionOfTheLastFrame() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mouse-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let preview = AppView.render(Fixtures.state(), theme: theme, library: Fixtures.clips)
        let heart = try #require(Self.find("♡", in: preview))
        let tab = try #require(Self.find("Saved", in: preview))
        let backend = TestBackend(
            size: Size(width: 80, height: 24),
            script: [[.mouse(.click(x: heart.x, y: heart.y))], [.mouse(.click(x: tab.x, y: tab.y))], [.mouse(.click(x: 0, y: 12))]])
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: StateDirectory(url: directory), catalog: Fixtures.catalog), clips: ClipLibrary()),
            playback: PlaybackState(reduceMotion: true), offersInterestPicker: false)
        runner.run()
        #expect(runner.state.social.isLiked("p1"))
        #expect(runner.state.feed.tab == .saved)
    }

    @Test func aClickOnAToastDismissesItAndReachesNothingUnder() {
        var state = Fixtures.state(100, 30)
        state.press("y")  // "Link copied: …"
        let toast = try? #require(state.toast)
        #expect(toast != nil)
        let before = state.social
        click(&state, "Link copied")
        #expect(state.toast == nil && state.social == before && state.top == nil)
    }

    @Test func anOrderClickShowsItsTracking() {
        var state = MarketFixtures.stateWithCart()
        var plan = CheckoutPlan.cart(state.cart, catalog: state.catalog, deals: state.deals, attemptID: "a")
        plan = MarketFixtures.quoted(plan)
        state.market.orders = plan.groups.enumerated().map { MarketFixtures.order($0.element, id: "RS-100-200000\($0.offset)") }
        state.press("o")
        click(&state, "RS-100-2000000")
        guard case .orders(let screen) = state.top else { Issue.record("orders"); return }
        #expect(screen.selection == 1, "the list shows the newest first: the first order is the second row")
        #expect(AppView.render(state, theme: theme, library: Fixtures.clips).text.contains("Tracking RS-100-2000000"))
    }

    @Test func theCardsKeyHintsDoWhatTheirKeysDo() {
        var feed = Fixtures.state(100, 30)
        feed.press("j")  // the mug: one variant, added at once
        #expect(click(&feed, "a add to cart") == [.cart(.add(productID: "mug", variantID: nil, quantity: 1))])
        var live = Fixtures.liveState(100, 30)
        live.press("3")
        click(&live, "b buy", below: 3)  // the card's, above the footer's
        guard case .product(let sheet) = live.top else { Issue.record("b asks which option of the clip"); return }
        #expect(sheet.choice?.intent == .buy && sheet.choice?.dealID != nil, "at the deal price, as b does")
        var open = Fixtures.liveState(100, 30)
        open.press("3")
        click(&open, "Flash deal")
        #expect({ if case .product = open.top { return true } else { return false } }(), "the card itself opens the product")
    }
}
