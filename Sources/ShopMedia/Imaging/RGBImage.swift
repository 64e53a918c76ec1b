/// An opaque 8-bit RGB picture: what the scaler hands to the rasterizer.
public struct RGBImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, fill: RGB) {
        self.width = max(0, width)
        self.height = max(0, height)
        var px = [UInt8](repeating: 0, count: self.width * self.height * 3)
        for i in stride(from: 0, to: px.count, by: 3) {
            px[i] = fill.r; px[i + 1] = fill.g; px[i + 2] = fill.b
        }
        self.pixels = px
    }

    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = (y * width + x) * 3
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = (y * width + x) * 3
            pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b
        }
    }
}
