/// Every key, grouped by screen.
enum HelpOverlay {
    static let sections: [(String, [(String, String)])] = [
        ("Feed", [
            ("j k ↓ ↑", "next, previous post"),
            ("⏎", "open the product"),
            ("a", "add; asks which option"),
            ("b", "buy now, cart untouched"),
            ("tab 1-4", "switch tabs"),
            ("/", "search"),
            ("c", "open the cart"),
            ("p", "pause or play the clip"),
            ("l s f", "like, save, follow"),
            ("y", "share: copy the link"),
            ("o", "your orders"),
            ("L", "linked accounts"),
            ("q", "quit"),
        ]),
        ("LIVE", [
            ("b a", "buy, add at deal price"),
            ("⏎", "open the product"),
        ]),
        ("Product", [
            ("← → h l", "choose an option"),
            ("+ -", "quantity"),
            ("a ⏎", "add to cart"),
            ("b", "buy now"),
        ]),
        ("Cart", [
            ("j k ↓ ↑", "select a line"),
            ("+ -", "change its quantity"),
            ("x", "remove the line"),
            ("⏎", "check out the whole cart"),
        ]),
        ("Checkout", [
            ("⏎", "place orders (asks y/n)"),
            ("v", "voucher code"),
            ("p", "accept changed prices"),
            ("L a", "link; approve (demo)"),
        ]),
        ("Anywhere", [
            ("esc q", "back (ctrl-c quits)"),
        ]),
    ]

    static func draw(_ grid: inout Grid, theme: Theme) {
        let rowsNeeded = sections.reduce(0) { $0 + $1.1.count + 2 }
        let twoColumnRows = max(sections.prefix(2).reduce(0) { $0 + $1.1.count + 2 }, sections.dropFirst(2).reduce(0) { $0 + $1.1.count + 2 })
        let oneColumn = grid.height - 4 >= rowsNeeded || grid.width < 70
        let area = Overlay.panel(&grid, maxWidth: oneColumn ? 52 : 84, maxHeight: (oneColumn ? rowsNeeded : twoColumnRows) + 1, theme: theme, title: "Keys")
        // Two columns when one would not fit and there is room side by side.
        if !oneColumn {
            let half = area.width / 2
            let split = 2
            drawColumn(&grid, sections: Array(sections.prefix(split)), in: Rect(x: area.x, y: area.y, width: half - 1, height: area.height), theme: theme)
            drawColumn(&grid, sections: Array(sections.dropFirst(split)), in: Rect(x: area.x + half + 1, y: area.y, width: half - 1, height: area.height), theme: theme)
        } else {
            drawColumn(&grid, sections: sections, in: area, theme: theme)
        }
    }

    private static func drawColumn(_ grid: inout Grid, sections: [(String, [(String, String)])], in area: Rect, theme: Theme) {
        let keyWidth = theme.glyphs.isUnicode ? 12 : 16
        var y = area.y
        for (title, keys) in sections {
            guard y < area.maxY else { break }
            grid.put(title, x: area.x, y: y, style: theme.accent)
            y += 1
            for (key, what) in keys where y < area.maxY {
                grid.put(Chrome.keyLabel(key, theme: theme), x: area.x + 1, y: y, style: theme.secondary.with(.bold), maxWidth: keyWidth - 1)
                grid.put(what, x: area.x + keyWidth, y: y, style: theme.text, maxWidth: area.width - keyWidth)
                y += 1
            }
            if y < area.maxY { y += 1 }
        }
    }
}
