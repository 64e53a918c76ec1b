import ShopCore
import ShopMedia

/// A product's page over the feed: details, variant picker, quantity and "Add to cart".
enum ProductSheet {
    /// One part of the sheet: its rows, how they are drawn, and how readily it gives way on a
    /// short terminal (higher goes first; 0 never: the title, the price, the options, the button).
    private struct Block {
        var priority: Int
        var height: Int
        var draw: (inout Grid, Int) -> Void

        static func blank(_ priority: Int) -> Block { Block(priority: priority, height: 1) { _, _ in } }
    }

    /// The sheet's widest panel with the product's picture, and the least room it needs.
    static let pictureMaxWidth = 96
    static let pictureMinimumInnerWidth = 56, pictureMinimumHeight = 8

    static func draw(
        _ grid: inout Grid, sheet: ProductSheetState, scene: FeedScene, theme: Theme,
        library: ClipLibrary
    ) {
        guard let product = scene.catalog.product(sheet.productID) else { return }
        let g = theme.glyphs
        let market = scene.catalog.marketplace(product.marketplaceID)
        let hasSeller = market?.sellerRating != nil
        // The product's picture (its post's clip, first frame) on the left when the panel has
        // the room: the panel then takes the whole height, so the picture is as big as it can be.
        let roomy =
            Overlay.innerWidth(in: grid, maxWidth: pictureMaxWidth) >= pictureMinimumInnerWidth
            && grid.height - 4 >= pictureMinimumHeight
        let widePictureWidth = pictureWidth(height: grid.height - 4, innerWidth: Overlay.innerWidth(in: grid, maxWidth: pictureMaxWidth))
        let widePictureBox = CellSize(width: widePictureWidth, height: min(grid.height - 4, (widePictureWidth * 8 + 4) / 9))
        let post = roomy ? pictureSource(for: product, scene: scene, box: widePictureBox, theme: theme, library: library) : nil
        let wide = post != nil
        let maxWidth = wide ? pictureMaxWidth : 76
        let innerWidth = Overlay.innerWidth(in: grid, maxWidth: maxWidth)
        let pictureWidth = wide ? widePictureWidth : 0
        let textWidth = innerWidth - (pictureWidth > 0 ? pictureWidth + 2 : 0)
        let area = Overlay.panel(
            &grid, maxWidth: maxWidth,
            maxHeight: wide ? nil : height(of: product, width: textWidth, sellerLine: hasSeller) + 2,
            theme: theme, title: "Product")
        if let post, pictureWidth > 0 {
            // A box of the picture's own shape (a third of a wide panel is narrower than 9:16 of
            // its height), centred down the panel.
            let h = min(area.height, (pictureWidth * 8 + 4) / 9)
            drawPicture(
                &grid, post: post, in: Rect(x: area.x, y: area.y + (area.height - h) / 2, width: pictureWidth, height: h),
                scene: scene, theme: theme, library: library)
        }
        let x = area.x + (pictureWidth > 0 ? pictureWidth + 2 : 0), width = area.width - (pictureWidth > 0 ? pictureWidth + 2 : 0)
        let variant = product.variants[min(sheet.variantIndex, product.variants.count - 1)]
        let chosen = sheet.hasChosenVariant
        let prompt = chosen ? nil : Reducer.optionPrompt(product)
        // Asked from a LIVE deal: the deal's price while it holds, the regular one struck beside it.
        let dealPrice = sheet.choice?.dealID.flatMap { scene.deals.offer(id: $0) }.flatMap { offer -> Money? in
            if case .active = offer.status { return offer.deal.dealPrice }
            return nil
        }

        var blocks: [Block] = []
        func line(_ priority: Int, _ text: String, _ style: Style) -> Block {
            Block(priority: priority, height: 1) { grid, y in grid.put(text, x: x, y: y, style: style, maxWidth: width) }
        }
        for (index, text) in TextLayout.wrap(product.title, width: width, maxLines: 2).enumerated() {
            blocks.append(line(index == 0 ? 0 : 3, text, theme.strong))
        }
        blocks.append(line(5, "\(product.category) \(g.separator) sold by \(market?.name ?? product.marketplaceID)", theme.muted))
        if let market, let seller = Chrome.sellerRating(market, theme: theme) { blocks.append(line(6, "Seller " + seller, theme.rating)) }
        blocks.append(.blank(7))
        blocks.append(
            Block(priority: 0, height: 1) { grid, y in
                if let dealPrice {
                    Chrome.price(&grid, dealPrice, was: product.price, x: x, y: y, maxWidth: width, theme: theme)
                } else {
                    Chrome.price(&grid, product: product, asOf: scene.now, x: x, y: y, maxWidth: width, theme: theme)
                }
            })
        blocks.append(
            Block(priority: 4, height: 1) { grid, y in
                let col =
                    x
                    + grid.put(
                        "\(Chrome.stars(product.rating, theme: theme)) \(Format.rating(product.rating))", x: x, y: y,
                        style: theme.rating, maxWidth: width)
                grid.put(
                    " (\(Format.compact(product.reviewCount)) reviews) \(g.separator) \(Format.compact(product.soldCount)) sold",
                    x: col, y: y, style: theme.muted, maxWidth: x + width - col)
            })
        let descriptionIndex = blocks.count  // the description goes here, in whatever room is left
        blocks.append(.blank(7))
        let options = optionRows(product, width: width)
        blocks.append(
            Block(priority: 0, height: 1 + options.count) { grid, y in
                drawOptions(
                    &grid, product: product, rows: options, selected: chosen ? sheet.variantIndex : nil, prompt: prompt,
                    x: x, y: y, width: width, theme: theme)
            })
        blocks.append(.blank(7))
        blocks.append(
            Block(priority: 1, height: 1) { grid, y in
                drawQuantity(&grid, quantity: sheet.quantity, variant: chosen ? variant : nil, x: x, y: y, width: width, theme: theme)
            })
        if let market {
            blocks.append(line(5, "Delivery: \(market.shippingPromise)", theme.text))
            blocks.append(line(6, "Returns: \(market.returnPolicy)", theme.muted))
        }
        blocks.append(.blank(7))
        let total = (dealPrice ?? product.price).times(sheet.quantity).formatted
        let action: String
        switch sheet.choice {
        case nil: action = "Add to cart"
        case .some(let choice) where choice.intent == .buy: action = "Buy now"
        case .some(let choice): action = choice.dealID == nil ? "Add to cart" : "Add at the deal price"
        }
        let button: String
        if let prompt {
            button = "  \(prompt) first  "
        } else if variant.stock > 0 {
            button = "  \(action) \(g.separator) \(total)  "
        } else {
            button = "  Sold out  "
        }
        blocks.append(
            Block(priority: 0, height: 1) { grid, y in
                let bx = x + max(0, (width - TextWidth.of(button)) / 2)
                grid.put(button, x: bx, y: y, style: prompt == nil && variant.stock > 0 ? theme.badge : theme.muted.with(.reverse), maxWidth: width)
            })

        // A short terminal: the parts that matter least give way, the later first among equals.
        while blocks.reduce(0, { $0 + $1.height }) > area.height,
            let drop = blocks.indices.filter({ blocks[$0].priority > 0 }).max(by: { (blocks[$0].priority, $0) < (blocks[$1].priority, $1) })
        {
            blocks.remove(at: drop)
        }
        // The description fills the room left, after a blank row.
        let room = area.height - blocks.reduce(0, { $0 + $1.height }) - 1
        if room >= 1 {
            let lines = TextLayout.wrap(product.description, width: width, maxLines: room)
            let at = min(descriptionIndex, blocks.count)
            blocks.insert(contentsOf: [.blank(7)] + lines.map { line(8, $0, theme.text) }, at: at)
        }
        var y = area.y
        for block in blocks where y + block.height <= area.maxY {
            block.draw(&grid, y)
            y += block.height
        }
    }

    /// The post whose clip shows the product: the feed's current post when it is this product's,
    /// else the catalog's first post of it. Nil (no picture, the sheet is text only, as before)
    /// when there is none or its file cannot be shown: the feed says why, the sheet need not.
    /// (Asked for the picture's own box, so the one decode serves the check and the drawing.)
    static func pictureSource(for product: Product, scene: FeedScene, box: CellSize, theme: Theme, library: ClipLibrary) -> Post? {
        let current = scene.currentPost.flatMap { $0.productID == product.id ? $0 : nil }
        guard let post = current ?? scene.catalog.posts.first(where: { $0.productID == product.id }) else { return nil }
        let request = ClipLibrary.request(for: post, catalog: scene.catalog, size: box, capability: theme.capability)
        return (try? library.raster(for: request, elapsed: 0)) != nil ? post : nil
    }

    /// Columns for a 9:16 picture `height` rows tall (9:8 in half-block cells), at most a third
    /// of the panel.
    static func pictureWidth(height: Int, innerWidth: Int) -> Int {
        min((height * 9 + 4) / 8, innerWidth / 3)
    }

    /// The picture as cells (the first frame: a page does not animate cells), and in a pixel
    /// mode the same box in real pixels over them (kitty plays the clip, as in the feed).
    private static func drawPicture(
        _ grid: inout Grid, post: Post, in box: Rect, scene: FeedScene, theme: Theme,
        library: ClipLibrary
    ) {
        let cells = ClipView.picture(post, size: box, scene: scene, elapsed: 0, theme: theme, library: library)
        for y in 0..<min(cells.height, box.height) {
            for x in 0..<min(cells.width, box.width) where box.x + x < grid.width && box.y + y < grid.height {
                grid[box.x + x, box.y + y] = cells[x, y]
            }
        }
        guard scene.graphics.active.sendsPixels else { return }
        let request = ClipLibrary.request(
            for: post, catalog: scene.catalog, size: CellSize(width: box.width, height: box.height),
            capability: theme.capability)
        guard (try? library.raster(for: request, elapsed: 0)) != nil else { return }
        grid.picture = PicturePlacement(
            rect: box, path: request.path, frame: 0, background: request.background,
            animates: scene.graphics.active == .kitty && !scene.playback.reduceMotion,
            playing: !scene.playback.isPaused)
    }

    private static func drawQuantity(_ grid: inout Grid, quantity: Int, variant: Variant?, x: Int, y: Int, width: Int, theme: Theme) {
        var col = x
        col += grid.put("Quantity  ", x: col, y: y, style: theme.strong, maxWidth: width)
        col += grid.put(" - ", x: col, y: y, style: theme.selection, maxWidth: x + width - col)
        col += grid.put(" \(quantity) ", x: col, y: y, style: theme.strong, maxWidth: x + width - col)
        col += grid.put(" + ", x: col, y: y, style: theme.selection, maxWidth: x + width - col)
        guard let variant else { return }  // no option chosen yet: no stock to speak of
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
    }

    /// Rows the sheet needs at this width, so the box fits its content.
    static func height(of product: Product, width: Int, sellerLine: Bool) -> Int {
        let title = TextLayout.wrap(product.title, width: width, maxLines: 2).count + (sellerLine ? 1 : 0)
        let description = TextLayout.wrap(product.description, width: width).count
        // title, category, blank, price, rating, blank, description, blank, heading, options,
        // blank, quantity, delivery, returns, blank, button
        return title + 5 + description + 2 + optionRows(product, width: width).count + 6
    }

    /// The options as they wrap at `width`: each row lists the variant indices on it, with labels.
    static func optionRows(_ product: Product, width: Int) -> [[(index: Int, label: String)]] {
        var rows: [[(index: Int, label: String)]] = [[]]
        var column = 0
        for (index, variant) in product.variants.enumerated() {
            let label = variant.stock <= 0 ? " \(variant.label) (sold out) " : " \(variant.label) "
            let w = TextWidth.of(label)
            if column + w > width, column > 0 {
                rows.append([])
                column = 0
            }
            rows[rows.count - 1].append((index, label))
            column += w + 1
        }
        return rows
    }

    /// The variant picker: every option, in the rows `optionRows` made, the chosen one highlighted
    /// (none, with `prompt` as the heading, while the sheet asks which).
    private static func drawOptions(
        _ grid: inout Grid, product: Product, rows: [[(index: Int, label: String)]], selected: Int?,
        prompt: String?, x: Int, y: Int, width: Int, theme: Theme
    ) {
        let names = Set(product.variants.flatMap { $0.options.keys }).sorted()
        let heading = names.isEmpty ? "Option" : names.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " / ")
        if let prompt {
            let col = x + grid.put("\(theme.glyphs.pointer) \(prompt)", x: x, y: y, style: theme.warning.with(.bold), maxWidth: width)
            grid.put("  \(Chrome.keyLabel("←/→", theme: theme)) picks one", x: col, y: y, style: theme.muted, maxWidth: x + width - col)
        } else {
            grid.put(heading, x: x, y: y, style: theme.strong, maxWidth: width)
        }
        for (offset, row) in rows.enumerated() {
            var col = x
            for (index, label) in row {
                let soldOut = product.variants[index].stock <= 0
                let style: Style
                if index == selected {
                    style = soldOut ? theme.muted.with(.reverse) : theme.selection
                } else {
                    style = soldOut ? theme.muted : theme.text.with(.underline)
                }
                // A click on an option picks it, as ←/→ would reach it.
                grid.hit(Rect(x: col, y: y + 1 + offset, width: min(TextWidth.of(label), x + width - col), height: 1), .chooseOption(index))
                if index == selected && theme.capability == .monochrome {
                    // Brackets in place of the label's padding: the row keeps its width.
                    let bracketed = "[" + label.dropFirst().dropLast() + "]"
                    col += grid.put(bracketed, x: col, y: y + 1 + offset, style: theme.strong, maxWidth: x + width - col)
                } else {
                    col += grid.put(label, x: col, y: y + 1 + offset, style: style, maxWidth: x + width - col)
                }
                col += 1
            }
        }
    }
}
