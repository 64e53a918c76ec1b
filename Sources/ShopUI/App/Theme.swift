import ShopCore

/// How many colours the terminal shows.
public enum ColorCapability: String, Sendable, CaseIterable {
    case ansi256
    case ansi16
    case ansi8
    /// No colour at all: monochrome terminals and `NO_COLOR`.
    case monochrome
}

/// The semantic styles every screen draws with, resolved for one colour capability.
public struct Theme: Sendable, Equatable {
    public var capability: ColorCapability
    public var glyphs: Glyphs

    public var text: Style
    public var muted: Style
    public var strong: Style
    public var accent: Style
    /// Cyan, the second brand colour.
    public var secondary: Style
    public var price: Style
    public var wasPrice: Style
    public var badge: Style
    public var rating: Style
    public var header: Style
    public var headerActive: Style
    public var footer: Style
    public var footerKey: Style
    public var selection: Style
    public var success: Style
    public var warning: Style
    public var danger: Style
    public var border: Style
    public var toast: Style
    public var hashtag: Style

    public init(capability: ColorCapability, unicode: Bool) {
        self.capability = capability
        self.glyphs = unicode ? .unicode : .ascii
        func c(_ i256: UInt8, _ i16: UInt8, _ i8: UInt8) -> TermColor {
            switch capability {
            case .ansi256: return .index(i256)
            case .ansi16: return .index(i16)
            case .ansi8: return .index(i8)
            case .monochrome: return .default
            }
        }
        let mono = capability == .monochrome
        text = Style()
        muted = capability == .ansi8 || mono ? Style(attributes: .dim) : Style(foreground: c(245, 8, 7))
        strong = Style(attributes: .bold)
        accent = Style(foreground: c(197, 9, 1), attributes: .bold)
        secondary = Style(foreground: c(51, 14, 6))
        price = Style(foreground: c(231, 15, 7), attributes: .bold)
        wasPrice = mono || capability == .ansi8 ? Style(attributes: .dim) : Style(foreground: c(244, 8, 7))
        badge = mono ? Style(attributes: [.reverse, .bold]) : Style(foreground: c(231, 15, 7), background: c(197, 9, 1), attributes: .bold)
        rating = Style(foreground: c(220, 11, 3))
        header = mono ? Style(attributes: .reverse) : Style(foreground: c(252, 15, 7), background: c(236, 0, 0))
        headerActive = mono ? Style(attributes: [.reverse, .bold, .underline]) : Style(foreground: c(231, 15, 7), background: c(236, 0, 0), attributes: [.bold, .underline])
        footer = mono ? Style(attributes: .dim) : Style(foreground: c(250, 7, 7), background: c(235, 0, 0))
        footerKey = mono ? Style(attributes: .bold) : Style(foreground: c(51, 14, 6), background: c(235, 0, 0), attributes: .bold)
        selection = mono ? Style(attributes: .reverse) : Style(foreground: c(231, 15, 7), background: c(24, 4, 4), attributes: .bold)
        success = Style(foreground: c(42, 10, 2), attributes: .bold)
        warning = Style(foreground: c(214, 11, 3), attributes: .bold)
        danger = Style(foreground: c(203, 9, 1), attributes: .bold)
        border = mono ? Style(attributes: .dim) : Style(foreground: c(240, 8, 7))
        toast = mono ? Style(attributes: [.reverse, .bold]) : Style(foreground: c(16, 0, 0), background: c(51, 14, 6), attributes: .bold)
        hashtag = Style(foreground: c(117, 14, 6), attributes: .bold)
    }

    /// The nearest palette colour for a catalog colour (a post's backdrop).
    public func color(for rgb: RGB) -> TermColor {
        switch capability {
        case .monochrome: return .default
        case .ansi256: return .index(Palette.nearest256(rgb))
        case .ansi16: return .index(Palette.nearestBasic(rgb, count: 16))
        case .ansi8: return .index(Palette.nearestBasic(rgb, count: 8))
        }
    }
}

/// Colour matching for the few catalog colours the chrome uses (clips have their own quantizer).
enum Palette {
    static let cubeSteps: [Int] = [0, 95, 135, 175, 215, 255]

    static func nearest256(_ rgb: RGB) -> UInt8 {
        func step(_ v: UInt8) -> Int {
            var best = 0
            for i in 1..<6 where abs(cubeSteps[i] - Int(v)) < abs(cubeSteps[best] - Int(v)) { best = i }
            return best
        }
        let r = step(rgb.red), g = step(rgb.green), b = step(rgb.blue)
        let cube = (16 + 36 * r + 6 * g + b, cubeSteps[r], cubeSteps[g], cubeSteps[b])
        let average = (Int(rgb.red) + Int(rgb.green) + Int(rgb.blue)) / 3
        let greyIndex = min(23, max(0, (average - 3) / 10))
        let greyLevel = 8 + greyIndex * 10
        func distance(_ r2: Int, _ g2: Int, _ b2: Int) -> Int {
            let dr = Int(rgb.red) - r2, dg = Int(rgb.green) - g2, db = Int(rgb.blue) - b2
            return 2 * dr * dr + 4 * dg * dg + 3 * db * db
        }
        return distance(cube.1, cube.2, cube.3) <= distance(greyLevel, greyLevel, greyLevel)
            ? UInt8(cube.0) : UInt8(232 + greyIndex)
    }

    static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func nearestBasic(_ rgb: RGB, count: Int) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for (i, c) in basic.prefix(count).enumerated() {
            let dr = Int(rgb.red) - c.0, dg = Int(rgb.green) - c.1, db = Int(rgb.blue) - c.2
            let d = 2 * dr * dr + 4 * dg * dg + 3 * db * db
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }
}
