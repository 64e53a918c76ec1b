/// An 8-bit RGBA picture with straight (not premultiplied) alpha, rows top to bottom.
public struct RGBAImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// `width * height * 4` bytes: R, G, B, A per pixel.
    public var pixels: [UInt8]

    /// Wraps existing pixels; returns nil when the byte count does not match the size.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width >= 0, height >= 0, pixels.count == width * height * 4 else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A picture filled with one colour.
    public init(width: Int, height: Int, fill: RGB = RGB(0, 0, 0), alpha: UInt8 = 0) {
        self.width = max(0, width)
        self.height = max(0, height)
        var px = [UInt8](repeating: 0, count: self.width * self.height * 4)
        if fill != RGB(0, 0, 0) || alpha != 0 {
            for i in stride(from: 0, to: px.count, by: 4) {
                px[i] = fill.r; px[i + 1] = fill.g; px[i + 2] = fill.b; px[i + 3] = alpha
            }
        }
        self.pixels = px
    }

    /// The pixel at (x, y) as (colour, alpha).
    public func pixel(x: Int, y: Int) -> (color: RGB, alpha: UInt8) {
        let i = (y * width + x) * 4
        return (RGB(pixels[i], pixels[i + 1], pixels[i + 2]), pixels[i + 3])
    }

    public mutating func setPixel(x: Int, y: Int, _ color: RGB, alpha: UInt8 = 255) {
        let i = (y * width + x) * 4
        pixels[i] = color.r; pixels[i + 1] = color.g; pixels[i + 2] = color.b; pixels[i + 3] = alpha
    }
}
