import Foundation
@testable import ShopCore
import Testing
@testable import ShopUI

/// The keymaps are the one statement of the keys: what the reducer does, the footer, `?` help
/// and the README all come from them. These tests hold the reducer to them both ways.
@Suite struct KeymapTests {
    /// One state of every screen (and of the phases whose keys differ), named for failures.
    static func screens() -> [(String, AppState)] {
        var list: [(String, AppState)] = []
        func add(_ name: String, _ state: AppState) {
            var state = state
            state.send(.tick(now: 0))  // the clip clock starts on the first action: not a key's doing
            list.append((name, state))
        }
        add("feed", Fixtures.state())
        var feed = Fixtures.state(); feed.press("j"); add("feed, second post", feed)
        var following = Fixtures.state(); following.press("2"); add("feed, Following", following)
        var live = Fixtures.liveState()
        live.feed.index = live.feed.items.firstIndex { if case .live = $0 { return true } else { return false } } ?? 0
        add("LIVE", live)
        var liveTab = Fixtures.liveState(); liveTab.press("3"); add("LIVE, on its tab", liveTab)
        var product = Fixtures.state(); product.send(.key(.enter)); add("product", product)
        product.press("+"); add("product, 2", product)
        var choice = Fixtures.state(); choice.press("a"); add("option choice", choice)
        choice.send(.key(.right)); add("option chosen", choice)
        choice.press("+"); add("option chosen, 2", choice)
        var cart = MarketFixtures.stateWithCart(); cart.press("c"); add("cart", cart)
        cart.press("j"); add("cart, second line", cart)
        var checkout = MarketFixtures.stateWithCart()
        checkout.routes = [.cart(CartScreenState())]
        checkout.key(.enter); add("checkout, quoting", checkout)
        var review = checkout
        if let plan = review.checkout?.plan { review.market(.quoted(MarketFixtures.quoted(plan))) }
        add("checkout, review", review)
        var needsLink = checkout
        if let plan = needsLink.checkout?.plan { needsLink.market(.quoted(MarketFixtures.quoted(plan, linked: ["riverstone"]))) }
        add("checkout, a marketplace to link", needsLink)
        var voucher = review; voucher.press("v"); add("voucher code", voucher)
        voucher.press("AB"); add("voucher code typed", voucher)
        var confirming = review; confirming.key(.enter); add("place?", confirming)
        confirming.press("y"); add("placing", confirming)
        var accounts = MarketFixtures.stateWithCart(); accounts.press("L"); add("accounts", accounts)
        var secondAccount = accounts; secondAccount.press("j"); add("accounts, second", secondAccount)
        var link = accounts; link.key(.enter); add("link consent", link)
        link.key(.enter)
        link.market(.linkStarted(marketplaceID: "riverstone", .success(MarketFixtures.authorization()), at: MarketFixtures.now))
        add("link code", link)
        link.market(.linkPolled(marketplaceID: "riverstone", .denied, at: MarketFixtures.now.addingTimeInterval(5)))
        add("link denied", link)
        var orders = MarketFixtures.stateWithCart()
        if let plan = review.checkout?.plan {
            orders.market.orders = plan.groups.enumerated().map { MarketFixtures.order($0.element, id: "RS-\($0.offset)") }
        }
        orders.press("o"); add("orders", orders)
        orders.press("j"); add("orders, second", orders)
        var search = Fixtures.state(); search.press("/"); add("search", search)
        search.press("c"); add("search, typed", search)
        search.send(.key(.down)); add("search, second result", search)
        var picker = Fixtures.state()
        picker.routes = [.interests(InterestPickerState(categories: ["Hair", "Home", "Audio", "Tech"]))]
        add("interest picker", picker)
        picker.press(" j j"); add("interest picker, three picked", picker)
        var help = Fixtures.state(); help.press("?"); add("help", help)
        help.press("j"); add("help, scrolled", help)
        var tallHelp = Fixtures.state(160, 48); tallHelp.press("?"); add("help that fits", tallHelp)
        var cartHelp = MarketFixtures.stateWithCart(); cartHelp.press("c?"); add("help over the cart", cartHelp)
        add("too small", Fixtures.state(39, 11))
        return list
    }

    /// Printable ASCII, a few other characters (a digit that is not ASCII among them) and every named key.
    static let keys: [Key] =
        (UInt8(0x20)...0x7E).map { Key.character(Character(Unicode.Scalar($0))) }
        + ["é", "١", "Ω", "🛒"].map { Key.character($0) }
        + [.up, .down, .left, .right, .enter, .escape, .backspace, .tab, .backTab, .delete, .pageUp, .pageDown, .home, .end]

    /// Everything a key can change that a user sees or keeps.
    struct Seen: Equatable {
        var routes: [Route], cart: Cart, toast: Toast?, isRunning: Bool, feed: FeedState
        var userPaused: Bool, social: SocialState, market: MarketState, helpScroll: Int
        init(_ s: AppState) {
            routes = s.routes; cart = s.cart; toast = s.toast; isRunning = s.isRunning; feed = s.feed
            userPaused = s.playback.userPaused; social = s.social; market = s.market; helpScroll = s.helpScroll
        }
    }

    static func reacts(_ state: AppState, to key: Key) -> Bool {
        var after = state
        let effects = Reducer.reduce(&after, .key(key))
        return !effects.isEmpty || Seen(after) != Seen(state)
    }

    /// Whether the reducer looks `key` up on this screen: the keymap's or, where the screen
    /// does not take every key, the global table's.
    static func isBound(_ key: Key, in state: AppState) -> Bool {
        let keymap = Keymaps.of(state)
        if keymap.command(for: key) != nil { return true }
        return !keymap.takesEveryKey && GlobalKeys.table.command(for: key) != nil
    }

    @Test func everyKeyTheReducerReactsToIsBound() {
        for (name, state) in Self.screens() {
            for key in Self.keys where Self.reacts(state, to: key) {
                #expect(Self.isBound(key, in: state), "\(name): \(key) does something but \(Keymaps.of(state).title)'s keymap has no binding for it")
            }
        }
    }

    @Test func everyBoundKeyDoesSomething() {
        // Grouped by keymap: a key must do something in at least one state of its screen (k on
        // the first line does nothing; on the second it moves up).
        var bound: [String: Set<Key>] = [:], worked: [String: Set<Key>] = [:]
        for (_, state) in Self.screens() {
            let keymap = Keymaps.of(state)
            let group = keymap.title
            for binding in keymap.bindings {
                for key in binding.keys {
                    bound[group, default: []].insert(key)
                    if Self.reacts(state, to: key) { worked[group, default: []].insert(key) }
                }
            }
        }
        for (group, keys) in bound {
            let idle = keys.subtracting(worked[group] ?? [])
            #expect(idle.isEmpty, "\(group): bound but do nothing: \(idle)")
        }
    }

    @Test func everyBindingHasKeysLabelAndHelp() {
        let keymaps = Keymaps.reference + Self.screens().map { Keymaps.of($0.1) } + [GlobalKeys.table]
        for keymap in keymaps {
            for binding in keymap.bindings {
                #expect(!binding.keys.isEmpty, "\(keymap.title): \(binding.label) has no keys")
                #expect(!binding.label.trimmingCharacters(in: .whitespaces).isEmpty, "\(keymap.title): a binding has no label")
                #expect(!binding.help.trimmingCharacters(in: .whitespaces).isEmpty, "\(keymap.title): \(binding.label) has no help")
                #expect(binding.footer.allSatisfy { !$0.label.isEmpty && !$0.text.isEmpty }, "\(keymap.title): \(binding.label)")
            }
        }
    }

    /// `?` over any screen lists exactly that screen's keys first, and every help line is a binding.
    @Test func helpListsExactlyTheKeysOfTheScreenYouCameFrom() {
        for (name, state) in Self.screens() where !state.isTooSmall && !Keymaps.of(state).takesEveryKey {
            var help = state
            help.press("?")
            guard help.top == .help else { continue }  // `?` on help closes it
            let sections = HelpOverlay.sections(here: HelpOverlay.keysUnder(help))
            let keymap = Keymaps.of(state)
            #expect(sections.first?.here == true && sections.first?.title == keymap.title, "\(name)")
            let listed = sections.first?.entries.map(\.label) ?? []
            #expect(listed == keymap.bindings.map(\.label).filter { $0 != "?" }, "\(name): help lists \(listed)")
            // The rest: the global table, then each other screen's keymap, nothing else.
            for section in sections.dropFirst() {
                let source =
                    section.title == GlobalKeys.table.title
                    ? GlobalKeys.table.bindings.map(\.label) + GlobalKeys.documented.map(\.label)
                    : (Keymaps.reference.first { $0.title == section.title }.map { ($0.typing.map { [$0.label] } ?? []) + $0.bindings.map(\.label) } ?? [])
                for entry in section.entries { #expect(source.contains(entry.label), "\(name): help's \(section.title) lists \(entry.label), bound nowhere") }
            }
        }
    }

    @Test func helpScrollsToItsLastLineAndNoFurther() {
        var state = Fixtures.state()
        state.press("?")
        state.press(String(repeating: "j", count: 200))
        let bottom = state.helpScroll
        #expect(bottom == HelpOverlay.maxScroll(state) && bottom > 0, "80x24 cannot show every screen at once")
        let text = AppView.render(state, theme: Theme(capability: .ansi256, unicode: true), library: Fixtures.clips).text
        #expect(text.contains("Help:"), "the last section is reached:\n\(text)")
        state.press("k")
        #expect(state.helpScroll == bottom - 1, "one k goes back one line")
    }

    /// The README's table is this one; `REELSHOP_WRITE_README=1 swift test --filter KeymapTests` rewrites it.
    @Test func readmeKeyTableIsGeneratedFromTheKeymaps() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let begin = "<!-- keys:begin (generated: REELSHOP_WRITE_README=1 swift test --filter KeymapTests) -->\n", end = "<!-- keys:end -->"
        let start = try #require(readme.range(of: begin), "README.md has no \(begin)")
        let stop = try #require(readme.range(of: end, range: start.upperBound..<readme.endIndex), "README.md has no \(end)")
        let table = String(readme[start.upperBound..<stop.lowerBound])
        if table != KeyTable.markdown, ProcessInfo.processInfo.environment["REELSHOP_WRITE_README"] == "1" {
            try readme.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: KeyTable.markdown)
                .write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            table == KeyTable.markdown,
            "README.md's key table differs from the keymaps (Sources/ShopUI/Screens/*/…Keys.swift). Regenerate it with: REELSHOP_WRITE_README=1 swift test --filter KeymapTests"
        )
    }
}
