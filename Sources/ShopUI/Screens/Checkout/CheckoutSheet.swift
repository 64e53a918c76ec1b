import ShopCore

/// Checkout: one order per marketplace with ship-to, pay-with, arrival, money and voucher, and
/// an explicit confirmation before anything is placed.
enum CheckoutSheet {
    static func title(_ plan: CheckoutPlan) -> String {
        let kind = plan.source == .buyNow ? "Buy now" : "Checkout"
        return "\(kind) \u{00B7} \(Format.count(plan.groups.count, "order"))"
    }

    static func draw(_ grid: inout Grid, screen checkout: CheckoutState, theme: Theme) {
        let width = Overlay.innerWidth(in: grid, maxWidth: 86)
        let footer = footerRows(checkout, theme: theme, width: width)
        var rows: [PanelRow] = []
        var focus = 0
        for (index, group) in checkout.plan.groups.enumerated() {
            if index > 0 { rows.append(.blank) }
            if index == checkout.selection { focus = rows.count }
            // Every row of a marketplace's order clicks as one: select it, or on the selected one, ⏎.
            rows += groupRows(group, selected: index == checkout.selection, checkout: checkout, theme: theme, width: width)
                .map {
                    var row = $0; row.command = .select(index); return row
                }
        }
        for line in checkout.plan.unavailable {
            rows.append(PanelRow("\(line.title): no longer sold; it stays in the cart.", theme.warning))
        }
        let area = Overlay.panel(&grid, maxWidth: 86, maxHeight: max(rows.count + footer.count + 1, 8) + 2, theme: theme, title: title(checkout.plan))
        let listArea = Rect(x: area.x, y: area.y, width: area.width, height: area.height - footer.count - 1)
        PanelRows.draw(&grid, rows, in: listArea, focus: focus, theme: theme)
        PanelRows.draw(&grid, footer, in: Rect(x: area.x, y: area.maxY - footer.count, width: area.width, height: footer.count), theme: theme)
    }

    private static func groupRows(_ group: CheckoutGroup, selected: Bool, checkout: CheckoutState, theme: Theme, width: Int) -> [PanelRow] {
        let g = theme.glyphs
        let status: (String, Style)
        switch group.status {
        case .unquoted: status = ("Pricing\(g.ellipsis)", theme.muted)
        case .needsLink: status = ("Not linked", theme.warning)
        case .quoted:
            status = (group.unconfirmedPriceChanges.isEmpty ? "Ready" : "Price changed", group.unconfirmedPriceChanges.isEmpty ? theme.success : theme.warning)
        case .placed: status = ("\(g.check) Placed", theme.success)
        case .failed: status = ("Failed", theme.danger)
        }
        var rows = [
            PanelRow(
                [(selected ? g.pointer + " " : "  ", theme.text), (group.marketplace.name, theme.accent.with(.bold))],
                right: status, fill: selected ? theme.selection : nil)
        ]
        let charged = { (line: CheckoutLine) in group.chargedUnitPrice(line) ?? line.acceptedUnitPrice }
        for line in group.lines {
            let text = "\(line.title) \(g.separator) \(line.variantLabel) \u{00D7} \(line.quantity)"
            if !line.canOrder {
                rows.append(PanelRow(text + " (\(line.availability.label ?? "unavailable"); not ordered)", theme.warning, indent: 2))
                continue
            }
            rows.append(PanelRow([(text, theme.text)], right: (charged(line).times(line.quantity).formatted, theme.price), indent: 2))
            if let change = line.priceChange ?? (charged(line) != line.acceptedUnitPrice ? PriceChange(old: line.acceptedUnitPrice, new: charged(line)) : nil) {
                let pending = group.unconfirmedPriceChanges.contains { $0.key == line.key }
                rows.append(
                    PanelRow(
                        "Price \(change.label)" + (pending ? " \(g.separator) press p to accept" : " (accepted)"),
                        pending ? theme.warning : theme.muted, indent: 4))
            }
        }
        switch group.status {
        case .needsLink:
            rows += PanelRows.wrapped("Link your \(group.marketplace.name) account to order: press L.", theme.warning, width: width, indent: 2)
        case .failed(let error):
            rows += PanelRows.wrapped("\(error.message) Its lines stay in the cart.", theme.danger, width: width, indent: 2)
        case .placed(let order):
            rows.append(
                PanelRow(
                    "Order \(order.id) \(g.separator) \(Quote.arrivalLabel(order.deliveryEstimate)) \(g.separator) \(order.total.formatted)", theme.success,
                    indent: 2))
        case .quoted(let quote):
            if let account = group.account {
                rows.append(PanelRow([("Ship to  ", theme.muted), (quote.shipTo.oneLine, theme.text)], indent: 2))
                rows.append(
                    PanelRow(
                        [
                            ("Pay with ", theme.muted), (account.profile.paymentMethod.label, theme.text),
                            ("   \(quote.arrivalLabel)", theme.success),
                        ], indent: 2))
            }
            rows.append(PanelRow(moneySegments(quote, theme: theme), right: ("Total \(quote.total.formatted)", theme.strong), indent: 2))
        case .unquoted: break
        }
        if selected, let entry = checkout.voucherEntry {
            rows.append(PanelRow([("Voucher: ", theme.strong), (entry + "_", theme.selection)], indent: 2))
        } else if let voucher = group.quote?.voucher {
            rows.append(PanelRow("Voucher \(voucher.code): \(voucher.summary)", theme.success, indent: 2))
        } else if let message = group.voucherMessage {
            rows += PanelRows.wrapped("Voucher: \(message)", theme.warning, width: width, indent: 2)
        }
        return rows
    }

    private static func moneySegments(_ quote: Quote, theme: Theme) -> [(String, Style)] {
        var segments: [(String, Style)] = [("Items \(quote.subtotal.formatted)", theme.text)]
        if quote.discount.minorUnits > 0 { segments.append(("  Discount -\(quote.discount.formatted)", theme.success)) }
        segments.append(("  Shipping \(quote.shipping.minorUnits == 0 ? "Free" : quote.shipping.formatted)", theme.text))
        segments.append(("  Tax \(quote.tax.formatted)", theme.text))
        return segments
    }

    private static func footerRows(_ checkout: CheckoutState, theme: Theme, width: Int) -> [PanelRow] {
        let plan = checkout.plan
        let totals = plan.totalsToPlace.map(\.formatted).joined(separator: " + ")
        let count = plan.readyGroups.count
        // Why this checkout was priced again (the cart changed underneath it).
        let notice = checkout.notice.map { PanelRows.wrapped($0, theme.warning, width: width).prefix(2).map { $0 } } ?? []
        switch checkout.phase {
        case .quoting:
            return notice + [PanelRow("Getting prices from the marketplaces\(theme.glyphs.ellipsis)", theme.muted)]
        case .placing:
            return [PanelRow("Placing \(Format.count(count, "order"))\(theme.glyphs.ellipsis)", theme.strong)]
        case .confirming:
            return [
                PanelRow([
                    (" Place \(Format.count(count, "order")) for \(totals)? ", theme.selection.with(.bold)),
                    ("  y", theme.footerKey), (" yes  ", theme.text), ("n", theme.footerKey), (" no", theme.text),
                ])
            ]
        case .review:
            return notice + reviewRows(checkout, theme: theme, width: width)
        }
    }

    private static func reviewRows(_ checkout: CheckoutState, theme: Theme, width: Int) -> [PanelRow] {
        let plan = checkout.plan
        let totals = plan.totalsToPlace.map(\.formatted).joined(separator: " + ")
        let count = plan.readyGroups.count
        if let outcome = checkout.outcome {
            return PanelRows.wrapped(outcome, plan.isComplete ? theme.success : theme.warning, width: width).suffix(2).map { $0 }
        }
        if plan.needsPriceConfirmation {
            return [PanelRow("A price changed since you added it: press p to accept before placing.", theme.warning)]
        }
        if count == 0 {
            // The notice already says there is nothing left.
            if checkout.notice != nil, !plan.groups.contains(where: { $0.order == nil }) { return [] }
            let waiting = plan.marketplacesNeedingLink.count
            return [
                PanelRow(
                    waiting > 0 ? "Link \(Format.count(waiting, "marketplace")) to continue (select it, press L)." : "Nothing can be ordered yet.",
                    theme.warning)
            ]
        }
        return [
            PanelRow([
                ("Total \(totals)", theme.strong), ("   Press \(Chrome.keyLabel("⏎", theme: theme)) to place \(Format.count(count, "order"))", theme.text),
            ])
        ]
    }
}
