/// A rectangle in fractions (0...1) of a picture's width and height.
public struct CropRect: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public static let full = CropRect(x: 0, y: 0, width: 1, height: 1)

    /// The same rectangle moved and shrunk to lie inside 0...1.
    public func clamped() -> CropRect {
        let w = min(max(width, 0.01), 1), h = min(max(height, 0.01), 1)
        return CropRect(x: min(max(x, 0), 1 - w), y: min(max(y, 0), 1 - h), width: w, height: h)
    }
}
