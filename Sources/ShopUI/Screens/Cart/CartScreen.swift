import ShopCore

/// The cart: lines grouped by marketplace with subtotals, quantities and removal.
enum CartScreen {
    /// One row of the cart list.
    private enum Row {
        case group(CartSummary.Group)
        case line(CartSummary.Line, index: Int)
        /// Under a line whose price moved since it was added: what it was, and why.
        case priceNote(String, Style, index: Int)
        case subtotal(Money)
        case blank
    }

    /// `summary`: the cart priced against the catalog the user sees; `itemCount`: its units;
    /// `deals`: the flash deals as they stand (a deal line's countdown and limit).
    static func draw(_ grid: inout Grid, screen: CartScreenState, summary: CartSummary, itemCount count: Int, deals: DealDesk, theme: Theme) {
        let notes = summary.lines.filter { $0.priceChange != nil }.count
        let rowCount = summary.groups.reduce(0) { $0 + 2 + $1.lines.count + $1.currentSubtotals.count } + notes
        let area = Overlay.panel(
            &grid, maxWidth: 86, maxHeight: max(10, rowCount + 4), theme: theme,
            title: "Cart \(theme.glyphs.separator) \(Format.count(count, "item"))")
        guard !summary.isEmpty else {
            drawEmpty(&grid, area: area, theme: theme)
            return
        }
        var rows: [Row] = []
        var lineIndex = 0
        for group in summary.groups {
            if !rows.isEmpty { rows.append(.blank) }
            rows.append(.group(group))
            for line in group.lines {
                rows.append(.line(line, index: lineIndex))
                if let (note, style) = priceNote(line, deals: deals, theme: theme) {
                    rows.append(.priceNote(note, style, index: lineIndex))
                }
                lineIndex += 1
            }
            // At today's prices: what the checkout will ask, not what the lines cost when added.
            for subtotal in group.currentSubtotals { rows.append(.subtotal(subtotal)) }
        }
        // Scroll so the selected line is visible.
        let selectedRow = rows.firstIndex { if case .line(_, let i) = $0 { return i == screen.selection } else { return false } } ?? 0
        let visible = area.height - 1
        let first = max(0, min(selectedRow - visible / 2, rows.count - visible))
        var y = area.y
        for row in rows.dropFirst(first).prefix(visible) {
            drawRow(&grid, row, selection: screen.selection, x: area.x, y: y, width: area.width, theme: theme)
            y += 1
        }
        if first > 0 { grid.put(theme.glyphs.up, x: area.maxX, y: area.y, style: theme.muted) }
        if first + visible < rows.count { grid.put(theme.glyphs.down, x: area.maxX, y: area.maxY - 2, style: theme.muted) }
        // The checkout button (⏎) on the last row, right-aligned.
        let button = " \(Chrome.keyLabel("⏎", theme: theme)) Checkout "
        let buttonWidth = TextWidth.of(button)
        grid.put(button, x: area.maxX - buttonWidth, y: area.maxY - 1, style: theme.selection.with(.bold))
        grid.hit(Rect(x: area.maxX - buttonWidth, y: area.maxY - 1, width: buttonWidth, height: 1), .checkOut)
        let unavailable = summary.lines.filter { !$0.availability.canOrder }.count
        if unavailable > 0 {
            let note =
                unavailable == 1
                ? "1 line can't be ordered as it is; it stays in the cart."
                : "\(unavailable) lines can't be ordered as they are; they stay in the cart."
            grid.put(
                note,
                x: area.x, y: area.maxY - 1, style: theme.warning, maxWidth: area.width - buttonWidth - 1)
        }
    }

    private static func drawRow(_ grid: inout Grid, _ row: Row, selection: Int, x: Int, y: Int, width: Int, theme: Theme) {
        let g = theme.glyphs
        switch row {
        case .blank: break
        case .group(let group):
            let name = group.marketplace?.name ?? "No longer in the catalog"
            let used = grid.put(name, x: x, y: y, style: theme.accent, maxWidth: width)
            if let promise = group.marketplace?.shippingPromise {
                grid.put("  \(promise)", x: x + used, y: y, style: theme.muted, maxWidth: width - used)
            }
        case .priceNote(let note, let style, let index):
            grid.hit(Rect(x: x, y: y, width: width, height: 1), .select(index))
            let selected = index == selection
            if selected { grid.fill(Rect(x: x, y: y, width: width, height: 1), style: theme.selection) }
            grid.put(note, x: x + 4, y: y, style: selected ? theme.selection : style, maxWidth: width - 4)
        case .subtotal(let money):
            let text = "Subtotal  \(money.formatted)"
            grid.put(text, x: x + width - TextWidth.of(text), y: y, style: theme.strong)
        case .line(let line, let index):
            let selected = index == selection
            let total = line.currentTotal.formatted
            let quantity = " - \(line.line.quantity) + "
            let right = TextWidth.of(quantity) + 2 + max(9, TextWidth.of(total))
            let titleWidth = width - right - 2
            let style = selected ? theme.selection : theme.text
            if selected { grid.fill(Rect(x: x, y: y, width: width, height: 1), style: theme.selection) }
            grid.put(selected ? g.pointer : " ", x: x, y: y, style: style)
            var title = "\(line.title) \(g.separator) \(line.variantLabel)"
            if line.line.dealID != nil { title += " \(g.separator) \(g.flash) LIVE deal" }
            if let label = line.availability.label { title += " (\(label))" }
            let titleStyle = line.availability.canOrder ? style : (selected ? theme.selection : theme.warning)
            grid.put(title, x: x + 2, y: y, style: titleStyle, maxWidth: titleWidth)
            let qx = x + width - right
            grid.put(quantity, x: qx, y: y, style: selected ? theme.selection.with(.bold) : theme.muted)
            // A click on a line selects it; on the selected one, checks out as ⏎ does, except
            // on its - and +, which change its quantity as - and + do.
            grid.hit(Rect(x: x, y: y, width: width, height: 1), .select(index))
            if selected {
                grid.hit(Rect(x: qx, y: y, width: 2, height: 1), .decrease)
                grid.hit(Rect(x: qx + TextWidth.of(quantity) - 2, y: y, width: 2, height: 1), .increase)
            }
            grid.put(total, x: x + width - TextWidth.of(total), y: y, style: selected ? theme.selection : theme.price)
        }
    }

    /// "$12.99 each now, was $10.00 when added"; for a flash-deal line the deal no longer holds,
    /// why ("deal ended") and the regular price it is now. Nil when the price has not moved.
    static func priceNote(_ line: CartSummary.Line, deals: DealDesk, theme: Theme) -> (String, Style)? {
        guard let change = line.priceChange, let note = line.priceNote(deals: deals) else { return nil }
        guard line.line.dealID != nil else { return (note, change.new > change.old ? theme.warning : theme.success) }
        return ("\(theme.glyphs.flash) \(note)", theme.warning)
    }

    private static func drawEmpty(_ grid: inout Grid, area: Rect, theme: Theme) {
        let lines: [(String, Style)] = [
            (theme.glyphs.isUnicode ? "\(theme.glyphs.cart) Your cart is empty" : "Your cart is empty", theme.strong),
            ("", theme.text),
            ("Scroll the feed and press a on anything you like.", theme.muted),
            ("Press esc to go back to the feed.", theme.muted),
        ]
        var y = area.y + max(0, (area.height - lines.count) / 2)
        for (text, style) in lines {
            for line in TextLayout.wrap(text, width: area.width) where y < area.maxY {
                grid.put(line, x: area.x + max(0, (area.width - TextWidth.of(line)) / 2), y: y, style: style)
                y += 1
            }
        }
    }
}
