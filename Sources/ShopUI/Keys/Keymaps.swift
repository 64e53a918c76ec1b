import ShopCore

/// Every screen's keymap. The reducer dispatches by these (`Reducer.key`), the footer shows
/// their hints, `?` help lists them and a test renders the README's key table from them, so
/// "what does Enter do in the cart?" has one answer, here and in `Reducer+Commands.swift`.
///
/// A keymap lists what works on the screen as it stands: the checkout asking "place?" takes only
/// y and n, and `p` (accept prices) is bound only while a price changed.
public enum Keymaps {
    // MARK: - Shared bindings

    static func back(_ label: String = "esc q ⌫", _ help: String = "back", keys: [Key] = [.escape, .character("q"), .backspace],
                     footer: (String, String)? = ("esc", "back")) -> KeyBinding {
        KeyBinding(keys, label, help, footer: footer, .back)
    }

    static func list(_ help: String, footer: (String, String)? = ("j/k", "select"), vim: Bool = true) -> KeyBinding {
        let next: [Key] = vim ? [.down, .character("j"), .tab] : [.down, .tab]
        let previous: [Key] = vim ? [.up, .character("k"), .backTab] : [.up, .backTab]
        return KeyBinding(next.map { ($0, .selectNext) } + previous.map { ($0, .selectPrevious) },
                          vim ? "j k ↓ ↑" : "↓ ↑", help, footers: footer.map { [$0] } ?? [])
    }

    static let orders = KeyBinding([.character("o")], "o", "your orders", footer: ("o", "orders"), .openOrders)

    // MARK: - Feed and LIVE

    static let scroll = KeyBinding(
        [(.character("j"), .nextPost), (.down, .nextPost), (.character(" "), .nextPost), (.pageDown, .nextPost),
         (.character("k"), .previousPost), (.up, .previousPost), (.pageUp, .previousPost)],
        "j k ↓ ↑", "next, previous post", footers: [("j/k", "scroll")])
    static let quit = KeyBinding([.character("q")], "q", "quit", footer: ("q", "quit"), .quit)
    static let cart = KeyBinding([.character("c")], "c", "open the cart", footer: ("c", "cart"), .openCart)

    public static let feed = Keymap("Feed", [
        scroll,
        KeyBinding([.enter], "⏎", "open the product", footer: ("⏎", "view"), .openPost),
        KeyBinding([.character("a")], "a", "add; asks which option", footer: ("a", "add"), .addPost),
        KeyBinding([.character("b")], "b", "buy now, cart untouched", footer: ("b", "buy"), .buyPost),
        cart,
        GlobalKeys.help,
        quit,
        orders,
        KeyBinding([.character("/")], "/", "search products, @creators, #tags", footer: ("/", "search"), .openSearch),
        KeyBinding([(.tab, .nextTab), (.backTab, .previousTab)] + FeedTab.allCases.enumerated().map { (.character(Character("\($0.offset + 1)")), .showTab($0.element)) },
                   "tab 1-4", "switch tabs (shift-tab goes back)", footers: [("tab", "tabs")]),
        KeyBinding([.character("p")], "p", "pause or play the clip", footer: ("p", "pause"), .togglePause),
        KeyBinding([.character("L")], "L", "linked accounts", footer: ("L", "accounts"), .openAccounts),
        KeyBinding([.home], "home", "first post", .firstPost),
        KeyBinding([(.character("l"), .like), (.character("s"), .save), (.character("f"), .follow)], "l s f", "like, save, follow"),
        KeyBinding([.character("y")], "y", "share: copy the link", .share),
    ])

    /// The keys a LIVE post adds to the feed's (or takes over from it).
    public static let liveOwn: [KeyBinding] = [
        KeyBinding([(.character("b"), .buyPost), (.character("a"), .addPost)], "b a", "buy, add at deal price",
                   footers: [("b", "buy"), ("a", "add")]),
        KeyBinding([.enter], "⏎", "open the product, regular price", footer: ("⏎", "view"), .openPost),
        KeyBinding([.character("f")], "f", "follow the host", footer: ("f", "follow"), .follow),
        KeyBinding([.character("l"), .character("s")], "l s", "(a stream cannot be liked or saved)", .likeLive),
    ]

    /// A LIVE post: its own keys, then the feed's other keys, out of the footer.
    public static let live: Keymap = {
        let own = Dictionary(uniqueKeysWithValues: liveOwn.map { ($0.label, $0) })
        let ordered = [scroll, own["b a"], own["⏎"], GlobalKeys.help, quit, own["f"], cart, own["l s"]].compactMap { $0 }
        return Keymap("LIVE", ordered + feed.shadowed(by: ordered).map { $0.footer(nil) })
    }()

    // MARK: - Product sheet

    static let options = KeyBinding(
        [.left, .character("h"), .backTab, .up, .character("k")].map { ($0, Command.previousOption) }
            + [.right, .character("l"), .tab, .down, .character("j")].map { ($0, Command.nextOption) },
        "← → h l", "choose an option", footers: [("←/→", "option")])
    static let quantity = KeyBinding([(.character("+"), .moreQuantity), (.character("="), .moreQuantity),
                                      (.character("-"), .lessQuantity), (.character("_"), .lessQuantity)],
                                     "+ -", "quantity", footers: [("+/-", "quantity")])

    public static let product = Keymap("Product", [
        options,
        quantity,
        KeyBinding([.character("a"), .enter], "a ⏎", "add to cart", footer: ("a/⏎", "add to cart"), .addToCart),
        KeyBinding([.character("b")], "b", "buy now", footer: ("b", "buy now"), .buyNow),
        cart.footer(("c", "cart")),
        back(),
        GlobalKeys.help,
    ])

    /// The product sheet `a` or `b` on a post opened to ask for a size or colour.
    public static func optionChoice(_ choice: OptionChoice?) -> Keymap {
        Keymap("Pick option", [
            options.footer(("←/→", "choose")),
            KeyBinding([.enter], "⏎", "add or buy, as the post asked", footer: ("⏎", choice?.intent == .buy ? "buy now" : "add to cart"), .confirmChoice),
            quantity,
            KeyBinding([.character("a")], "a", "add to cart instead", .addToCart),
            KeyBinding([.character("b")], "b", "buy now instead", .buyNow),
            cart.footer(nil),
            back(footer: ("esc", "cancel")),
            GlobalKeys.help,
        ])
    }

    // MARK: - Cart

    public static let cartScreen = Keymap("Cart", [
        KeyBinding([.enter], "⏎", "check out the whole cart", footer: ("⏎", "checkout"), .checkOut),
        list("select a line"),
        KeyBinding([.character("+"), .character("="), .right, .character("l")].map { ($0, Command.increase) }
                    + [.character("-"), .character("_"), .left, .character("h")].map { ($0, Command.decrease) },
                   "+ -", "change its quantity", footers: [("+/-", "quantity")]),
        KeyBinding([.character("x"), .delete], "x", "remove the line", footer: ("x", "remove"), .removeLine),
        back("esc q c", keys: [.escape, .character("q"), .character("c"), .backspace]),
        GlobalKeys.help,
        KeyBinding([(.home, .selectFirst), (.end, .selectLast)], "home end", "first, last line"),
        orders.footer(nil),
    ])

    // MARK: - Checkout

    public static func checkout(_ checkout: CheckoutState) -> Keymap {
        if checkout.voucherEntry != nil {
            return Keymap("Voucher code", typing: ("type", "the code (letters, digits, -)", "code"), [
                KeyBinding([.enter], "⏎", "apply the voucher", footer: ("⏎", "apply voucher"), .submit),
                KeyBinding([.escape], "esc", "cancel", footer: ("esc", "cancel"), .back),
                KeyBinding([.backspace, .delete], "⌫", "delete a character", .erase),
            ])
        }
        let plan = checkout.plan
        let placed = !plan.placedOrders.isEmpty
        let ordersKey = orders.footer(placed ? ("o", "orders") : nil)
        switch checkout.phase {
        case .confirming:
            return Keymap("Place orders?", [
                KeyBinding([.character("y"), .character("Y"), .enter], "y ⏎", "place the orders", footer: ("y", "place"), .confirmPlace),
                KeyBinding([.character("n"), .character("N"), .escape, .character("q"), .backspace], "n esc", "not yet", footer: ("n", "not yet"), .notYet),
                GlobalKeys.help.footer(nil),
            ])
        case .placing:
            return Keymap("Placing orders", [GlobalKeys.help.footer(nil)])
        case .quoting:
            return Keymap("Checkout", [back(), list("select a marketplace", footer: nil)] + (placed ? [ordersKey.footer(nil)] : [])
                          + [GlobalKeys.help.footer(nil)])
        case .review:
            let selected = checkout.selectedGroup
            let needsLink = selected?.status == .needsLink
            let done = plan.isComplete || !plan.groups.contains { $0.order == nil }
            var bindings: [KeyBinding] = []
            if plan.needsPriceConfirmation { bindings.append(acceptPrices) }
            bindings.append(place.footer(done || needsLink ? nil : ("⏎", "place")))
            if needsLink { bindings.append(link) }
            bindings.append(list("select a marketplace", footer: done ? nil : ("j/k", "select")))
            if let selected, selected.order == nil { bindings.append(voucher.footer(done ? nil : ("v", "voucher"))) }
            bindings.append(requote.footer(done ? nil : ("r", "re-quote")))
            if placed { bindings.append(ordersKey) }
            bindings.append(back(footer: ("esc", plan.isComplete ? "done" : "back")))
            bindings.append(GlobalKeys.help.footer(nil))
            return Keymap("Checkout", bindings)
        }
    }

    static let place = KeyBinding([.enter], "⏎", "place orders (asks y/n)", footer: ("⏎", "place"), .placeOrders)
    static let acceptPrices = KeyBinding([.character("p")], "p", "accept changed prices", footer: ("p", "accept prices"), .acceptPrices)
    static let link = KeyBinding([.character("L"), .character("l")], "L", "link; approve (demo) with a there", footer: ("L", "link"), .linkSelected)
    static let voucher = KeyBinding([.character("v")], "v", "voucher code", footer: ("v", "voucher"), .enterVoucher)
    static let requote = KeyBinding([.character("r")], "r", "quote again", footer: ("r", "re-quote"), .requote)

    /// Every key a checkout can take, for help's section on a screen you are not on.
    static let checkoutReference = Keymap("Checkout", [
        place, acceptPrices, link, voucher, requote, list("select a marketplace"),
        KeyBinding([.character("y"), .character("n")], "y n", "after ⏎: place, not yet", .confirmPlace),
        orders.footer(nil), back(),
    ])

    // MARK: - Accounts, linking, orders

    public static let accounts = Keymap("Accounts", [
        list("select a marketplace"),
        KeyBinding([.enter, .character("l")], "⏎ l", "link it (a consent sheet first)", footer: ("⏎", "link"), .linkAccount),
        KeyBinding([.character("u"), .character("x"), .delete], "u x", "unlink it (deletes its token)", footer: ("u", "unlink"), .unlinkAccount),
        orders,
        back("esc q L", keys: [.escape, .character("q"), .backspace, .character("L")]),
        GlobalKeys.help,
    ])

    public static func link(_ screen: LinkScreenState) -> Keymap {
        let cancel = back(footer: ("esc", "cancel"))
        switch screen.phase {
        case .consent:
            return Keymap("Link", [
                KeyBinding([.enter, .character("y"), .character("c")], "⏎ y", "continue: get a code", footer: ("⏎", "continue"), .startLink),
                back("esc n q", keys: [.escape, .character("n"), .character("q"), .backspace], footer: ("esc", "cancel")),
                GlobalKeys.help,
            ])
        case .linking(.waiting) where screen.approvedHere: return Keymap("Link", [cancel, GlobalKeys.help])
        case .linking(.waiting): return Keymap("Link", [approve, cancel, GlobalKeys.help])
        case .linking(.linked):
            return Keymap("Link", [KeyBinding([.enter], "⏎", "done", footer: ("⏎", "done"), .back), back(), GlobalKeys.help.footer(nil)])
        case .linking(.starting): return Keymap("Link", [cancel, GlobalKeys.help.footer(nil)])
        case .linking:
            return Keymap("Link", [retry, back(), GlobalKeys.help.footer(nil)])
        }
    }

    static let approve = KeyBinding([.character("a")], "a", "approve here (simulated, for demos)", footer: ("a", "approve here (simulated)"), .approveHere)
    static let retry = KeyBinding([.enter, .character("n")], "⏎ n", "denied or expired: a new code", footer: ("⏎", "new code"), .retryLink)

    static let linkReference = Keymap("Link", [
        KeyBinding([.enter, .character("y")], "⏎ y", "continue; done; a new code", .startLink), approve, back(),
    ])

    public static let ordersScreen = Keymap("Orders", [
        list("select an order"),
        back("esc q o", keys: [.escape, .character("q"), .backspace, .character("o")]),
        GlobalKeys.help,
    ])

    // MARK: - Search, the picker, help

    public static let search = Keymap("Search", typing: ("type", "search as you type", "search"), [
        list("choose a result", footer: ("↑/↓", "choose"), vim: false),
        KeyBinding([.enter], "⏎", "open it", footer: ("⏎", "open"), .submit),
        KeyBinding([.escape], "esc", "close", footer: ("esc", "close"), .back),
        KeyBinding([.backspace, .delete], "⌫", "delete a character", .erase),
    ])

    public static func interests(_ picker: InterestPickerState?) -> Keymap {
        Keymap("Interests", [
            KeyBinding([.character(" "), .enter], "space ⏎", "tick or untick", footer: ("space", "pick"), .togglePick),
            list("move", footer: ("↑/↓", "move")),
            KeyBinding([.character("d")], "d", "done (3 or more)", footer: ("d", picker?.canFinish == false ? "done (3+)" : "done"), .finishPicks),
            KeyBinding([.character("s"), .escape], "s esc", "skip", footer: ("s/esc", "skip"), .skipPicks),
            quit.footer(("q", "quit")),
        ], takesEveryKey: true)
    }

    /// Help; j/k scroll it only where it does not fit (`HelpOverlay.maxScroll`).
    public static func help(scrolls: Bool) -> Keymap {
        Keymap("Help", [
            GlobalKeys.help.footer(("?", "close help")),
            KeyBinding([.escape, .character("q"), .enter], "esc q ⏎", "close help", footer: ("esc", "close"), .back),
        ] + (scrolls ? [KeyBinding([(.down, .selectNext), (.character("j"), .selectNext), (.up, .selectPrevious), (.character("k"), .selectPrevious)],
                                   "j k ↓ ↑", "scroll this list, where it does not fit", footers: [("j/k", "scroll")])] : []))
    }

    public static let tooSmall = Keymap("Terminal too small", [quit.footer(nil)], takesEveryKey: true)

    // MARK: - Which one

    /// The keymap of the screen on top: the one `Reducer.key` dispatches by and the footer shows.
    public static func of(_ state: AppState) -> Keymap {
        if state.isTooSmall { return tooSmall }
        return of(state.top, state)
    }

    static func of(_ route: Route?, _ state: AppState) -> Keymap {
        switch route {
        case nil: return state.currentLive == nil ? feed : live
        case .product(let sheet): return sheet.choice == nil ? product : optionChoice(sheet.choice)
        case .cart: return cartScreen
        case .help: return help(scrolls: HelpOverlay.maxScroll(state) > 0)
        case .accounts: return accounts
        case .link(let screen): return Keymaps.link(screen)
        case .checkout(let screen): return Keymaps.checkout(screen)
        case .orders: return ordersScreen
        case .search: return search
        case .interests(let picker): return interests(picker)
        }
    }

    /// One keymap per screen, every key it can take, in the order help lists them.
    public static let reference: [Keymap] = [
        feed, Keymap("LIVE", liveOwn), product, cartScreen, checkoutReference, optionChoice(nil),
        accounts, linkReference, ordersScreen, search, interests(nil), help(scrolls: true),
    ]
}

/// The README's key table, rendered from the same keymaps (Tests/ShopUITests/KeymapTests.swift
/// compares it with the README between `<!-- keys:begin -->` and `<!-- keys:end -->`).
public enum KeyTable {
    public static var markdown: String {
        var rows = ["| screen | keys | what they do |", "| --- | --- | --- |"]
        func keys(_ label: String) -> String { label.split(separator: " ").map { "`\($0)`" }.joined(separator: " ") }
        for binding in GlobalKeys.table.bindings { rows.append("| anywhere | \(keys(binding.label)) | \(binding.help) |") }
        for (label, help) in GlobalKeys.documented { rows.append("| anywhere | \(keys(label)) | \(help) |") }
        for keymap in Keymaps.reference {
            for binding in keymap.bindings where binding.label != GlobalKeys.help.label {
                rows.append("| \(keymap.title) | \(keys(binding.label)) | \(binding.help) |")
            }
            if let typing = keymap.typing { rows.append("| \(keymap.title) | \(typing.label) | \(typing.help) |") }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
