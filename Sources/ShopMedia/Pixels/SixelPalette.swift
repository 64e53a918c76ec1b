/// The colours a sixel's registers hold, and which register each pixel takes.
///
/// `xterm`: the fixed palette — xterm's 240 theme-independent colours (the 6x6x6 cube and 24
/// greys, indexes 16...255, as registers 0...239), the cell rasters' own. Its steps are about 40
/// levels a channel, so a smooth gradient bands: the claw clip's browns fell onto grey and olive
/// cube colours and looked camouflaged.
///
/// `adaptive(for:)`: up to 240 colours chosen for the pictures given (median cut over a 5-bit
/// a channel histogram of every frame of a clip), so a register means the same colour in every
/// frame of that clip (no palette flicker), and the same number of registers as before is asked
/// of the terminal.
public struct SixelPalette: Sendable, Equatable {
    /// Register `i` holds `colors[i]`.
    public let colors: [RGB]
    /// nil: the fixed xterm palette (quantized by the cell rasters' table). Else, per 5-5-5 bin,
    /// the register of the box it fell in (`unknown` for a bin no picture had).
    private let bins: [UInt8]?

    /// The most registers a palette uses (xterm needs `numColorRegisters: 256`).
    public static let maxColors = 240
    private static let unknown: UInt8 = 255

    public static let xterm = SixelPalette(colors: (0..<240).map { XtermPalette.color(of: UInt8($0 + 16)) }, bins: nil)

    private init(colors: [RGB], bins: [UInt8]?) {
        self.colors = colors
        self.bins = bins
    }

    @inline(__always)
    static func bin(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int { Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3) }

    /// A palette of at most `maxColors` for `images`: the median cut of their colours (every
    /// pixel of up to about a million, every n-th beyond), each register the mean of the pixels
    /// of its box. A picture of few colours gets exactly those.
    public static func adaptive(for images: [RGBImage], maxColors: Int = SixelPalette.maxColors) -> SixelPalette {
        let wanted = max(1, min(maxColors, SixelPalette.maxColors))
        var count = [UInt32](repeating: 0, count: 1 << 15)
        var sums = [UInt32](repeating: 0, count: 3 << 15)
        let total = images.reduce(0) { $0 + $1.width * $1.height }
        let step = max(1, total / 1_000_000)
        for image in images {
            image.pixels.withUnsafeBufferPointer { px in
                var i = 0
                let n = image.width * image.height
                while i < n {
                    let r = px[i * 3], g = px[i * 3 + 1], b = px[i * 3 + 2]
                    let k = bin(r, g, b)
                    count[k] += 1
                    sums[k * 3] += UInt32(r); sums[k * 3 + 1] += UInt32(g); sums[k * 3 + 2] += UInt32(b)
                    i += step
                }
            }
        }
        var used = (0..<(1 << 15)).filter { count[$0] > 0 }
        guard !used.isEmpty else { return SixelPalette(colors: [RGB(0, 0, 0)], bins: [UInt8](repeating: 0, count: 1 << 15)) }

        /// A box of bins: `used[start..<end]`.
        struct Box {
            var start: Int, end: Int, pixels: UInt64
            var longest: Int  // the channel (0 r, 1 g, 2 b) with the widest range
            var range: Int
        }
        func channel(_ k: Int, _ c: Int) -> Int { (k >> (10 - 5 * c)) & 31 }
        func makeBox(_ start: Int, _ end: Int) -> Box {
            var lo = [31, 31, 31], hi = [0, 0, 0], pixels: UInt64 = 0
            for k in used[start..<end] {
                for c in 0..<3 {
                    let v = channel(k, c)
                    lo[c] = min(lo[c], v); hi[c] = max(hi[c], v)
                }
                pixels += UInt64(count[k])
            }
            let ranges = (0..<3).map { hi[$0] - lo[$0] }
            // Green weighs most in how bright a colour looks, blue least.
            let weighted = [ranges[0] * 3, ranges[1] * 4, ranges[2] * 2]
            let longest = weighted.indices.max { weighted[$0] < weighted[$1] } ?? 1
            return Box(start: start, end: end, pixels: pixels, longest: longest, range: ranges[longest])
        }
        var boxes = [makeBox(0, used.count)]
        while boxes.count < wanted {
            // Split the box with the most pixels times range: large boxes of many pixels first.
            guard
                let index = boxes.indices.filter({ boxes[$0].range > 0 }).max(by: {
                    Double(boxes[$0].pixels) * Double(boxes[$0].range) < Double(boxes[$1].pixels) * Double(boxes[$1].range)
                })
            else { break }
            let box = boxes[index]
            used[box.start..<box.end].sort { channel($0, box.longest) < channel($1, box.longest) }
            // The weighted median, kept off both ends so each half has a bin.
            var seen: UInt64 = 0
            var cut = box.start + 1
            for i in box.start..<(box.end - 1) {
                seen += UInt64(count[used[i]])
                cut = i + 1
                if seen * 2 >= box.pixels { break }
            }
            boxes[index] = makeBox(box.start, cut)
            boxes.append(makeBox(cut, box.end))
        }
        var colors: [RGB] = []
        var bins = [UInt8](repeating: unknown, count: 1 << 15)
        for (register, box) in boxes.enumerated() {
            var r: UInt64 = 0, g: UInt64 = 0, b: UInt64 = 0
            for k in used[box.start..<box.end] {
                r += UInt64(sums[k * 3]); g += UInt64(sums[k * 3 + 1]); b += UInt64(sums[k * 3 + 2])
                bins[k] = UInt8(register)
            }
            let n = max(1, box.pixels)
            colors.append(RGB(UInt8((r + n / 2) / n), UInt8((g + n / 2) / n), UInt8((b + n / 2) / n)))
        }
        return SixelPalette(colors: colors, bins: bins)
    }

    /// The register of every pixel of `image`, row-major.
    public func registers(for image: RGBImage) -> [UInt8] {
        var registers = [UInt8](repeating: 0, count: image.width * image.height)
        guard var bins else {
            XtermPalette.table256.withBins { lut in
                image.pixels.withUnsafeBufferPointer { px in
                    for i in 0..<registers.count {
                        registers[i] = lut.nearest(Rasterizer.key256(px, i * 3)) - 16
                    }
                }
            }
            return registers
        }
        image.pixels.withUnsafeBufferPointer { px in
            for i in 0..<registers.count {
                let r = px[i * 3], g = px[i * 3 + 1], b = px[i * 3 + 2]
                let k = Self.bin(r, g, b)
                if bins[k] == Self.unknown {
                    // A colour none of the palette's pictures had (a frame made after it): the
                    // nearest register to the bin's centre, remembered for this picture.
                    bins[k] = nearest(RGB(r & 0xF8 | 4, g & 0xF8 | 4, b & 0xF8 | 4))
                }
                registers[i] = bins[k]
            }
        }
        return registers
    }

    private func nearest(_ c: RGB) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for (i, p) in colors.enumerated() {
            let d = redmeanSquared(Int(c.r), Int(c.g), Int(c.b), Int(p.r), Int(p.g), Int(p.b))
            if d < bestDistance { bestDistance = d; best = i }
        }
        return UInt8(best)
    }
}
