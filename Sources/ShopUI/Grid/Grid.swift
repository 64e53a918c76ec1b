import ShopMedia

/// One terminal cell: a grapheme, its width, and how it is drawn.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown; empty for the right half of a wide grapheme.
    public var text: String
    /// 1 or 2 for a cell that starts a grapheme, 0 for the right half of a wide one.
    public var width: UInt8
    public var style: Style

    public init(text: String, width: UInt8 = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell(text: " ")
}

public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}

public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    public func contains(x: Int, y: Int) -> Bool { x >= self.x && y >= self.y && x < maxX && y < maxY }

    public func inset(by n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
}

/// A screen's worth of cells. Screens draw into a Grid; only the backend turns it into output.
public struct Grid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// When true, `put` turns every grapheme into plain ASCII (non-UTF-8 locales).
    public let asciiOnly: Bool
    public private(set) var cells: [Cell]
    /// Where a click does something, in drawing order: screens report a region with the command
    /// its key sends while they draw it, so the mouse and the keys share the keymaps' commands.
    public private(set) var hits: [HitRegion] = []
    /// The feed clip to show in real pixels over its box, when the terminal takes pictures
    /// (kitty, sixel): the backend writes it after the text update. ShopUI only says where and what;
    /// the escape bytes are the backend's. Nil in cells mode and whenever nothing may cover the
    /// box (a page, help, a toast over it, a slide between posts).
    public var picture: PicturePlacement?

    public init(width: Int, height: Int, asciiOnly: Bool = false, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.asciiOnly = asciiOnly
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y) on one line, clipped to `maxWidth` columns (and the grid).
    /// With `ellipsis`, clipped text ends in "…". Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil, ellipsis: Bool = true) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? Int.max, width - max(x, 0))
        guard limit > 0 else { return 0 }
        var graphemes: [(String, Int)] = []
        var total = 0
        for character in text {
            // Past the limit the text is clipped whatever follows: stop reading (a 1 MB caption
            // costs what fits on the line, not its length, every frame).
            if total > limit { break }
            guard let shown = asciiOnly ? TextSanitizer.asciiStandIn(character) : TextSanitizer.cell(character, ascii: false) else { continue }
            if asciiOnly {
                for c in shown {
                    graphemes.append((String(c), 1))
                    total += 1
                }
            } else {
                let w = max(1, TextWidth.of(Character(shown)))
                graphemes.append((shown, w))
                total += w
            }
        }
        var budget = limit
        var clipped = false
        if total > limit {
            clipped = true
            budget = ellipsis ? limit - 1 : limit
        }
        var column = x
        var used = 0
        for (grapheme, w) in graphemes {
            if used + w > budget { break }
            setGrapheme(grapheme, width: w, x: column, y: y, style: style)
            column += w
            used += w
        }
        if clipped && ellipsis && limit >= 1 {
            setGrapheme(asciiOnly ? "~" : "…", width: 1, x: column, y: y, style: style)
            used += 1
        }
        return used
    }

    /// Writes one grapheme of a known width, clearing any wide grapheme it cuts in half.
    public mutating func setGrapheme(_ grapheme: String, width w: Int, x: Int, y: Int, style: Style) {
        guard y >= 0, y < height, x >= 0, x + w <= width else { return }
        // Overwriting half of a wide grapheme: blank its other half.
        if self[x, y].width == 0, x > 0 { self[x - 1, y] = Cell(text: " ", width: 1, style: self[x - 1, y].style) }
        if x + w < width, self[x + w, y].width == 0 {
            self[x + w, y] = Cell(text: " ", width: 1, style: self[x + w, y].style)
        }
        if self[x + w - 1, y].width == 2, x + w < width {
            self[x + w, y] = Cell(text: " ", width: 1, style: self[x + w, y].style)
        }
        self[x, y] = Cell(text: grapheme, width: UInt8(w), style: style)
        if w == 2 { self[x + 1, y] = Cell(text: "", width: 0, style: style) }
    }

    /// Paints a rectangle with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style, with text: String = " ") {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 {
            for xx in x0..<x1 { self[xx, yy] = Cell(text: text, width: 1, style: style) }
        }
    }

    /// Changes the style of cells without changing their text (for highlights).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 {
            for xx in x0..<x1 { change(&self[xx, yy].style) }
        }
    }

    /// Draws a box border around `rect` with an optional title in the top edge.
    public mutating func box(_ rect: Rect, style: Style, glyphs: Glyphs, title: String? = nil, titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for xx in rect.x...right {
            let top = xx == rect.x ? glyphs.boxTopLeft : xx == right ? glyphs.boxTopRight : glyphs.boxHorizontal
            let bot = xx == rect.x ? glyphs.boxBottomLeft : xx == right ? glyphs.boxBottomRight : glyphs.boxHorizontal
            setGrapheme(top, width: 1, x: xx, y: rect.y, style: style)
            setGrapheme(bot, width: 1, x: xx, y: bottom, style: style)
        }
        if rect.height > 2 {
            for yy in (rect.y + 1)..<bottom {
                setGrapheme(glyphs.boxVertical, width: 1, x: rect.x, y: yy, style: style)
                setGrapheme(glyphs.boxVertical, width: 1, x: right, y: yy, style: style)
            }
        }
        if let title, rect.width > 6 {
            put(" \(title) ", x: rect.x + 2, y: rect.y, style: titleStyle ?? style, maxWidth: rect.width - 4)
        }
    }

    /// The text of row `y`, with wide graphemes once and trailing spaces kept.
    public func line(_ y: Int) -> String {
        var out = ""
        for xx in 0..<width where self[xx, y].width != 0 { out += self[xx, y].text }
        return out
    }

    /// Every row's text, trailing spaces trimmed: what screen tests compare.
    public var lines: [String] {
        (0..<height).map { y in
            var text = line(y)
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// The whole screen as text, one row per line.
    public var text: String { lines.joined(separator: "\n") }

    /// Copies another grid onto this one at (x, y), clipped.
    /// Reports that a click inside `rect` sends `command` (drawn later: on top, it wins).
    public mutating func hit(_ rect: Rect, _ command: Command) {
        guard rect.width > 0, rect.height > 0 else { return }
        hits.append(HitRegion(rect: rect, command: command))
    }

    /// What a click on the cell at (x, y) sends: the last region drawn there, nil where none is.
    public func command(atX x: Int, y: Int) -> Command? {
        hits.last { $0.rect.contains(x: x, y: y) }?.command
    }

    public mutating func draw(_ other: Grid, at x: Int, y: Int) {
        // Its picture too (the demo's caption frame draws the app this way), moved with it; one
        // that would not fit whole is not shown (its cells are).
        if var placed = other.picture {
            placed.rect = Rect(x: placed.rect.x + x, y: placed.rect.y + y, width: placed.rect.width, height: placed.rect.height)
            if placed.rect.x >= 0, placed.rect.y >= 0, placed.rect.maxX <= width, placed.rect.maxY <= height { picture = placed }
        }
        for region in other.hits {
            hits.append(
                HitRegion(
                    rect: Rect(x: region.rect.x + x, y: region.rect.y + y, width: region.rect.width, height: region.rect.height),
                    command: region.command))
        }
        for yy in 0..<other.height where y + yy >= 0 && y + yy < height {
            for xx in 0..<other.width where x + xx >= 0 && x + xx < width {
                self[x + xx, y + yy] = other[xx, yy]
            }
        }
    }
}

/// A rectangle of the screen a click acts on, and the command it sends there.
public struct HitRegion: Hashable, Sendable {
    public var rect: Rect
    public var command: Command
}

/// A picture the backend shows in real pixels: which file, which frame, and the cells it covers.
public struct PicturePlacement: Hashable, Sendable {
    /// The cells the picture covers (the clip box), in screen coordinates.
    public var rect: Rect
    /// The media file (a path), as ClipLibrary resolves it.
    public var path: String
    /// The frame shown when the picture does not animate (0: the clip's first frame).
    public var frame: Int
    /// The backdrop the picture is fitted over (the post's colour).
    public var background: ShopMedia.RGB
    /// Send every frame of an animated clip and let the terminal loop them (kitty); false shows
    /// `frame` alone (reduced motion, sixel).
    public var animates: Bool
    /// Whether the animation runs (false: `p` paused it; it stops on the frame it shows).
    public var playing: Bool

    public init(rect: Rect, path: String, frame: Int, background: ShopMedia.RGB, animates: Bool = false, playing: Bool = true) {
        self.rect = rect
        self.path = path
        self.frame = frame
        self.background = background
        self.animates = animates
        self.playing = playing
    }

    /// True when the two rectangles share a cell.
    public func overlaps(_ other: Rect) -> Bool {
        rect.x < other.maxX && other.x < rect.maxX && rect.y < other.maxY && other.y < rect.maxY
    }
}

/// Which graphics mode the storefront draws with, and what the terminal was found to speak
/// (they differ while a protocol reaches the feed only in some modes), for `?` help.
public struct GraphicsStatus: Hashable, Sendable {
    public var active: GraphicsMode
    public var detected: GraphicsMode

    public init(active: GraphicsMode, detected: GraphicsMode) {
        self.active = active
        self.detected = detected
    }

    public static let cells = GraphicsStatus(active: .cells, detected: .cells)

    /// The one line `?` help shows.
    public var helpLine: String {
        switch (active, detected) {
        case (.kitty, _): return "Pictures: kitty graphics (real pixels in the clip box)"
        case (.sixel, _): return "Pictures: sixel (real pixels in the clip box)"
        case (.iterm, _): return "Pictures: iTerm2 inline images (real pixels in the clip box)"
        case (.cells, .cells): return "Pictures: cells (half blocks); --graphics kitty for pixels"
        case (.cells, let found): return "Pictures: cells (\(found.rawValue) found, but pictures do not reach it from here)"
        }
    }
}
