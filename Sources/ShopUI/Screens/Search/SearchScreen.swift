import ShopCore

/// The search page: a query line and results as you type (products, creators, hashtags).
enum SearchScreen {
    static func draw(_ grid: inout Grid, search: SearchState, theme: Theme) {
        // The box grows with the results, so a short list does not sit in a screenful of nothing.
        let needed = search.results.isEmpty ? 2 : search.results.count * 2 + 1
        let area = Overlay.panel(&grid, maxWidth: 84, maxHeight: max(10, needed + 5), atTop: true, theme: theme, title: "Search")
        let x = area.x, width = area.width
        var y = area.y
        let prompt = "/ "
        var col = x
        col += grid.put(prompt, x: col, y: y, style: theme.accent)
        let field = Rect(x: col, y: y, width: max(1, width - TextWidth.of(prompt)), height: 1)
        grid.fill(field, style: theme.selection)
        let shown = TextLayout.tail(search.query, width: field.width - 1)
        let used = grid.put(shown, x: field.x, y: y, style: theme.selection, maxWidth: field.width)
        grid.put(theme.glyphs.isUnicode ? "▏" : "_", x: field.x + used, y: y, style: theme.selection, maxWidth: max(0, field.maxX - field.x - used))
        y += 2
        if search.query.trimmingCharacters(in: .whitespaces).isEmpty {
            for line in ["Products, creators and hashtags.", "Start with @ for creators or # for hashtags."] where y < area.maxY {
                grid.put(line, x: x, y: y, style: theme.muted, maxWidth: width)
                y += 1
            }
            return
        }
        guard !search.results.isEmpty else {
            grid.put("Nothing matches \"\(search.query)\".", x: x, y: y, style: theme.muted, maxWidth: width)
            return
        }
        let count = "\(search.results.count)\(search.results.count == Reducer.searchResultLimit ? "+" : "") result\(search.results.count == 1 ? "" : "s")"
        grid.put(count, x: x, y: y, style: theme.muted, maxWidth: width)
        y += 1
        // Two rows a result; keep the highlighted one in view.
        let rows = max(1, (area.maxY - y) / 2)
        let first = max(0, min(search.selection - rows + 1, search.results.count - rows))
        for (index, result) in search.results.enumerated().dropFirst(first).prefix(rows) {
            let selected = index == search.selection
            let kind: String
            switch result.kind {
            case .product: kind = "product"
            case .creator: kind = "creator"
            case .hashtag: kind = "hashtag"
            }
            let marker = selected ? theme.glyphs.pointer : " "
            let titleStyle = selected ? theme.selection : theme.strong
            if selected { grid.fill(Rect(x: x, y: y, width: width, height: 1), style: theme.selection) }
            grid.hit(Rect(x: x, y: y, width: width, height: 2), .select(index))  // select; on the selected, open
            var cx = x
            cx += grid.put("\(marker) ", x: cx, y: y, style: titleStyle)
            cx += grid.put(result.title, x: cx, y: y, style: titleStyle, maxWidth: x + width - cx - TextWidth.of(kind) - 1)
            grid.put(kind, x: x + width - TextWidth.of(kind) - 1, y: y, style: selected ? theme.selection : theme.muted)
            grid.put(result.subtitle, x: x + 2, y: y + 1, style: theme.muted, maxWidth: width - 2)
            y += 2
        }
    }
}
