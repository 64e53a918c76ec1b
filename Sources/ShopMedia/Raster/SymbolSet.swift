/// Which block symbols a cell raster uses: how many pixels a cell shows.
///
/// Half blocks (`▀`, 1x2) are in every font and stay the default. Quadrants (`▘▝▖▗▚▞▙▟…`, 2x2)
/// are in most monospace fonts since the 1990s (U+2596...U+259F); sextants (2x3, Unicode 13's
/// Symbols for Legacy Computing, U+1FB00...U+1FB3B) need a recent font (Cascadia, Iosevka,
/// JetBrains Mono, foot's and kitty's built-in box drawing), so they are opt-in.
public enum SymbolSet: String, CaseIterable, Codable, Sendable {
    case half, quadrant, sextant

    /// Pixels per cell across and down.
    public var columns: Int { self == .half ? 1 : 2 }
    public var rows: Int { self == .sextant ? 3 : 2 }

    /// Width over height of one of the raster's pixels in a 1:2 cell: 1 (half), 0.5 (quadrant,
    /// tall pixels), 0.75 (sextant). The scaler uses it so pictures keep their shape.
    public var pixelAspect: Double { Double(rows) / Double(2 * columns) }

    /// The pixel box the raster of `cells` cells reads.
    public func pixelBox(_ cells: CellSize) -> PixelSize {
        PixelSize(width: cells.width * columns, height: cells.height * rows)
    }

    /// The glyph whose foreground covers the pixels in `mask` (bit `row * columns + column`),
    /// the rest showing the background. Masks 0 and all-ones are a space (background only).
    public func glyph(mask: Int) -> Unicode.Scalar {
        switch self {
        case .half:
            return mask == 1 ? RasterCell.upperHalf : (mask == 2 ? "\u{2584}" : " ")
        case .quadrant:
            return SymbolSet.quadrantGlyphs[mask & 15]
        case .sextant:
            let m = mask & 63
            switch m {
            case 0, 63: return " "
            case 21: return "\u{258C}"  // left half: not repeated in the sextant block
            case 42: return "\u{2590}"  // right half
            default:
                let offset = m - 1 - (m > 21 ? 1 : 0) - (m > 42 ? 1 : 0)
                return Unicode.Scalar(0x1FB00 + UInt32(offset)) ?? " "
            }
        }
    }

    /// The mask a glyph of this set covers (the inverse of `glyph(mask:)`), nil for others.
    public func mask(of glyph: Unicode.Scalar) -> Int? {
        let count = 1 << (columns * rows)
        if glyph == " " { return 0 }
        return (1..<(count - 1)).first { self.glyph(mask: $0) == glyph }
    }

    /// Index = mask (1 top-left, 2 top-right, 4 bottom-left, 8 bottom-right).
    static let quadrantGlyphs: [Unicode.Scalar] = [
        " ", "\u{2598}", "\u{259D}", "\u{2580}", "\u{2596}", "\u{258C}", "\u{259E}", "\u{259B}",
        "\u{2597}", "\u{259A}", "\u{2590}", "\u{259C}", "\u{2584}", "\u{2599}", "\u{259F}", "\u{2588}",
    ]
}
