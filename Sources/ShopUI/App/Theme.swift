import ShopCore
import ShopMedia

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
        headerActive =
            mono
            ? Style(attributes: [.reverse, .bold, .underline]) : Style(foreground: c(231, 15, 7), background: c(236, 0, 0), attributes: [.bold, .underline])
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

    /// The nearest palette colour for a catalog colour (a post's backdrop), with the same
    /// quantizer the clips use, so a backdrop and its clip agree.
    public func color(for rgb: CatalogColor) -> TermColor {
        let colour = ShopMedia.RGB(rgb.red, rgb.green, rgb.blue)
        switch capability {
        case .monochrome: return .default
        case .ansi256: return .index(XtermPalette.nearest256(colour))
        case .ansi16: return .index(XtermPalette.nearest16(colour))
        case .ansi8: return .index(XtermPalette.nearest8(colour))
        }
    }
}
