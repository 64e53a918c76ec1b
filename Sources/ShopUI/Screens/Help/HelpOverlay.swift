/// `?`: every key, generated from the keymaps (`Keymaps`), never written here.
///
/// The screen you came from comes first, listing exactly the keys that work on it as it stands
/// (the checkout asking "place?" lists y and n); then the keys that work anywhere; then every
/// other screen's keys. Sections flow as "key what" pairs so all of them fit 80x24 as far as the
/// checkout; the rest scroll with j/k.
enum HelpOverlay {
    struct Section {
        var title: String
        var entries: [(label: String, help: String)]
        var here: Bool
    }

    /// The help's sections, for help opened over a screen whose keys are `current` now.
    static func sections(here current: Keymap) -> [Section] {
        func entries(_ keymap: Keymap) -> [(label: String, help: String)] {
            (keymap.typing.map { [($0.label, $0.help)] } ?? [])
                + keymap.bindings.filter { $0.label != GlobalKeys.help.label }.map { ($0.label, $0.help) }
        }
        var sections = [Section(title: current.title, entries: entries(current), here: true)]
        sections.append(
            Section(
                title: GlobalKeys.table.title,
                entries: GlobalKeys.table.bindings.map { ($0.label, $0.help) } + GlobalKeys.documented, here: false))
        for keymap in Keymaps.reference where keymap.title != current.title {
            sections.append(Section(title: keymap.title, entries: entries(keymap), here: false))
        }
        return sections
    }

    /// How far j can scroll help on this terminal: reckoned with ASCII key names, the longer
    /// ones, so every line can be reached whichever the terminal draws (drawing clamps again).
    static func maxScroll(_ state: AppState) -> Int {
        let grid = Grid(width: state.size.width, height: state.size.height)
        let theme = Theme(capability: .monochrome, unicode: false)
        let lines =
            layout(sections(here: keysUnder(state)), width: Overlay.innerWidth(in: grid, maxWidth: maxWidth), theme: theme)
            + terminalLines(state.graphics, theme: theme)
        return max(0, lines.count - (min(grid.height - 2, lines.count + 2) - 2))
    }

    private static let maxWidth = 96

    /// One drawn line: pieces of text at columns, relative to the panel.
    private typealias Line = [(x: Int, text: String, style: Style)]

    /// The keys of the screen help was opened over, as that screen stands.
    static func keysUnder(_ state: AppState) -> Keymap {
        Keymaps.of(state.routes.count >= 2 ? state.routes[state.routes.count - 2] : nil, state)
    }

    /// - Parameters:
    ///   - here: the keys of the screen help was opened over (`keysUnder`), listed first.
    ///   - scroll: how far j has scrolled it.
    static func draw(_ grid: inout Grid, here: Keymap, scroll: Int, graphics: GraphicsStatus, theme: Theme) {
        let width = Overlay.innerWidth(in: grid, maxWidth: maxWidth)
        let lines =
            layout(sections(here: here), width: width, theme: theme)
            + terminalLines(graphics, theme: theme)
        let area = Overlay.panel(&grid, maxWidth: maxWidth, maxHeight: lines.count + 2, theme: theme, title: "Keys")
        let scroll = min(scroll, max(0, lines.count - area.height))
        for (row, line) in lines.dropFirst(scroll).prefix(area.height).enumerated() {
            for piece in line {
                grid.put(piece.text, x: area.x + piece.x, y: area.y + row, style: piece.style, maxWidth: max(0, area.width - piece.x))
            }
        }
        if scroll + area.height < lines.count {
            let more = theme.glyphs.isUnicode ? " ↓ j more " : " j: more "
            grid.put(more, x: area.maxX - TextWidth.of(more), y: area.maxY, style: theme.accent)
        }
    }

    /// Each section: its title, then its "key what" pairs flowing across the width; lines after
    /// the first are indented so the titles stand out.
    /// The last lines: which graphics mode draws the pictures (issue 14: say it in help), and
    /// which background the colours are for, with the option that changes it (a light terminal
    /// that did not say so gets white prices: this is where a user learns of `--theme`).
    private static func terminalLines(_ graphics: GraphicsStatus, theme: Theme) -> [Line] {
        [[(0, graphics.helpLine, theme.muted)], [(0, colourLine(theme), theme.muted)]]
    }

    static func colourLine(_ theme: Theme) -> String {
        if theme.capability == .monochrome { return "Colours: none (NO_COLOR or a monochrome terminal)" }
        return theme.appearance == .light
            ? "Colours: for a light background; --theme dark for a dark one"
            : "Colours: for a dark background; --theme light for a light one"
    }

    private static func layout(_ sections: [Section], width: Int, theme: Theme) -> [Line] {
        var lines: [Line] = []
        for section in sections {
            var line: Line = []
            let title = section.here ? "\(section.title) (here):" : "\(section.title):"
            line.append((0, title, section.here ? theme.headerActive : theme.accent))
            var x = TextWidth.of(title) + 2
            for entry in section.entries {
                let label = Chrome.keyLabel(entry.label, theme: theme)
                let help = Chrome.keyLabel(entry.help, theme: theme)  // "after ⏎" too
                let needed = TextWidth.of(label) + 1 + TextWidth.of(help)
                if x > 2, x + needed > width {
                    lines.append(line)
                    line = []
                    x = 2
                }
                line.append((x, label, theme.secondary.with(.bold)))
                line.append((x + TextWidth.of(label) + 1, help, theme.text))
                x += needed + 3
            }
            lines.append(line)
        }
        return lines
    }
}
