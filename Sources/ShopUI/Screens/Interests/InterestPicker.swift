import ShopCore

/// First run: pick at least three interests for For You, or skip.
enum InterestPicker {
    static func draw(_ grid: inout Grid, picker: InterestPickerState, theme: Theme) {
        let g = theme.glyphs
        let height = min(grid.height - 2, picker.categories.count + 7)
        let area = Overlay.panel(&grid, maxWidth: 60, maxHeight: height, theme: theme, title: "Welcome to reelshop")
        let x = area.x, width = area.width
        var y = area.y
        grid.put("What do you like? Pick 3 or more for your For You feed.", x: x, y: y, style: theme.strong, maxWidth: width)
        y += 2
        let rows = max(1, area.maxY - y - 2)
        let first = max(0, min(picker.cursor - rows + 1, picker.categories.count - rows))
        for (index, category) in picker.categories.enumerated().dropFirst(first).prefix(rows) {
            let picked = picker.picked.contains(category)
            let box = picked ? (g.isUnicode ? "[\(g.check)]" : "[x]") : "[ ]"
            let style = index == picker.cursor ? theme.selection : picked ? theme.success : theme.text
            if index == picker.cursor { grid.fill(Rect(x: x, y: y, width: width, height: 1), style: theme.selection) }
            grid.hit(Rect(x: x, y: y, width: width, height: 1), .select(index))  // ticks or unticks it
            grid.put("\(index == picker.cursor ? g.pointer : " ") \(box) \(category)", x: x, y: y, style: style, maxWidth: width)
            y += 1
        }
        let status =
            picker.canFinish
            ? "\(picker.picked.count) picked \(g.separator) d: done"
            : "\(picker.picked.count) of \(InterestPickerState.minimum) picked \(g.separator) s: skip"
        grid.put(status, x: x, y: area.maxY - 1, style: picker.canFinish ? theme.success : theme.muted, maxWidth: width)
    }
}
