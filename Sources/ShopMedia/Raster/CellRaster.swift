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
            s.append(contentsOf: cells[y * width..<(y + 1) * width].map(\.glyph))
            return String(s)
        }
    }
}
