import Foundation

/// The xterm palette and nearest-colour lookup tables for each `ColorMode`.
///
/// The 16- and 8-colour tables are built once, on first use (Swift's `static let` initialisation
/// is thread-safe); the 256-colour one fills one bin at a time (`Table256`). Either way a known
/// colour quantizes with one array read.
public enum XtermPalette {
    /// The six levels of each channel in the 6x6x6 cube (indexes 16...231).
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// xterm's default RGB for an index 0...255. 0...15 depend on the user's theme; these are
    /// xterm's defaults, used for the 16/8 colour modes and for colour-stability distances.
    public static func color(of index: UInt8) -> RGB {
        let i = Int(index)
        if i < 16 { return ansi16[i] }
        if i < 232 {
            let c = i - 16
            return RGB(cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
        }
        let v = UInt8(8 + (i - 232) * 10)
        return RGB(v, v, v)
    }

    /// xterm's default 16 colours.
    public static let ansi16: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The nearest of indexes 16...255 by redmean distance, through the 64x64x64 table
    /// (each channel's low two bits dropped, so the answer is exact for the bin's centre).
    public static func nearest256(_ c: RGB) -> UInt8 {
        table256.withBins { $0.nearest(Int(c.r >> 2) << 12 | Int(c.g >> 2) << 6 | Int(c.b >> 2)) }
    }

    /// The nearest of indexes 16...255 by an exhaustive search (reference for the table).
    public static func nearest256Exact(_ c: RGB) -> UInt8 {
        nearest(Int(c.r), Int(c.g), Int(c.b), among: Array(16...255))
    }

    /// The nearest of the 16 ANSI colours (no dithering), through a 32x32x32 table.
    @inline(__always)
    public static func nearest16(_ c: RGB) -> UInt8 {
        lut16[Int(c.r >> 3) << 10 | Int(c.g >> 3) << 5 | Int(c.b >> 3)]
    }

    /// The nearest of the 8 basic ANSI colours (no dithering), through a 32x32x32 table.
    @inline(__always)
    public static func nearest8(_ c: RGB) -> UInt8 {
        lut8[Int(c.r >> 3) << 10 | Int(c.g >> 3) << 5 | Int(c.b >> 3)]
    }

    /// The 64x64x64 table behind `nearest256`, filled one bin at a time as colours are asked for.
    ///
    /// Filling all 262,144 bins up front took most of the first frame's time (about 220 ms of CPU
    /// in a debug build, docs/PERFORMANCE.md) although one 40x40-pixel frame touches at most 1,600.
    static let table256 = Table256()

    /// The lazily filled 256-colour table; `withBins` holds its lock, so callers take it once per
    /// picture rather than once per pixel.
    final class Table256: @unchecked Sendable {
        private let lock = NSLock()
        // 0 means "not computed yet": the answers are 16...255, never 0.
        private var bins = [UInt8](repeating: 0, count: 64 * 64 * 64)

        func withBins<R>(_ body: (Bins) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return bins.withUnsafeMutableBufferPointer { body(Bins(storage: $0)) }
        }
    }

    /// The table's storage while its lock is held.
    struct Bins {
        let storage: UnsafeMutableBufferPointer<UInt8>

        /// The nearest index for bin `key` (r << 12 | g << 6 | b, each channel >> 2).
        @inline(__always)
        func nearest(_ key: Int) -> UInt8 {
            let known = storage[key]
            if known != 0 { return known }
            let found = XtermPalette.nearestToBinCentre(key)
            storage[key] = found
            return found
        }
    }

    /// The two cube levels nearest to each bin centre, per channel: only those 8 cube colours and
    /// the 24 greys can be nearest, so a bin checks 32 candidates instead of 240 (tests compare
    /// the result with the exhaustive search).
    private static let levelPairs: [(Int, Int)] = (0..<64).map { v in
        let x = v * 4 + 2
        var best = 0
        for l in 1..<6 where abs(Int(cubeLevels[l]) - x) < abs(Int(cubeLevels[best]) - x) { best = l }
        let other = Int(cubeLevels[best]) >= x ? max(0, best - 1) : min(5, best + 1)
        return (best, other)
    }

    static func nearestToBinCentre(_ key: Int) -> UInt8 {
        let rb = key >> 12, gb = (key >> 6) & 63, bb = key & 63
        let r = rb * 4 + 2, g = gb * 4 + 2, b = bb * 4 + 2
        let (r0, r1) = levelPairs[rb], (g0, g1) = levelPairs[gb], (b0, b1) = levelPairs[bb]
        var bestIndex = 16, bestDistance = Int.max
        for k in 0..<8 {
            let ri = k & 4 == 0 ? r0 : r1, gi = k & 2 == 0 ? g0 : g1, bi = k & 1 == 0 ? b0 : b1
            let d = redmeanSquared(r, g, b, Int(cubeLevels[ri]), Int(cubeLevels[gi]), Int(cubeLevels[bi]))
            let index = 16 + ri * 36 + gi * 6 + bi
            if d < bestDistance || (d == bestDistance && index < bestIndex) {
                bestDistance = d; bestIndex = index
            }
        }
        var v = 8
        for k in 0..<24 {
            let d = redmeanSquared(r, g, b, v, v, v)
            if d < bestDistance { bestDistance = d; bestIndex = 232 + k }
            v += 10
        }
        return UInt8(bestIndex)
    }

    static let lut16: [UInt8] = smallTable(among: Array(0...15))
    static let lut8: [UInt8] = smallTable(among: Array(0...7))

    private static func smallTable(among indexes: [Int]) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 32 * 32 * 32)
        for rb in 0..<32 {
            for gb in 0..<32 {
                for bb in 0..<32 {
                    table[rb << 10 | gb << 5 | bb] = nearest(rb * 8 + 4, gb * 8 + 4, bb * 8 + 4, among: indexes)
                }
            }
        }
        return table
    }

    private static func nearest(_ r: Int, _ g: Int, _ b: Int, among indexes: [Int]) -> UInt8 {
        var bestIndex = indexes[0], bestDistance = Int.max
        for i in indexes {
            let c = color(of: UInt8(i))
            let d = redmeanSquared(r, g, b, Int(c.r), Int(c.g), Int(c.b))
            if d < bestDistance { bestDistance = d; bestIndex = i }
        }
        return UInt8(bestIndex)
    }
}
