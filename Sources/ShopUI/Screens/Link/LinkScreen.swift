import Foundation
import ShopCore

/// Linking one marketplace: consent first, then the code to enter elsewhere, a countdown and
/// the live status. Never shows a token (the state holds none).
enum LinkScreen {
    /// `name`: the marketplace's name; `now`: the wall clock the code's countdown runs on.
    static func draw(_ grid: inout Grid, screen: LinkScreenState, name: String, now: Date, theme: Theme) {
        if case .linking(let link) = screen.phase, case .waiting(let authorization, _, _) = link, let qr = screen.qr.code,
            drawWithQR(&grid, qr, authorization, link: link, screen: screen, name: name, now: now, theme: theme)
        {
            return
        }
        let width = Overlay.innerWidth(in: grid, maxWidth: 76)
        let rows: [PanelRow]
        switch screen.phase {
        case .consent: rows = consent(name: name, width: width, theme: theme)
        case .linking(let link): rows = linking(link, screen: screen, name: name, now: now, width: width, theme: theme)
        }
        let area = Overlay.panel(&grid, maxWidth: 76, maxHeight: max(rows.count, 10) + 2, theme: theme, title: "Link \(name)")
        PanelRows.draw(&grid, rows, in: area, theme: theme)
    }

    private static func consent(name: String, width: Int, theme: Theme) -> [PanelRow] {
        let g = theme.glyphs
        var rows = PanelRows.wrapped("Linking lets you buy from \(name) without leaving Reelshop.", theme.text, width: width)
        rows.append(.blank)
        rows.append(PanelRow("\(name) will share with Reelshop:", theme.strong))
        for item in [
            "your name", "your email address (shown masked)", "your shipping address",
            "your payment method (card brand and last four digits)",
        ] {
            rows.append(PanelRow("\(g.bullet) \(item)", theme.text, indent: 2))
        }
        rows.append(.blank)
        rows += PanelRows.wrapped(
            "Reelshop never sees your password or full card number. Unlink any time from the accounts screen (L, then u).",
            theme.muted, width: width)
        rows.append(.blank)
        rows.append(
            PanelRow([
                (Chrome.keyLabel("⏎", theme: theme), theme.footerKey), (" continue    ", theme.text),
                ("esc", theme.footerKey), (" cancel", theme.text),
            ]))
        return rows
    }

    private static func linking(_ link: LinkState, screen: LinkScreenState, name: String, now: Date, width: Int, theme: Theme) -> [PanelRow] {
        let g = theme.glyphs
        switch link {
        case .starting:
            return [PanelRow("Asking \(name) for a code\(g.ellipsis)", theme.muted)]
        case .waiting(let authorization, _, _):
            let parts = waiting(authorization, link: link, screen: screen, name: name, now: now, width: width, theme: theme)
            return parts.header + parts.body
        case .linked(let account):
            let profile = account.profile
            var rows: [PanelRow] = [
                PanelRow("\(g.check) Linked", theme.success.with(.bold)), .blank,
                PanelRow("\(profile.name) \(g.separator) \(profile.maskedEmail)", theme.text),
                PanelRow("Pays with \(profile.paymentMethod.label)", theme.text),
            ]
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

    /// The waiting screen in two parts: where to go (`header`, which spans the panel when the
    /// address is wider than the column beside the QR code) and the code, countdown and status.
    private static func waiting(
        _ authorization: DeviceAuthorization, link: LinkState, screen: LinkScreenState, name: String, now: Date,
        width: Int, theme: Theme, qrShown: Bool = false
    ) -> (header: [PanelRow], body: [PanelRow]) {
        let g = theme.glyphs
        guard case .waiting(_, let interval, _) = link else { return ([], []) }
        let header: [PanelRow] = [
            PanelRow("On your phone or computer, go to", theme.text),
            PanelRow(authorization.verificationURI, theme.accent.with(.bold), indent: 2),
        ]
        var rows: [PanelRow] = [PanelRow("and enter this code:", theme.text), .blank]
        let code = authorization.userCode.display
        let inner = "  \(code)  "
        let boxWidth = TextWidth.of(inner)
        let pad = max(0, (width - boxWidth - 2) / 2)
        let h = String(repeating: g.boxHorizontal, count: boxWidth)
        rows.append(PanelRow(g.boxTopLeft + h + g.boxTopRight, theme.border, indent: pad))
        rows.append(PanelRow([(g.boxVertical, theme.border), (inner, theme.selection.with(.bold)), (g.boxVertical, theme.border)], indent: pad))
        rows.append(PanelRow(g.boxBottomLeft + h + g.boxBottomRight, theme.border, indent: pad))
        if qrShown {
            rows += PanelRows.wrapped("or scan the QR code: it holds the address and the code.", theme.muted, width: width)
        }
        rows.append(.blank)
        let seconds = link.secondsLeft(at: now) ?? 0
        let countdown = String(format: "%d:%02d", seconds / 60, seconds % 60)
        rows.append(PanelRow([("Expires in ", theme.text), (countdown, seconds < 60 ? theme.warning : theme.strong)]))
        // One status at a time: approved here replaces "pending" (and the offer to approve).
        if screen.approvedHere {
            rows += PanelRows.wrapped(
                "\(g.check) Approved here as the demo shopper; finishing the link with \(name)\(g.ellipsis)",
                theme.success, width: width)
            return (header, rows)
        }
        let slowed = interval > authorization.interval
        let status =
            slowed
            ? "Status: slow down — \(name) asked us to check less often (every \(interval) s)"
            : "Status: pending — waiting for your approval\(g.ellipsis)"
        rows += PanelRows.wrapped(status, slowed ? theme.warning : theme.muted, width: width)
        // Why there is no QR code, when there could have been one; the code above always works.
        if !qrShown, let note = qrNote(screen.qr, theme: theme) {
            rows += PanelRows.wrapped(note, theme.muted, width: width)
        }
        rows.append(.blank)
        rows += PanelRows.wrapped(
            "Or press a to approve here as \(name)'s demo shopper: Reelshop answers the same page a phone opens.",
            theme.muted, width: width)
        return (header, rows)
    }

    static let enlargeForQR = "Enlarge the window to see a QR code."

    private static func qrNote(_ qr: LinkQR, theme: Theme) -> String? {
        switch qr {
        case .notOffered: return nil
        case .refused: return "The address is too long for a QR code; enter the code instead."
        case .code: return theme.glyphs.isUnicode ? enlargeForQR : "This terminal cannot draw a QR code; enter the code instead."
        }
    }

    /// The code beside its QR code, when both fit: the largest quiet zone from 4 modules down to 2
    /// (the least most phone cameras read reliably). False when it cannot fit (or the terminal
    /// has no half blocks): the caller draws the screen without it and says so.
    private static func drawWithQR(
        _ grid: inout Grid, _ qr: QRCode, _ authorization: DeviceAuthorization, link: LinkState,
        screen: LinkScreenState, name: String, now: Date, theme: Theme
    ) -> Bool {
        guard theme.glyphs.isUnicode else { return false }
        let panelWidth = min(grid.width - 2, 104)
        let inner = panelWidth - 4
        let innerHeight = grid.height - 2 - 2
        for quiet in [4, 3, 2] {
            let columns = qr.size + 2 * quiet
            let rowsTall = (columns + 1) / 2
            let textWidth = inner - columns - 2
            guard textWidth >= 30 else { continue }
            let parts = waiting(authorization, link: link, screen: screen, name: name, now: now, width: textWidth, theme: theme, qrShown: true)
            // The address goes above both when it is wider than the text column (80 columns).
            let urlFits = parts.header.allSatisfy { TextWidth.of($0.segments.map(\.0).joined()) + $0.indent <= textWidth }
            // Above, on one line when it fits: a 33-module code (version 4, the usual address of
            // 55-78 bytes) takes 19 of the 20 rows an 80x24 panel has.
            let oneLine = PanelRow([("Go to ", theme.text), (authorization.verificationURI, theme.accent.with(.bold))])
            let top = urlFits ? [] : 6 + TextWidth.of(authorization.verificationURI) <= inner ? [oneLine] : parts.header
            let column = urlFits ? parts.header + parts.body : parts.body
            let height = top.count + max(rowsTall, column.count)
            guard height <= innerHeight else { continue }
            // The panel only as wide as needed: text column, gap, QR code.
            let widest = (top + column).map { TextWidth.of($0.segments.map(\.0).joined()) + $0.indent }.max() ?? 0
            let used = min(textWidth, max(widest, 40))
            let width = min(panelWidth, used + 2 + columns + 4)
            let area = Overlay.panel(&grid, maxWidth: width, maxHeight: height + 2, theme: theme, title: "Link \(name)")
            PanelRows.draw(&grid, top, in: Rect(x: area.x, y: area.y, width: area.width, height: top.count), theme: theme)
            let below = area.y + top.count
            PanelRows.draw(&grid, column, in: Rect(x: area.x, y: below, width: area.width - columns - 2, height: area.maxY - below), theme: theme)
            QRCells.draw(&grid, qr, x: area.maxX - columns, y: below, quiet: quiet, theme: theme)
            return true
        }
        return false
    }
}

/// A QR code in half blocks: each cell is two modules, one above the other.
enum QRCells {
    /// The light modules are the glyphs (foreground) and the dark ones the background, so with
    /// `NO_COLOR` a usual light-on-dark terminal still shows dark on light, as scanners expect;
    /// with colour both are explicit (white on black) and the terminal's own colours do not matter.
    static func draw(_ grid: inout Grid, _ qr: QRCode, x: Int, y: Int, quiet: Int, theme: Theme) {
        let style = self.style(theme)
        let side = qr.size + 2 * quiet
        let light = { (mx: Int, my: Int) -> Bool in my >= side || !qr.isDark(x: mx - quiet, y: my - quiet) }
        for row in 0..<((side + 1) / 2) {
            for column in 0..<side {
                let top = light(column, 2 * row), bottom = light(column, 2 * row + 1)
                let glyph = top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " "
                grid.setGrapheme(glyph, width: 1, x: x + column, y: y + row, style: style)
            }
        }
    }

    /// Light foreground on a dark background, in the palette the terminal has.
    static func style(_ theme: Theme) -> Style {
        switch theme.capability {
        case .ansi256: return Style(foreground: .index(231), background: .index(16))
        case .ansi16: return Style(foreground: .index(15), background: .index(0))
        case .ansi8: return Style(foreground: .index(7), background: .index(0))
        case .monochrome: return Style()
        }
    }
}
