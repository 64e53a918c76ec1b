/// Shown instead of everything else while the terminal is smaller than 40x12.
enum TooSmallScreen {
    static func message(for size: Size) -> String {
        "Please enlarge the terminal (need \(AppState.minimumSize.width)x\(AppState.minimumSize.height), have \(size.width)x\(size.height))"
    }

    static func draw(_ grid: inout Grid, theme: Theme) {
        let lines = TextLayout.wrap(message(for: grid.size), width: max(1, grid.width - 2)) + ["", "q quits"]
        var y = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where y < grid.height {
            let style = index == 0 ? theme.strong : theme.muted
            grid.put(line, x: max(0, (grid.width - TextWidth.of(line)) / 2), y: y, style: style)
            y += 1
        }
    }
}
