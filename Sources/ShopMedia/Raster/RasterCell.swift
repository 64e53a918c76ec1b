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
