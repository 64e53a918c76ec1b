import ShopMedia
import Testing
@testable import ShopUI

/// What is drawn on the terminal's own background must show on it: a light terminal (xterm's
/// and macOS Terminal's default, Solarized Light) got the dark theme's white prices, invisible.
@Suite struct ThemeAppearanceTests {
    /// WCAG 2's contrast ratio, 1 to 21.
    static func contrast(_ a: RGB, _ b: RGB) -> Double {
        let la = Appearance.luminance(a), lb = Appearance.luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// The styles drawn with the terminal's default background, by name.
    static func onTerminalBackground(_ theme: Theme) -> [(String, Style)] {
        let all: [(String, Style)] = [
            ("muted", theme.muted), ("accent", theme.accent), ("secondary", theme.secondary), ("price", theme.price),
            ("wasPrice", theme.wasPrice), ("rating", theme.rating), ("success", theme.success),
            ("warning", theme.warning), ("danger", theme.danger), ("hashtag", theme.hashtag), ("border", theme.border),
        ]
        return all.filter { $0.1.background == .default }
    }

    @Test(arguments: [
        (Appearance.dark, RGB(0, 0, 0)), (.dark, RGB(0x1E, 0x1E, 0x2E)), (.light, RGB(255, 255, 255)),
        (.light, RGB(0xFD, 0xF6, 0xE3)),
    ])
    func everyColourOnTheTerminalsBackgroundReads(appearance: Appearance, background: RGB) {
        let theme = Theme(capability: .ansi256, unicode: true, appearance: appearance)
        for (name, style) in Self.onTerminalBackground(theme) {
            guard case .index(let index) = style.foreground else { continue }
            let ratio = Self.contrast(XtermPalette.color(of: index), background)
            // WCAG's 3:1 for bold text and interface parts; borders only frame, 2.5:1.
            let needed = name == "border" ? 2.5 : 3.0
            #expect(ratio >= needed, "\(appearance) \(name) (colour \(index)) on \(background): \(ratio)")
        }
    }

    @Test func lightOrDarkFromTheBackgroundColour() {
        #expect(Appearance(background: RGB(255, 255, 255)) == .light)
        #expect(Appearance(background: RGB(0xFD, 0xF6, 0xE3)) == .light, "Solarized Light")
        #expect(Appearance(background: RGB(0xC0, 0xC0, 0xC0)) == .light)
        #expect(Appearance(background: RGB(0, 0, 0)) == .dark)
        #expect(Appearance(background: RGB(0x00, 0x2B, 0x36)) == .dark, "Solarized Dark")
        #expect(Appearance(background: RGB(0x30, 0x0A, 0x24)) == .dark, "Ubuntu's aubergine")
        // Where black and white text read alike the line falls: mid grey is still dark.
        #expect(Appearance(background: RGB(0x74, 0x74, 0x74)) == .dark)
        #expect(Appearance(background: RGB(0x78, 0x78, 0x78)) == .light)
    }

    /// Only what sits on the terminal's background changes: the header, footer, badges and the
    /// selection bring their own and look the same in both.
    @Test func stylesWithABackgroundOfTheirOwnAreTheSame() {
        let dark = Theme(capability: .ansi256, unicode: true, appearance: .dark)
        let light = Theme(capability: .ansi256, unicode: true, appearance: .light)
        for (d, l) in [
            (dark.header, light.header), (dark.footer, light.footer), (dark.badge, light.badge), (dark.selection, light.selection), (dark.toast, light.toast),
        ] {
            #expect(d == l)
        }
        #expect(dark.price != light.price)
        // Without colour there is nothing to choose.
        #expect(Theme(capability: .monochrome, unicode: true, appearance: .light).price.foreground == .default)
    }
}
