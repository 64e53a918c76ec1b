/// One terminal cell of a picture: a glyph and xterm palette indexes (nil = terminal default).
public struct RasterCell: Hashable, Sendable {
    public var glyph: Unicode.Scalar
    public var foreground: UInt8?
    public var background: UInt8?

    public init(glyph: Unicode.Scalar, foreground: UInt8? = nil, background: UInt8? = nil) {
        self.glyph = glyph
        self.foreground = foreground
        self.background = background
    }

    /// The upper half block: foreground paints the top pixel, background the bottom one.
    public static let upperHalf: Unicode.Scalar = "\u{2580}"

    /// A cell showing `top` over `bottom`: `▀` with both colours, or a space with only a
    /// background when they are equal (cheaper for ncurses and immune to font gaps).
    @inline(__always)
    public static func halfBlock(top: UInt8, bottom: UInt8) -> RasterCell {
        top == bottom
            ? RasterCell(glyph: " ", foreground: nil, background: bottom)
            : RasterCell(glyph: upperHalf, foreground: top, background: bottom)
    }

    /// The palette index shown in the top half (nil for text glyphs of the monochrome ramp).
    public var topColor: UInt8? {
        glyph == Self.upperHalf ? foreground : (glyph == " " ? background : nil)
    }

    /// The palette index shown in the bottom half.
    public var bottomColor: UInt8? {
        glyph == Self.upperHalf || glyph == " " ? background : nil
    }
}

/// A picture as terminal cells, row-major, ready to copy into a UI grid or print as ANSI.
public struct CellRaster: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var cells: [RasterCell]

    public init(width: Int, height: Int, cells: [RasterCell]) {
        precondition(cells.count == width * height, "CellRaster needs width * height cells")
        self.width = width
        self.height = height
        self.cells = cells
    }

    public init(width: Int, height: Int, fill: RasterCell = RasterCell(glyph: " ")) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> RasterCell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// The glyphs row by row, as text (colours dropped): handy for tests and previews.
    public var lines: [String] {
        (0..<height).map { y in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: cells[y * width ..< (y + 1) * width].map(\.glyph))
            return String(s)
        }
    }
}
