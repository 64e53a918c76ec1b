import ShopCore

/// Linked marketplace accounts: each marketplace, linked or not, with link and unlink.
enum AccountsScreen {
    static func draw(_ grid: inout Grid, screen: AccountsScreenState, marketplaces: [Marketplace], market: MarketState, theme: Theme) {
        let g = theme.glyphs
        let width = Overlay.innerWidth(in: grid, maxWidth: 86)
        var rows = PanelRows.wrapped(
            "Buy from these marketplaces without leaving Reelshop. Reelshop keeps a token, never your password or card number.",
            theme.muted, width: width)
        rows.append(.blank)
        var focus = 0
        for (index, marketplace) in marketplaces.enumerated() {
            let selected = index == screen.selection
            if selected { focus = rows.count }
            let first = rows.count
            let account = market.account(marketplace.id)
            let status = account == nil ? ("Not linked", theme.muted) : ("\(g.check) Linked", theme.success)
            rows.append(
                PanelRow(
                    [(selected ? g.pointer + " " : "  ", theme.text), (marketplace.name, theme.strong)],
                    right: status, fill: selected ? theme.selection : nil))
            if let profile = account?.profile {
                rows.append(PanelRow("\(profile.name) \(g.separator) \(profile.maskedEmail)", theme.text, indent: 4))
                let membership = profile.membership.map { " \(g.separator) \($0.name)" } ?? ""
                rows.append(PanelRow("Pays with \(profile.paymentMethod.label)\(membership)", theme.text, indent: 4))
                rows.append(PanelRow("Ships to \(profile.shippingAddress.oneLine)", theme.muted, indent: 4))
            } else {
                rows.append(PanelRow("Press \(Chrome.keyLabel("⏎", theme: theme)) to link: you approve it on \(marketplace.name).", theme.muted, indent: 4))
            }
            for row in first..<rows.count { rows[row].command = .select(index) }
            rows.append(.blank)
        }
        let area = Overlay.panel(&grid, maxWidth: 86, maxHeight: rows.count + 2, theme: theme, title: "Linked accounts")
        PanelRows.draw(&grid, rows, in: area, focus: focus, theme: theme)
    }
}
