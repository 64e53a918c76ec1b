/// How many colours the terminal shows, which decides the palette and the glyphs of a raster.
public enum ColorMode: String, CaseIterable, Codable, Sendable {
    /// xterm 256 colours, using only the theme-independent indexes 16...255.
    case ansi256
    /// The 16 ANSI colours (0...15), with ordered dithering.
    case ansi16
    /// The 8 basic ANSI colours (0...7), with ordered dithering.
    case ansi8
    /// No colour (monochrome terminals, NO_COLOR): an ASCII luminance ramp.
    case none

    /// Parses the CLI spelling: "256", "16", "8" or "none" (also the case names).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "256", "ansi256": self = .ansi256
        case "16", "ansi16": self = .ansi16
        case "8", "ansi8": self = .ansi8
        case "none", "0", "mono", "monochrome": self = .none
        default: return nil
        }
    }

    /// Picks a mode from the terminal's colour count (e.g. ncurses `COLORS`), or `.none` when the
    /// user asked for no colour.
    public static func forTerminal(colors: Int, noColor: Bool = false) -> ColorMode {
        if noColor { return .none }
        if colors >= 256 { return .ansi256 }
        if colors >= 16 { return .ansi16 }
        if colors >= 8 { return .ansi8 }
        return .none
    }
}
