/// Rows of styled text for the list-like marketplace screens: drawn top to bottom, scrolled so
/// a chosen row stays in view, each with optional right-aligned text.
struct PanelRow {
    var segments: [(String, Style)]
    var right: (String, Style)?
    var indent = 0
    /// Paints the whole row in this style (the selected item).
    var fill: Style?
    /// What a click on the row sends (`.select(i)` for the item it belongs to).
    var command: Command?

    init(_ segments: [(String, Style)] = [], right: (String, Style)? = nil, indent: Int = 0, fill: Style? = nil) {
        self.segments = segments
        self.right = right
        self.indent = indent
        self.fill = fill
    }

    init(_ text: String, _ style: Style, indent: Int = 0) {
        self.init([(text, style)], indent: indent)
    }

    static let blank = PanelRow()
}

enum PanelRows {
    /// Draws `rows` in `area`, scrolled so `focus` is visible; marks hidden rows with arrows.
    static func draw(_ grid: inout Grid, _ rows: [PanelRow], in area: Rect, focus: Int = 0, theme: Theme) {
        let visible = max(0, area.height)
        let first = rows.count <= visible ? 0 : max(0, min(focus - visible / 3, rows.count - visible))
        var y = area.y
        for row in rows.dropFirst(first).prefix(visible) {
            if let fill = row.fill { grid.fill(Rect(x: area.x - 1, y: y, width: area.width + 2, height: 1), style: fill) }
            if let command = row.command { grid.hit(Rect(x: area.x - 1, y: y, width: area.width + 2, height: 1), command) }
            var rightWidth = 0
            if let (text, style) = row.right {
                rightWidth = TextWidth.of(text)
                grid.put(text, x: area.maxX - rightWidth, y: y, style: row.fill ?? style)
                rightWidth += 2
            }
            var x = area.x + row.indent
            for (text, style) in row.segments {
                let room = area.maxX - rightWidth - x
                guard room > 0 else { break }
                x += grid.put(text, x: x, y: y, style: row.fill ?? style, maxWidth: room)
            }
            y += 1
        }
        if first > 0 { grid.put(theme.glyphs.up, x: area.maxX, y: area.y, style: theme.muted) }
        if first + visible < rows.count { grid.put(theme.glyphs.down, x: area.maxX, y: area.maxY - 1, style: theme.muted) }
    }

    /// Wraps text into rows of one style.
    static func wrapped(_ text: String, _ style: Style, width: Int, indent: Int = 0) -> [PanelRow] {
        TextLayout.wrap(text, width: max(1, width - indent)).map { PanelRow($0, style, indent: indent) }
    }
}
