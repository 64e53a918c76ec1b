import ShopCore

/// Every screen's keymap. The reducer dispatches by these (`Reducer.key`), the footer shows
/// their hints, `?` help lists them and a test renders the README's key table from them. Each
/// screen's own keymap sits in its folder, beside what its keys do and its draw
/// (`Screens/Cart/CartKeys.swift`: "what does Enter do in the cart?"); here are the bindings
/// several share, which keymap is on top, and the list help and the README go through.
///
/// A keymap lists what works on the screen as it stands: the checkout asking "place?" takes only
/// y and n, and `p` (accept prices) is bound only while a price changed.
public enum Keymaps {
    // MARK: - Shared bindings

    static func back(
        _ label: String = "esc q ⌫", _ help: String = "back", keys: [Key] = [.escape, .character("q"), .backspace],
        footer: (String, String)? = ("esc", "back")
    ) -> KeyBinding {
        KeyBinding(keys, label, help, footer: footer, .back)
    }

    static func list(_ help: String, footer: (String, String)? = ("j/k", "select"), vim: Bool = true) -> KeyBinding {
        let next: [Key] = vim ? [.down, .character("j"), .tab] : [.down, .tab]
        let previous: [Key] = vim ? [.up, .character("k"), .backTab] : [.up, .backTab]
        return KeyBinding(
            next.map { ($0, .selectNext) } + previous.map { ($0, .selectPrevious) },
            vim ? "j k ↓ ↑" : "↓ ↑", help, footers: footer.map { [$0] } ?? [])
    }

    static let orders = KeyBinding([.character("o")], "o", "your orders", footer: ("o", "orders"), .openOrders)

    // MARK: - Used by more than one screen

    static let quit = KeyBinding([.character("q")], "q", "quit", footer: ("q", "quit"), .quit)
    static let cart = KeyBinding([.character("c")], "c", "open the cart", footer: ("c", "cart"), .openCart)

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
        case .cart: return state.cart.lines.isEmpty ? emptyCart : cartScreen
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
