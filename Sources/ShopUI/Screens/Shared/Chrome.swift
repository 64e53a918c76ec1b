import Foundation
import ShopCore

/// The header (brand, tabs, cart count), the footer (keys for this screen) and toasts.
enum Chrome {
    static func header(_ grid: inout Grid, state: AppState, theme: Theme) {
        let width = grid.width
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), style: theme.header)
        let count = state.cart.itemCount
        let cart = theme.glyphs.isUnicode ? "\(theme.glyphs.cart) Cart \(count)" : "Cart \(count)"
        let cartWidth = TextWidth.of(cart)
        let brand = theme.glyphs.isUnicode ? "▶ reelshop" : "> reelshop"
        let tabs = FeedTab.allCases.map(\.title)
        let allTabs = tabs.reduce(0) { $0 + TextWidth.of($1) + 2 } - 2
        let room = width - cartWidth - 3
        var x = 1
        // As much as fits: brand and every tab, then the brand and the tab shown, then that tab.
        let everyTab = 1 + TextWidth.of(brand) + 3 + allTabs <= room
        if everyTab || 1 + TextWidth.of(brand) + 3 + TextWidth.of(state.feed.tab.title) <= room {
            x += grid.put(brand, x: x, y: 0, style: theme.accent.on(theme.header.background))
            x += 3
        }
        if everyTab {
            for (index, tab) in FeedTab.allCases.enumerated() {
                if index > 0 { x += 2 }
                let active = tab == state.feed.tab && state.top == nil
                let style = active ? theme.headerActive : tab == state.feed.tab ? theme.header.with(.bold) : theme.header
                let used = grid.put(tab.title, x: x, y: 0, style: style)
                // Tabs are clickable where their keys work: on the feed.
                if state.top == nil { grid.hit(Rect(x: x - 1, y: 0, width: used + 2, height: 1), .showTab(tab)) }
                x += used
            }
        } else {
            x += grid.put(state.feed.tab.title, x: x, y: 0, style: theme.headerActive, maxWidth: max(0, room - x))
        }
        let style = count > 0 ? theme.headerActive : theme.header
        if width - cartWidth - 1 > x + 1 {
            let used = grid.put(cart, x: width - cartWidth - 1, y: 0, style: style)
            // The count opens the cart wherever `c` does.
            if Keymaps.of(state).sends(.openCart) {
                grid.hit(Rect(x: width - cartWidth - 2, y: 0, width: used + 2, height: 1), .openCart)
            }
        }
    }

    /// "+ Follow" or "Following" beside a creator's handle, where it fits before `maxX`; a click
    /// on it does what `f` does.
    static func follow(_ grid: inout Grid, _ handle: String, x: Int, y: Int, maxX: Int, social: SocialState, theme: Theme) {
        let following = social.isFollowing(handle)
        let text = following ? "Following" : "+ Follow"
        guard x + TextWidth.of(text) <= maxX else { return }
        let used = grid.put(text, x: x, y: y, style: following ? theme.muted : theme.badge)
        grid.hit(Rect(x: x, y: y, width: used, height: 1), .follow)
    }

    /// Key hints as (key, what it does), drawn left to right in the order given. When they do
    /// not all fit, hints drop from the end, but "?" (help) and "q"/"esc" (leave) always stay.
    /// A click on a hint sends its command, as its key would.
    static func footer(_ grid: inout Grid, hints: [(label: String, text: String, command: Command?)], theme: Theme) {
        let y = grid.height - 1
        grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1), style: theme.footer)
        func width(_ hint: (label: String, text: String, command: Command?)) -> Int {
            TextWidth.of(keyLabel(hint.label, theme: theme)) + 1 + TextWidth.of(hint.text) + 2
        }
        let essential: Set<String> = ["?", "q", "esc"]
        var budget = grid.width - 1 + 2 - hints.filter { essential.contains($0.label) }.reduce(0) { $0 + width($1) }
        var shown: [(label: String, text: String, command: Command?)] = []
        for hint in hints {
            if essential.contains(hint.label) {
                shown.append(hint)
            } else if width(hint) <= budget {
                budget -= width(hint)
                shown.append(hint)
            } else {
                budget = Int.min / 2  // keep the order: once one drops, the rest drop too
            }
        }
        var x = 1
        for (index, hint) in shown.enumerated() {
            if index > 0 { x += 2 }
            let start = x
            x += grid.put(keyLabel(hint.label, theme: theme), x: x, y: y, style: theme.footerKey, maxWidth: grid.width - x)
            x += 1
            x += grid.put(hint.text, x: x, y: y, style: theme.footer, maxWidth: max(0, grid.width - x))
            if let command = hint.command { grid.hit(Rect(x: start, y: y, width: x - start, height: 1), command) }
        }
    }

    /// Key names with arrows and ⏎, spelled out where the terminal has no Unicode.
    static func keyLabel(_ key: String, theme: Theme) -> String {
        guard !theme.glyphs.isUnicode else { return key }
        return key.replacingOccurrences(of: "⏎", with: "enter").replacingOccurrences(of: "↓", with: "down")
            .replacingOccurrences(of: "↑", with: "up").replacingOccurrences(of: "←", with: "left")
            .replacingOccurrences(of: "→", with: "right").replacingOccurrences(of: "⌫", with: "bksp")
    }

    static func toast(_ grid: inout Grid, toast: Toast?, theme: Theme) {
        guard let toast, grid.height >= 3 else { return }
        let style: Style
        switch toast.kind {
        case .info, .success: style = theme.toast
        case .warning:
            // Dark text on the warning colour, light text on the danger colour (the badge's and
            // the toast's own: the same on a dark or a light terminal).
            style =
                theme.capability == .monochrome
                ? theme.toast : Style(foreground: theme.toast.foreground, background: theme.warning.foreground, attributes: .bold)
        case .error:
            style =
                theme.capability == .monochrome
                ? theme.toast : Style(foreground: theme.badge.foreground, background: theme.danger.foreground, attributes: .bold)
        }
        let maxWidth = grid.width - 2
        let lines = TextLayout.wrap(toast.message, width: maxWidth - 2, maxLines: toast.kind == .warning || toast.kind == .error ? 6 : 3)
        let top = grid.height - 1 - lines.count
        let boxWidth = min(maxWidth, (lines.map { TextWidth.of($0) }.max() ?? 0) + 2)
        let x = (grid.width - boxWidth) / 2
        // A click on the toast dismisses it, rather than reaching what lies under it.
        grid.hit(Rect(x: x, y: top, width: boxWidth, height: lines.count), .dismissToast)
        // A picture is drawn over the text: one under the toast would hide it.
        if let picture = grid.picture, picture.overlaps(Rect(x: x, y: top, width: boxWidth, height: lines.count)) {
            grid.picture = nil
        }
        for (i, line) in lines.enumerated() {
            grid.fill(Rect(x: x, y: top + i, width: boxWidth, height: 1), style: style)
            grid.put(line, x: x + 1, y: top + i, style: style, maxWidth: boxWidth - 2)
        }
    }

    /// "$12.99  $18.00  -28%": the price, the struck "was" price and the discount. The "was" price
    /// shows only when the catalog's price history backs it (`Product.backedCompareAtPrice`).
    @discardableResult
    static func price(_ grid: inout Grid, product: Product, asOf date: Date, x: Int, y: Int, maxWidth: Int, theme: Theme) -> Int {
        price(&grid, product.price, was: product.backedCompareAtPrice(asOf: date), x: x, y: y, maxWidth: maxWidth, theme: theme)
    }

    /// A price, and when `was` is higher, it struck through and the discount (a flash deal passes
    /// the regular price as `was`).
    @discardableResult
    static func price(_ grid: inout Grid, _ price: Money, was: Money?, x: Int, y: Int, maxWidth: Int, theme: Theme) -> Int {
        var used = grid.put(price.formatted, x: x, y: y, style: theme.price, maxWidth: maxWidth)
        if let compareAt = was, compareAt.minorUnits > price.minorUnits {
            let was = wasPrice(compareAt, theme: theme)
            if used + 2 + TextWidth.of(was) <= maxWidth {
                used += 2
                used += grid.put(was, x: x + used, y: y, style: theme.wasPrice)
            }
            let badge = " -\(discountPercent(price, compareAt))% "
            if used + 2 + TextWidth.of(badge) <= maxWidth {
                used += 2
                used += grid.put(badge, x: x + used, y: y, style: theme.badge)
            }
        }
        return used
    }

    /// The discount from the compare-at price, in whole percent.
    static func discountPercent(_ price: Money, _ compareAt: Money) -> Int {
        Int((Double(compareAt.minorUnits - price.minorUnits) * 100 / Double(compareAt.minorUnits)).rounded())
    }

    /// A struck-through price where the terminal can draw it, else "was $N".
    static func wasPrice(_ money: Money, theme: Theme) -> String {
        guard let strike = theme.glyphs.strike else { return "was \(money.formatted)" }
        return money.formatted.map { String($0) + strike }.joined()
    }

    /// "★ 4.8 (212K ratings)": how buyers rate the seller, when the catalog says.
    static func sellerRating(_ market: Marketplace, theme: Theme) -> String? {
        guard let rating = market.sellerRating else { return nil }
        let count = market.sellerReviews.map { " (\(Format.compact($0)) ratings)" } ?? ""
        return "\(theme.glyphs.star) \(Format.rating(rating))\(count)"
    }

    /// "★★★★★ 4.7" with the stars rounded to the nearest whole star.
    static func stars(_ rating: Double, theme: Theme) -> String {
        let full = min(5, max(0, Int(rating.rounded())))
        return String(repeating: theme.glyphs.star, count: full) + String(repeating: theme.glyphs.emptyStar, count: 5 - full)
    }
}
