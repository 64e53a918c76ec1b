import ShopCore

/// `?` help's keys and what they do (`?` itself is global: `GlobalKeys`).
extension Keymaps {
    /// Help; j/k scroll it only where it does not fit (`HelpOverlay.maxScroll`).
    public static func help(scrolls: Bool) -> Keymap {
        Keymap(
            "Help",
            [
                GlobalKeys.help.footer(("?", "close help")),
                KeyBinding([.escape, .character("q"), .enter], "esc q ⏎", "close help", footer: ("esc", "close"), .back),
            ]
                + (scrolls
                    ? [
                        KeyBinding(
                            [(.down, .selectNext), (.character("j"), .selectNext), (.up, .selectPrevious), (.character("k"), .selectPrevious)],
                            "j k ↓ ↑", "scroll this list, where it does not fit", footers: [("j/k", "scroll")])
                    ] : []))
    }
}

extension Reducer {
    static func helpCommand(_ state: inout AppState, _ command: Command) -> [Effect] {
        switch command {
        case .back: state.routes.removeLast()
        case .selectNext: state.helpScroll = min(state.helpScroll + 1, HelpOverlay.maxScroll(state))
        case .selectPrevious: state.helpScroll = max(0, state.helpScroll - 1)
        default: break
        }
        return []
    }
}
