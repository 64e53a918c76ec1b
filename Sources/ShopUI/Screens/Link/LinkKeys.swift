import ShopCore

/// The link screen's keys and what they do; the codes and polls it waits on: `Reducer+Market.swift`.
extension Keymaps {
    public static func link(_ screen: LinkScreenState) -> Keymap {
        let cancel = back(footer: ("esc", "cancel"))
        switch screen.phase {
        case .consent:
            return Keymap(
                "Link",
                [
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

    static let approve = KeyBinding([.character("a")], "a", "approve here, as the demo shopper (for demos)", footer: ("a", "approve here"), .approveHere)

    static let retry = KeyBinding([.enter, .character("n")], "⏎ n", "denied or expired: a new code", footer: ("⏎", "new code"), .retryLink)

    static let linkReference = Keymap(
        "Link",
        [
            KeyBinding([.enter, .character("y")], "⏎ y", "continue; done; a new code", .startLink), approve, back(),
        ])
}

extension Reducer {
    static func linkCommand(_ state: inout AppState, _ screen: inout LinkScreenState, _ command: Command) -> [Effect] {
        let id = screen.marketplaceID
        switch screen.phase {
        case .consent:
            switch command {
            case .startLink:
                screen.phase = .linking(.starting(marketplaceID: id))
                return [.market(.startLink(marketplaceID: id))]
            case .back:
                state.routes.removeLast()
            default: break
            }
        case .linking(let link):
            switch (link, command) {
            case (_, .back):
                state.routes.removeLast()
            case (.waiting(let authorization, _, _), .approveHere) where !screen.approvedHere:
                return [.market(.approveOnThisDevice(authorization))]
            case (.denied, .retryLink), (.expired, .retryLink), (.failed, .retryLink):
                screen.phase = .linking(.starting(marketplaceID: id))
                screen.pollInFlight = false
                screen.approvedHere = false
                screen.qr = .notOffered
                return [.market(.startLink(marketplaceID: id))]
            default: break
            }
        }
        return []
    }
}
