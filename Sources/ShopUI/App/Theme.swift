import Foundation
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

/// Whether the terminal's own background is dark or light. What is drawn on that background —
/// prices, hashtags, ratings, notices — takes colours that show on it; everything with a
/// background of its own (the header, the footer, badges, the selection, the clip box) is the
/// same in both.
public enum Appearance: String, Sendable, CaseIterable {
    case dark, light

    /// Light when black text is easier to read on `background` than white: its relative
    /// luminance (WCAG 2) above 0.179, where the two contrast ratios are equal.
    public init(background: RGB) {
        self = Self.luminance(background) > 0.179 ? .light : .dark
    }

    /// WCAG 2's relative luminance, 0 (black) to 1 (white).
    public static func luminance(_ c: RGB) -> Double {
        func linear(_ v: UInt8) -> Double {
            let s = Double(v) / 255
            return s <= 0.040_45 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
    }
}

/// The semantic styles every screen draws with, resolved for one colour capability and the
/// terminal's background.
public struct Theme: Sendable, Equatable {
    public var capability: ColorCapability
    public var appearance: Appearance
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

    public init(capability: ColorCapability, unicode: Bool, appearance: Appearance = .dark) {
        self.capability = capability
        self.appearance = appearance
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
        // On the terminal's own background: a colour for a dark one, and one for a light one.
        // In 16 and 8 colours a light terminal's yellow and cyan are too pale to read (xterm's
        // are #cdcd00 and #00cdcd) and "bold is bright" turns black grey: blue, red and the
        // terminal's own text colour instead.
        let light = appearance == .light
        func on(_ dark: TermColor, _ lightOne: TermColor) -> TermColor { light ? lightOne : dark }
        text = Style()
        muted = capability == .ansi8 || mono ? Style(attributes: .dim) : Style(foreground: on(c(245, 8, 7), c(242, 8, 8)))
        strong = Style(attributes: .bold)
        accent = Style(foreground: on(c(197, 9, 1), c(161, 1, 1)), attributes: .bold)
        secondary = Style(foreground: on(c(51, 14, 6), c(30, 4, 4)))
        price = Style(foreground: on(c(231, 15, 7), .default), attributes: .bold)
        wasPrice = mono || capability == .ansi8 ? Style(attributes: .dim) : Style(foreground: c(244, 8, 7))
        badge = mono ? Style(attributes: [.reverse, .bold]) : Style(foreground: c(231, 15, 7), background: c(197, 9, 1), attributes: .bold)
        rating = Style(foreground: on(c(220, 11, 3), capability == .ansi256 ? c(136, 3, 3) : .default))
        header = mono ? Style(attributes: .reverse) : Style(foreground: c(252, 15, 7), background: c(236, 0, 0))
        headerActive =
            mono
            ? Style(attributes: [.reverse, .bold, .underline]) : Style(foreground: c(231, 15, 7), background: c(236, 0, 0), attributes: [.bold, .underline])
        footer = mono ? Style(attributes: .dim) : Style(foreground: c(250, 7, 7), background: c(235, 0, 0))
        footerKey = mono ? Style(attributes: .bold) : Style(foreground: c(51, 14, 6), background: c(235, 0, 0), attributes: .bold)
        selection = mono ? Style(attributes: .reverse) : Style(foreground: c(231, 15, 7), background: c(24, 4, 4), attributes: .bold)
        success = Style(foreground: on(c(42, 10, 2), c(28, 2, 2)), attributes: .bold)
        warning = Style(foreground: on(c(214, 11, 3), c(166, 1, 1)), attributes: .bold)
        danger = Style(foreground: on(c(203, 9, 1), c(160, 1, 1)), attributes: .bold)
        border = mono || (light && capability == .ansi8) ? Style(attributes: .dim) : Style(foreground: on(c(241, 8, 7), c(246, 8, 7)))
        toast = mono ? Style(attributes: [.reverse, .bold]) : Style(foreground: c(16, 0, 0), background: c(51, 14, 6), attributes: .bold)
        hashtag = Style(foreground: on(c(117, 14, 6), c(25, 4, 4)), attributes: .bold)
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
