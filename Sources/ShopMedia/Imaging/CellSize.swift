/// A size in terminal cells. A cell shows two pixels stacked (half blocks), so a box of
/// `width` x `height` cells holds `width` x `2 * height` pixels.
public struct CellSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The pixel box the cells show: `width` x `2 * height`.
    public var pixelWidth: Int { width }
    public var pixelHeight: Int { height * 2 }

    /// Parses "WxH", e.g. "40x20".
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0 else { return nil }
        self.init(width: w, height: h)
    }

    public var description: String { "\(width)x\(height)" }
}
