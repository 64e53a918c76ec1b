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
