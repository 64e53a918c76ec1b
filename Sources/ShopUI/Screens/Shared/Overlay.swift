/// A boxed panel centred over the screen, between the header and the footer.
enum Overlay {
    /// The width inside a panel of at most `maxWidth` columns on this grid.
    static func innerWidth(in grid: Grid, maxWidth: Int) -> Int { min(grid.width - 2, maxWidth) - 4 }

    /// Draws the box and returns the area inside it (with a one-column margin).
    /// `atTop` keeps the panel under the header (search grows downwards as results come).
    static func panel(_ grid: inout Grid, maxWidth: Int, maxHeight: Int? = nil, atTop: Bool = false, theme: Theme, title: String) -> Rect {
        let width = min(grid.width - 2, maxWidth)
        let available = grid.height - 2
        let height = min(available, maxHeight ?? available)
        let rect = Rect(x: (grid.width - width) / 2, y: atTop ? 1 : 1 + (available - height) / 2, width: width, height: height)
        grid.fill(rect, style: .plain)
        grid.box(rect, style: theme.border, glyphs: theme.glyphs, title: title, titleStyle: theme.accent)
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }
}
