/// An 8-bit sRGB colour.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `#rrggbb` or `rrggbb`.
    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }

    public var description: String {
        let h = String((UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)), radix: 16)
        return "#" + String(repeating: "0", count: 6 - h.count) + h
    }

    /// The "redmean" perceptual distance (0 ... about 765): a cheap weighted Euclidean distance
    /// whose weights follow the mean red, close to CIE76 for the colours a terminal can show.
    public func distance(to o: RGB) -> Double {
        Double(redmeanSquared(Int(r), Int(g), Int(b), Int(o.r), Int(o.g), Int(o.b))).squareRoot() / 16
    }
}

/// 256 × the squared redmean distance, in integers (cheap enough for building lookup tables).
@inline(__always)
func redmeanSquared(_ r1: Int, _ g1: Int, _ b1: Int, _ r2: Int, _ g2: Int, _ b2: Int) -> Int {
    let rm = (r1 + r2) / 2
    let dr = r1 - r2, dg = g1 - g2, db = b1 - b2
    return (512 + rm) * dr * dr + 1024 * dg * dg + (767 - rm) * db * db
}
