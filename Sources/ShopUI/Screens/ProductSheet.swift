import ShopCore

/// A product's page over the feed: details, variant picker, quantity and "Add to cart".
enum ProductSheet {
    static let hints: [(String, String)] = [
        ("←/→", "option"), ("+/-", "quantity"), ("a/⏎", "add to cart"), ("b", "buy now"), ("c", "cart"), ("esc", "back"), ("?", "help"),
    ]

    static func draw(_ grid: inout Grid, sheet: ProductSheetState, state: AppState, theme: Theme) {
        guard let product = state.catalog.product(sheet.productID) else { return }
        let g = theme.glyphs
        let innerWidth = Overlay.innerWidth(in: grid, maxWidth: 76)
        let market = state.catalog.marketplace(product.marketplaceID)
        let hasSeller = market?.sellerRating != nil
        let area = Overlay.panel(&grid, maxWidth: 76, maxHeight: height(of: product, width: innerWidth, sellerLine: hasSeller) + 2,
                                 theme: theme, title: "Product")
        let x = area.x, width = area.width
        let variant = product.variants[min(sheet.variantIndex, product.variants.count - 1)]

        // Fixed lines first, then the description gets whatever room is left.
        var top: [(String, Style)] = []
        for line in TextLayout.wrap(product.title, width: width, maxLines: 2) { top.append((line, theme.strong)) }
        top.append(("\(product.category) \(g.separator) sold by \(market?.name ?? product.marketplaceID)", theme.muted))
        if let market, let seller = Chrome.sellerRating(market, theme: theme) { top.append(("Seller " + seller, theme.rating)) }

        var y = area.y
        for (text, style) in top {
            grid.put(text, x: x, y: y, style: style, maxWidth: width)
            y += 1
        }
        y += 1
        Chrome.price(&grid, product: product, asOf: state.market.now, x: x, y: y, maxWidth: width, theme: theme)
        y += 1
        var col = x
        col += grid.put("\(Chrome.stars(product.rating, theme: theme)) \(Format.rating(product.rating))", x: col, y: y, style: theme.rating, maxWidth: width)
        grid.put(" (\(Format.compact(product.reviewCount)) reviews) \(g.separator) \(Format.compact(product.soldCount)) sold",
                 x: col, y: y, style: theme.muted, maxWidth: x + width - col)
        y += 1

        let bottomLines = 7  // options, quantity, delivery, returns, blank, button, blank
        let descriptionRoom = area.maxY - y - bottomLines - 1
        if descriptionRoom >= 1 {
            y += 1
            for line in TextLayout.wrap(product.description, width: width, maxLines: descriptionRoom) {
                grid.put(line, x: x, y: y, style: theme.text, maxWidth: width)
                y += 1
            }
        }
        y += 1
        y = drawOptions(&grid, product: product, selected: sheet.variantIndex, x: x, y: y, width: width, maxY: area.maxY - 4, theme: theme)

        col = x
        col += grid.put("Quantity  ", x: col, y: y, style: theme.strong)
        col += grid.put(" - ", x: col, y: y, style: theme.selection)
        col += grid.put(" \(sheet.quantity) ", x: col, y: y, style: theme.strong)
        col += grid.put(" + ", x: col, y: y, style: theme.selection)
        let stockText: String
        let stockStyle: Style
        if variant.stock <= 0 {
            stockText = "sold out"
            stockStyle = theme.danger
        } else if variant.stock <= 10 {
            stockText = "only \(variant.stock) left"
            stockStyle = theme.warning
        } else {
            stockText = "\(variant.stock) in stock"
            stockStyle = theme.success
        }
        grid.put("   \(stockText)", x: col, y: y, style: stockStyle, maxWidth: x + width - col)
        y += 1
        if let market {
            grid.put("Delivery: \(market.shippingPromise)", x: x, y: y, style: theme.text, maxWidth: width)
            y += 1
            grid.put("Returns: \(market.returnPolicy)", x: x, y: y, style: theme.muted, maxWidth: width)
            y += 1
        }
        let total = product.price.times(sheet.quantity).formatted
        let button = variant.stock > 0 ? "  Add to cart \(g.separator) \(total)  " : "  Sold out  "
        let by = min(area.maxY - 1, y + 1)
        let bx = x + max(0, (width - TextWidth.of(button)) / 2)
        grid.put(button, x: bx, y: by, style: variant.stock > 0 ? theme.badge : theme.muted.with(.reverse), maxWidth: width)
    }

    /// Rows the sheet needs at this width, so the box fits its content.
    static func height(of product: Product, width: Int, sellerLine: Bool) -> Int {
        let title = TextLayout.wrap(product.title, width: width, maxLines: 2).count + (sellerLine ? 1 : 0)
        let description = TextLayout.wrap(product.description, width: width).count
        var optionRows = 1, column = 0
        for variant in product.variants {
            let w = TextWidth.of(" \(variant.label)\(variant.stock <= 0 ? " (sold out)" : "") ") + 1
            if column + w > width, column > 0 {
                optionRows += 1
                column = 0
            }
            column += w
        }
        // title, category, blank, price, rating, blank, description, blank, heading, options,
        // blank, quantity, delivery, returns, blank, button
        return title + 5 + description + 2 + optionRows + 6
    }

    /// The variant picker: every option in a row, wrapped, the chosen one highlighted.
    private static func drawOptions(_ grid: inout Grid, product: Product, selected: Int, x: Int, y: Int, width: Int, maxY: Int, theme: Theme) -> Int {
        let names = Set(product.variants.flatMap { $0.options.keys }).sorted()
        let heading = names.isEmpty ? "Option" : names.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " / ")
        var y = y
        grid.put(heading, x: x, y: y, style: theme.strong, maxWidth: width)
        y += 1
        var col = x
        for (index, variant) in product.variants.enumerated() {
            let soldOut = variant.stock <= 0
            let label = soldOut ? " \(variant.label) (sold out) " : " \(variant.label) "
            let w = TextWidth.of(label)
            if col + w > x + width, col > x {
                if y + 1 >= maxY { break }
                y += 1
                col = x
            }
            let style: Style
            if index == selected {
                style = soldOut ? theme.muted.with(.reverse) : theme.selection
            } else {
                style = soldOut ? theme.muted : theme.text.with(.underline)
            }
            if index == selected && theme.capability == .monochrome {
                col += grid.put("[\(label)]", x: col, y: y, style: theme.strong, maxWidth: x + width - col)
            } else {
                col += grid.put(label, x: col, y: y, style: style, maxWidth: x + width - col)
            }
            col += 1
        }
        return y + 2
    }
}

/// A boxed panel centred over the screen, between the header and the footer.
enum Overlay {
    /// The width inside a panel of at most `maxWidth` columns on this grid.
    static func innerWidth(in grid: Grid, maxWidth: Int) -> Int { min(grid.width - 2, maxWidth) - 4 }

    /// Draws the box and returns the area inside it (with a one-column margin).
    /// `atTop` keeps the panel under the header (search grows downwards as results come).
    static func panel(_ grid: inout Grid, maxWidth: Int, maxHeight: Int? = nil, atTop: Bool = false, theme: Theme, title: String) -> Rect {
        let width = min(grid.width - 2, maxWidth)
        let available = grid.height - 2
        let height = min(available, maxHeight ?? available)
        let rect = Rect(x: (grid.width - width) / 2, y: atTop ? 1 : 1 + (available - height) / 2, width: width, height: height)
        grid.fill(rect, style: .plain)
        grid.box(rect, style: theme.border, glyphs: theme.glyphs, title: title, titleStyle: theme.accent)
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }
}
