/// The demo tour's caption bar: two rows under the app, "▶ DEMO 3/12" and the step's caption,
/// with "any key: take over" on the right.
///
/// The app is drawn into the rows above it, as if the terminal were two rows shorter, so the bar
/// never hides a footer, a toast or a price: an audience sees the real screen and the narration.
enum DemoCaptionBar {
    static let height = 2

    /// The whole screen with the bar, or nil when the terminal is too small to give up two rows
    /// (then the app is drawn alone: the tour still runs, only its narration is not shown).
    static func frame(_ state: AppState, caption: DemoCaption, theme: Theme, library: ClipLibrary) -> Grid? {
        guard let inner = appState(under: state) else { return nil }
        var grid = Grid(width: state.size.width, height: state.size.height, asciiOnly: !theme.glyphs.isUnicode)
        grid.draw(AppView.render(inner, theme: theme, library: library), at: 0, y: 0)
        draw(&grid, caption: caption, top: inner.size.height, theme: theme)
        return grid
    }

    /// The text of the app without the bar: what a tour's `waitFor` looks for, so a caption
    /// that names the text it waits for cannot satisfy itself.
    static func appText(_ state: AppState, theme: Theme, library: ClipLibrary) -> String {
        var shown = appState(under: state) ?? state
        shown.demo = nil
        return AppView.render(shown, theme: theme, library: library).text
    }

    /// The state drawn above the bar: two rows shorter, without the caption (nil: no room for a bar).
    private static func appState(under state: AppState) -> AppState? {
        guard state.demo != nil else { return nil }
        var inner = state
        inner.demo = nil
        inner.size.height -= height
        return inner.isTooSmall ? nil : inner
    }

    static func draw(_ grid: inout Grid, caption: DemoCaption, top: Int, theme: Theme) {
        let width = grid.width
        // Blue (reverse video without colour): apart from the grey header and footer.
        let bar = theme.selection
        let plain = Style(
            foreground: bar.foreground, background: bar.background,
            attributes: theme.capability == .monochrome ? .reverse : [])
        grid.fill(Rect(x: 0, y: top, width: width, height: height), style: plain)
        let label = " \(theme.glyphs.isUnicode ? "▶" : ">") DEMO \(caption.step)/\(caption.count) "
        let textX = grid.put(label, x: 0, y: top, style: theme.badge) + 1
        let textWidth = width - textX - 1
        guard textWidth > 0 else { return }

        // The second row shares its right end with the hint; a shorter hint on narrow terminals.
        let hint = ["any key: take over", "key: stop"].first { width - textX - TextWidth.of($0) - 3 >= 10 } ?? "key: stop"
        let hintWidth = TextWidth.of(hint)
        grid.put(hint, x: max(textX, width - hintWidth - 1), y: top + 1, style: plain, maxWidth: width - textX - 1)

        let lines = TextLayout.wrap(caption.text, width: textWidth)
        grid.put(lines.first ?? "", x: textX, y: top, style: bar, maxWidth: textWidth)
        let rest = lines.dropFirst().joined(separator: " ")
        let restWidth = width - textX - hintWidth - 3
        if let second = TextLayout.wrap(rest, width: restWidth, maxLines: 1).first {
            grid.put(second, x: textX, y: top + 1, style: bar, maxWidth: restWidth)
        }
    }
}
