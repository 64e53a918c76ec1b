/// Prints a `CellRaster` with ANSI escape sequences, for the CLI preview (`reelshop media render`).
public enum AnsiRenderer {
    /// One line per cell row. Indexes 0...7 use SGR 30-37/40-47, 8...15 use 90-97/100-107, and
    /// 16...255 use `38;5;N`/`48;5;N`; nil colours reset to the terminal default (39/49). An SGR
    /// is written only when the colour changes, and every line ends with `ESC[0m`.
    public static func render(_ raster: CellRaster) -> String {
        var out = ""
        out.reserveCapacity(raster.width * raster.height * 12)
        for y in 0..<raster.height {
            var fg: UInt8?? = .none, bg: UInt8?? = .none
            for x in 0..<raster.width {
                let cell = raster[x, y]
                var codes: [String] = []
                if fg != .some(cell.foreground) {
                    codes.append(foreground(cell.foreground))
                    fg = .some(cell.foreground)
                }
                if bg != .some(cell.background) {
                    codes.append(background(cell.background))
                    bg = .some(cell.background)
                }
                if !codes.isEmpty { out += "\u{1B}[" + codes.joined(separator: ";") + "m" }
                out.unicodeScalars.append(cell.glyph)
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    static func foreground(_ index: UInt8?) -> String {
        guard let i = index else { return "39" }
        if i < 8 { return String(30 + Int(i)) }
        if i < 16 { return String(90 + Int(i) - 8) }
        return "38;5;\(i)"
    }

    static func background(_ index: UInt8?) -> String {
        guard let i = index else { return "49" }
        if i < 8 { return String(40 + Int(i)) }
        if i < 16 { return String(100 + Int(i) - 8) }
        return "48;5;\(i)"
    }
}
