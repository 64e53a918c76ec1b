/// How a picture reaches the terminal: real pixels through one of three protocols, or cells.
public enum GraphicsMode: String, CaseIterable, Codable, Sendable {
    /// The kitty graphics protocol (kitty, Ghostty, WezTerm, Konsole): zlib-compressed RGB
    /// scaled by the terminal to a cell box.
    case kitty
    /// DEC sixel (xterm -ti vt340, foot, mlterm, WezTerm, Windows Terminal …): palette pixels,
    /// shown at their own pixel size.
    case sixel
    /// iTerm2's OSC 1337 inline images (iTerm2, WezTerm, mintty): a PNG scaled to a cell box.
    case iterm
    /// Symbols and colours in cells (half blocks, quadrants or sextants): works everywhere.
    case cells

    /// True for the three modes that send pixels.
    public var sendsPixels: Bool { self != .cells }

    /// True where the terminal plays an animation it was sent once (kitty). In sixel and iTerm2
    /// each frame is a new picture the app writes over the last, within a byte budget.
    public var terminalAnimates: Bool { self == .kitty }
}

/// The size of one terminal cell in pixels, which sets how many pixels a cell box gets in the
/// pixel modes. Terminals report it (TIOCGWINSZ's `ws_xpixel`, `CSI 16 t`); when none does,
/// `fallback` (10x20, a common 1:2 cell) keeps pictures' shape about right.
public struct CellPixels: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
    }

    public static let fallback = CellPixels(width: 10, height: 20)

    /// Cells bigger than this are not believed (a mangled reply): 256 pixels is a huge font.
    public static let plausible = 2...256

    /// The cell size from a window size in cells and pixels, or nil when the pixels are unknown
    /// (0, as many pseudo-terminals leave them) or implausible.
    public init?(columns: Int, rows: Int, pixelWidth: Int, pixelHeight: Int) {
        guard columns > 0, rows > 0, pixelWidth > 0, pixelHeight > 0 else { return nil }
        let w = pixelWidth / columns, h = pixelHeight / rows
        guard Self.plausible.contains(w), Self.plausible.contains(h) else { return nil }
        self.init(width: w, height: h)
    }

    /// The pixel box of `cells` cells.
    public func box(_ cells: CellSize) -> PixelSize {
        PixelSize(width: cells.width * width, height: cells.height * height)
    }

    public var description: String { "\(width)x\(height)" }
}
