/// Every key, grouped by screen.
enum HelpOverlay {
    static let sections: [(String, [(String, String)])] = [
        ("Feed", [
            ("j  ↓  space  wheel down", "next post"),
            ("k  ↑  wheel up", "previous post"),
            ("⏎", "open the anchored product"),
            ("a", "add the anchored product to the cart"),
            ("c", "open the cart"),
            ("q", "quit"),
        ]),
        ("Product", [
            ("←  →  h  l", "choose an option"),
            ("+  -", "quantity"),
            ("a  ⏎", "add to cart"),
            ("esc  q", "back to the feed"),
        ]),
        ("Cart", [
            ("j  k  ↓  ↑", "select a line"),
            ("+  -", "change its quantity"),
            ("x", "remove the line"),
            ("esc  q", "back"),
        ]),
        ("Anywhere", [
            ("?", "show or hide this help"),
            ("ctrl-c", "quit at once (the cart is always saved)"),
        ]),
    ]

    static func draw(_ grid: inout Grid, theme: Theme) {
        let area = Overlay.panel(&grid, maxWidth: 64, theme: theme, title: "Keys")
        let keyWidth = 26
        var y = area.y
        for (title, keys) in sections {
            guard y < area.maxY else { break }
            grid.put(title, x: area.x, y: y, style: theme.accent)
            y += 1
            for (key, what) in keys where y < area.maxY {
                grid.put(Chrome.keyLabel(key, theme: theme), x: area.x + 2, y: y, style: theme.secondary.with(.bold), maxWidth: keyWidth - 2)
                grid.put(what, x: area.x + keyWidth, y: y, style: theme.text, maxWidth: area.width - keyWidth)
                y += 1
            }
            if y < area.maxY { y += 1 }
        }
    }
}
