import Foundation
import ShopCore

/// Linking one marketplace: consent first, then the code to enter elsewhere, a countdown and
/// the live status. Never shows a token (the state holds none).
enum LinkScreen {
    static func draw(_ grid: inout Grid, screen: LinkScreenState, state: AppState, theme: Theme) {
        let name = Reducer.marketplaceName(state, screen.marketplaceID)
        let width = Overlay.innerWidth(in: grid, maxWidth: 76)
        let rows: [PanelRow]
        switch screen.phase {
        case .consent: rows = consent(name: name, width: width, theme: theme)
        case .linking(let link): rows = linking(link, screen: screen, name: name, now: state.market.now, width: width, theme: theme)
        }
        let area = Overlay.panel(&grid, maxWidth: 76, maxHeight: max(rows.count, 10) + 2, theme: theme, title: "Link \(name)")
        PanelRows.draw(&grid, rows, in: area, theme: theme)
    }

    private static func consent(name: String, width: Int, theme: Theme) -> [PanelRow] {
        let g = theme.glyphs
        var rows = PanelRows.wrapped("Linking lets you buy from \(name) without leaving Reelshop.", theme.text, width: width)
        rows.append(.blank)
        rows.append(PanelRow("\(name) will share with Reelshop:", theme.strong))
        for item in ["your name", "your email address (shown masked)", "your shipping address",
                     "your payment method (card brand and last four digits)"] {
            rows.append(PanelRow("\(g.bullet) \(item)", theme.text, indent: 2))
        }
        rows.append(.blank)
        rows += PanelRows.wrapped("Reelshop never sees your password or full card number. Unlink any time from the accounts screen (L, then u).",
                                  theme.muted, width: width)
        rows.append(.blank)
        rows.append(PanelRow([(Chrome.keyLabel("⏎", theme: theme), theme.footerKey), (" continue    ", theme.text),
                              ("esc", theme.footerKey), (" cancel", theme.text)]))
        return rows
    }

    private static func linking(_ link: LinkState, screen: LinkScreenState, name: String, now: Date, width: Int, theme: Theme) -> [PanelRow] {
        let g = theme.glyphs
        switch link {
        case .starting:
            return [PanelRow("Asking \(name) for a code\(g.ellipsis)", theme.muted)]
        case .waiting(let authorization, let interval, _):
            var rows: [PanelRow] = [PanelRow("On your phone or computer, go to", theme.text),
                                    PanelRow(authorization.verificationURI, theme.accent.with(.bold), indent: 2),
                                    PanelRow("and enter this code:", theme.text), .blank]
            let code = authorization.userCode.display
            let inner = "  \(code)  "
            let boxWidth = TextWidth.of(inner)
            let pad = max(0, (width - boxWidth - 2) / 2)
            let h = String(repeating: g.boxHorizontal, count: boxWidth)
            rows.append(PanelRow(g.boxTopLeft + h + g.boxTopRight, theme.border, indent: pad))
            rows.append(PanelRow([(g.boxVertical, theme.border), (inner, theme.selection.with(.bold)), (g.boxVertical, theme.border)], indent: pad))
            rows.append(PanelRow(g.boxBottomLeft + h + g.boxBottomRight, theme.border, indent: pad))
            rows.append(.blank)
            let seconds = link.secondsLeft(at: now) ?? 0
            let countdown = String(format: "%d:%02d", seconds / 60, seconds % 60)
            rows.append(PanelRow([("Expires in ", theme.text), (countdown, seconds < 60 ? theme.warning : theme.strong)]))
            // One status at a time: approved here replaces "pending" (and the offer to approve).
            if screen.approvedHere {
                rows += PanelRows.wrapped("\(g.check) Approved on this device (simulated); finishing the link with \(name)\(g.ellipsis)",
                                          theme.success, width: width)
                return rows
            }
            let slowed = interval > authorization.interval
            let status = slowed ? "Status: slow down — \(name) asked us to check less often (every \(interval) s)"
                : "Status: pending — waiting for your approval\(g.ellipsis)"
            rows += PanelRows.wrapped(status, slowed ? theme.warning : theme.muted, width: width)
            rows.append(.blank)
            rows += PanelRows.wrapped("Press a to approve on this device instead. This is simulated: it stands in for your phone and works only with the demo marketplace.",
                                      theme.muted, width: width)
            return rows
        case .linked(let account):
            let profile = account.profile
            var rows: [PanelRow] = [PanelRow("\(g.check) Linked", theme.success.with(.bold)), .blank,
                                    PanelRow("\(profile.name) \(g.separator) \(profile.maskedEmail)", theme.text),
                                    PanelRow("Pays with \(profile.paymentMethod.label)", theme.text)]
            if let membership = profile.membership { rows.append(PanelRow(membership.name, theme.accent)) }
            rows += PanelRows.wrapped("Ships to \(profile.shippingAddress.oneLine)", theme.muted, width: width)
            return rows
        case .denied:
            return PanelRows.wrapped("Status: denied — the link was refused on \(name).", theme.danger, width: width)
                + [.blank, PanelRow("Press \(Chrome.keyLabel("⏎", theme: theme)) for a new code, esc to go back.", theme.text)]
        case .expired:
            return PanelRows.wrapped("Status: expired — the code was not approved in time.", theme.warning, width: width)
                + [.blank, PanelRow("Press \(Chrome.keyLabel("⏎", theme: theme)) for a new code, esc to go back.", theme.text)]
        case .failed(_, let error):
            return PanelRows.wrapped("Linking failed: \(error.message)", theme.danger, width: width)
                + [.blank, PanelRow("Press \(Chrome.keyLabel("⏎", theme: theme)) to try again with a new code.", theme.text)]
        }
    }
}
