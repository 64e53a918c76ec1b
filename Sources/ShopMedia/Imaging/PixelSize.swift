/// A size in pixels: how far a decoded picture may be kept (`MediaDecoder`'s `fitting`).
public struct PixelSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
    }

    /// The size to decode a clip to for a box of `cells`: twice the box's pixels each way, so a
    /// still's zoom (up to 115 %) and a slightly bigger box after a resize stay sharp, rounded up
    /// to a power of two (at least 16) so that nearby box sizes share one decode.
    public static func decodeBound(for cells: CellSize) -> PixelSize {
        PixelSize(width: powerOfTwo(atLeast: 2 * cells.pixelWidth), height: powerOfTwo(atLeast: 2 * cells.pixelHeight))
    }

    private static func powerOfTwo(atLeast value: Int) -> Int {
        var p = 16
        while p < value && p < 1 << 20 { p <<= 1 }
        return p
    }

    public var description: String { "\(width)x\(height)" }
}
