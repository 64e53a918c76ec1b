import ShopCore

/// The wide-terminal side panel: the anchored product's details beside the feed, without what the
/// shop card under the caption already says.
enum ProductPanel {
    static func draw(_ grid: inout Grid, in area: Rect, product: Product, scene: FeedScene, theme: Theme) {
        let catalog = scene.catalog
        let g = theme.glyphs
        grid.box(area, style: theme.border, glyphs: g, title: "Product", titleStyle: theme.strong)
        let inner = area.inset(by: 1)
        let x = inner.x + 1, width = inner.width - 2
        var y = inner.y
        // The shop card beside the clip already shows the title, the price, the stars and the
        // sales: the panel adds what it does not (the reviews, the category, the seller, the
        // delivery, the description, the options).
        grid.put(
            "\(Format.compact(product.reviewCount)) reviews \(g.separator) \(product.category)", x: x, y: y,
            style: theme.muted, maxWidth: width)
        y += 2
        if let market = catalog.marketplace(product.marketplaceID) {
            grid.put("Sold by \(market.name)", x: x, y: y, style: theme.text, maxWidth: width)
            y += 1
            if let seller = Chrome.sellerRating(market, theme: theme) {
                grid.put(seller, x: x, y: y, style: theme.rating, maxWidth: width)
                y += 1
            }
            for line in TextLayout.wrap(market.shippingPromise, width: width, maxLines: 2) {
                grid.put(line, x: x, y: y, style: theme.success, maxWidth: width)
                y += 1
            }
            y += 1
        }
        let reserve = 3 + min(product.variants.count, 6)
        let descriptionLines = max(0, inner.maxY - y - reserve)
        if descriptionLines > 0 {
            for line in TextLayout.wrap(product.description, width: width, maxLines: descriptionLines) {
                grid.put(line, x: x, y: y, style: theme.text, maxWidth: width)
                y += 1
            }
            y += 1
        }
        if y < inner.maxY {
            grid.put("Options", x: x, y: y, style: theme.strong)
            y += 1
        }
        for variant in product.variants where y < inner.maxY {
            let stock = variant.stock > 0 ? "\(variant.stock) in stock" : "sold out"
            let style = variant.stock > 0 ? theme.text : theme.muted
            grid.put("\(g.bullet) \(variant.label)", x: x, y: y, style: style, maxWidth: width - TextWidth.of(stock) - 1)
            grid.put(stock, x: x + width - TextWidth.of(stock), y: y, style: theme.muted)
            y += 1
        }
    }
}
