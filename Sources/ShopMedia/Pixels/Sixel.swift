/// DEC sixel as a pure function: pixels and a palette in, one `ESC P q … ESC \` sequence out.
///
/// The palette (`SixelPalette`) is made for the clip, not per frame: the storefront encodes
/// every frame of a clip with one adaptive palette (its frames keep every colour where it was,
/// and there is no histogram pass per frame), the first picture with its own. The fixed xterm
/// palette (`SixelPalette.xterm`) is the cell rasters' and banded smooth gradients. Only the
/// registers a picture uses are defined.
public enum Sixel {
    /// The number of registers a palette uses at most (xterm needs `numColorRegisters: 256`).
    public static let paletteSize = SixelPalette.maxColors

    /// Sixel's colour definitions are percentages: this is what `#r;2;R;G;B` says for `c`.
    public static func percentages(_ c: RGB) -> (Int, Int, Int) {
        func p(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }
        return (p(c.r), p(c.g), p(c.b))
    }

    /// `image` with a palette of its own (`media render`, a still).
    public static func encode(_ image: RGBImage) -> [UInt8] {
        encode(image, palette: .adaptive(for: [image]))
    }

    /// `image` as one sixel sequence: `ESC P q`, raster attributes `"1;1;W;H` (square pixels,
    /// the full size so the terminal clears the area first), the used registers' colours, then
    /// bands of six rows: per register `#n`, its sixels with runs of four or more as `!count`,
    /// `$` back to the band's start between registers, `-` between bands; then `ESC \`.
    /// Every data byte is printable ASCII, so the data can never contain `ESC \`.
    public static func encode(_ image: RGBImage, palette: SixelPalette) -> [UInt8] {
        let w = image.width, h = image.height
        var out: [UInt8] = Array("\u{1B}Pq\"1;1;\(w);\(h)".utf8)
        guard w > 0, h > 0 else { return out + [0x1B, 0x5C] }
        let registers = palette.registers(for: image)

        var used = [Bool](repeating: false, count: paletteSize)
        for r in registers { used[Int(r)] = true }
        for r in 0..<palette.colors.count where used[r] {
            let (pr, pg, pb) = percentages(palette.colors[r])
            out += Array("#\(r);2;\(pr);\(pg);\(pb)".utf8)
        }
        out.reserveCapacity(out.count + w * h / 2)

        // Per band: each register's sixel bits by column, and the registers in order of use.
        var bits = [UInt8](repeating: 0, count: paletteSize * w)
        var lastColumn = [Int](repeating: -1, count: paletteSize)
        var order: [Int] = []
        order.reserveCapacity(paletteSize)
        for top in stride(from: 0, to: h, by: 6) {
            order.removeAll(keepingCapacity: true)
            for k in 0..<min(6, h - top) {
                let row = (top + k) * w
                for x in 0..<w {
                    let r = Int(registers[row + x])
                    if lastColumn[r] < 0 { order.append(r) }
                    bits[r * w + x] |= 1 << k
                    lastColumn[r] = max(lastColumn[r], x)
                }
            }
            for (n, r) in order.enumerated() {
                if n > 0 { out.append(0x24) }  // "$"
                out += Array("#\(r)".utf8)
                var x = 0
                let end = lastColumn[r]
                while x <= end {
                    let value = bits[r * w + x]
                    var run = 1
                    while x + run <= end && bits[r * w + x + run] == value { run += 1 }
                    let char = 0x3F + value
                    if run >= 4 {
                        out += Array("!\(run)".utf8)
                        out.append(char)
                    } else {
                        for _ in 0..<run { out.append(char) }
                    }
                    x += run
                }
                for i in 0..<w { bits[r * w + i] = 0 }
                lastColumn[r] = -1
            }
            if top + 6 < h { out.append(0x2D) }  // "-"
        }
        return out + [0x1B, 0x5C]
    }
}
