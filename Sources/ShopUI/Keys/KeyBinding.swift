import ShopCore

/// What a key press or a click asks of the screen on top. Keys reach it through a `Keymap`,
/// clicks through the `HitRegion`s a screen reported while drawing, so both do the same thing.
/// A command means something only on the screens whose keymap sends it (`selectNext` moves the
/// cart's selection on the cart, the accounts' on the accounts screen).
public enum Command: Hashable, Sendable {
    // Anywhere
    case toggleHelp, quit
    /// Esc on any screen over the feed: leave it.
    case back
    // Feed and LIVE
    case nextPost, previousPost, firstPost, openPost, addPost, buyPost, openCart, togglePause
    case like, save, follow, share, nextTab, previousTab, showTab(FeedTab), openSearch, openOrders, openAccounts
    /// `l` / `s` on a LIVE stream: explains why it cannot be liked or saved.
    case likeLive
    // Product sheet (and the option it asks for)
    case previousOption, nextOption, chooseOption(Int), moreQuantity, lessQuantity, addToCart, buyNow
    /// ⏎ on a sheet that asks for an option: what `a` or `b` on the post asked for.
    case confirmChoice
    // Lists: the cart, checkout, accounts, orders, search, the interest picker, help
    case selectNext, selectPrevious, selectFirst, selectLast
    /// A click on a row: selects it; a click on the row already selected does what ⏎ does.
    case select(Int)
    // Cart
    case increase, decrease, removeLine, checkOut
    // Checkout
    case placeOrders, enterVoucher, acceptPrices, linkSelected, requote, confirmPlace, notYet
    // Accounts and linking
    case linkAccount, unlinkAccount, startLink, approveHere, retryLink
    // Text entry (search, voucher code) and the interest picker
    case type(Character), erase, submit, togglePick, finishPicks, skipPicks
    /// A click on a toast: it goes (no key does this; toasts go by themselves).
    case dismissToast
}

/// A key, or several that do the same, with what `?` help and the footer say about them.
///
/// Modelled on bubbles' `key.NewBinding(WithKeys(...), WithHelp(...))`: the one value the
/// reducer dispatches by, the footer shows and help and the README list, so the four cannot
/// drift apart. A binding may send a different command per key (`1`–`4` pick a tab each).
public struct KeyBinding: Sendable {
    public let keys: [Key]
    /// "j k ↓ ↑": the keys as `?` help and the README show them.
    public let label: String
    /// "next, previous post": what `?` help says they do.
    public let help: String
    /// [("j/k", "scroll")]: the footer's short form, usually one hint; none keeps it out of the footer.
    public let footer: [(label: String, text: String)]
    private let commands: [Command]

    /// Keys that all send `command`.
    public init(_ keys: [Key], _ label: String, _ help: String, footer: (String, String)? = nil, _ command: Command) {
        self.init(keys.map { ($0, command) }, label, help, footers: footer.map { [$0] } ?? [])
    }

    /// Keys that each send their own command, described together.
    public init(_ pairs: [(Key, Command)], _ label: String, _ help: String, footers: [(String, String)] = []) {
        keys = pairs.map(\.0)
        commands = pairs.map(\.1)
        self.label = label
        self.help = help
        self.footer = footers.map { (label: $0.0, text: $0.1) }
    }

    public func command(for key: Key) -> Command? { keys.firstIndex(of: key).map { commands[$0] } }

    /// Every command this binding can send.
    public var allCommands: [Command] { commands }

    /// The same keys and help, with another footer (nil: none), for a screen whose footer says it differently.
    public func footer(_ footer: (String, String)?) -> KeyBinding {
        KeyBinding(Array(zip(keys, commands)), label, help, footers: footer.map { [$0] } ?? [])
    }
}

/// The keys one screen answers, in the order its footer shows them (most needed first: the
/// footer drops hints from the end on a narrow terminal) and `?` lists them.
public struct Keymap: Sendable {
    public let title: String
    public let bindings: [KeyBinding]
    /// Text entry (the search field, a voucher code): a printable key no binding takes is typed.
    /// Such a screen also takes "?" and "q" as text, so it sees every key before the globals.
    public let takesText: Bool
    /// The first-run picker takes every key too ("?" would open help over a question), types nothing.
    public let takesEveryKey: Bool

    /// On a text field, how help and the footer name typing ("type", "search").
    public let typing: (label: String, help: String, footer: String)?

    public init(_ title: String, _ bindings: [KeyBinding], takesEveryKey: Bool = false) {
        self.title = title
        self.bindings = bindings
        self.takesText = false
        self.takesEveryKey = takesEveryKey
        self.typing = nil
    }

    /// A text field: printable keys no binding takes are typed.
    public init(_ title: String, typing: (label: String, help: String, footer: String), _ bindings: [KeyBinding]) {
        self.title = title
        self.bindings = bindings
        self.takesText = true
        self.takesEveryKey = true
        self.typing = typing
    }

    /// The command `key` sends here: the first binding holding it, else, on a text field, the typed character.
    public func command(for key: Key) -> Command? {
        for binding in bindings {
            if let command = binding.command(for: key) { return command }
        }
        if takesText, case .character(let c) = key { return .type(c) }
        return nil
    }

    /// Whether a key here sends `command` (a click on the header's cart count does only where `c` would).
    public func sends(_ command: Command) -> Bool { bindings.contains { $0.allCommands.contains(command) } }

    /// The footer's hints, in order.
    public var hints: [(String, String)] { footer.map { ($0.label, $0.text) } }

    /// The footer's hints with what a click on each sends: its binding's command (a binding with
    /// a hint per key, like LIVE's "b buy  a add", sends each key's own).
    public var footer: [(label: String, text: String, command: Command?)] {
        var hints: [(label: String, text: String, command: Command?)] = typing.map { [($0.label, $0.footer, nil)] } ?? []
        for binding in bindings {
            for (index, hint) in binding.footer.enumerated() {
                let commands = binding.allCommands
                hints.append((hint.label, hint.text, commands.isEmpty ? nil : commands[min(index, commands.count - 1)]))
            }
        }
        return hints
    }

    /// This keymap without the bindings whose keys `other` already takes (a LIVE post is a feed
    /// post with some keys of its own).
    func shadowed(by other: [KeyBinding]) -> [KeyBinding] {
        let taken = Set(other.flatMap(\.keys))
        return bindings.filter { !$0.keys.contains(where: taken.contains) }
    }
}

/// The keys that work over every screen, and the order a key is looked for. This table is the
/// whole of the app's key precedence:
///
/// 1. A terminal below the minimum size: only `q` (quit) does anything (`Keymaps.tooSmall`).
/// 2. A screen that takes every key (the search field, a voucher code, the first-run picker):
///    its own keymap, then, on a text field, the character is typed. "?" and "q" are text there.
/// 3. This table: `?` opens help over any screen, and closes it.
/// 4. The top screen's keymap (`Keymaps.of`); the feed's includes the tab keys, so Tab means
///    "next tab" only on the feed and "next line" in lists.
///
/// Ctrl-C is not a key: the terminal is in raw mode and the backend turns 0x03 into `.terminate`,
/// which quits from anywhere, a text field included. It is listed so help and the README show it.
public enum GlobalKeys {
    public static let help = KeyBinding([.character("?")], "?", "this help; press again to close", footer: ("?", "help"), .toggleHelp)

    /// Looked up after a screen that takes every key and before the top screen's keymap.
    public static let table = Keymap("Anywhere", [help])

    /// Shown in help and the README; sent by the backend, not looked up (see above).
    public static let documented: [(label: String, help: String)] = [("ctrl-c", "quit at once, from any screen")]
}
