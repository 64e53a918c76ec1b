import ShopCore

/// The full-screen feed: one post's clip, its counts, its text and its product anchor.
enum FeedScreen {
    static func draw(_ grid: inout Grid, scene: FeedScene, theme: Theme, library: ClipLibrary) {
        guard let post = scene.currentPost else {
            let lines = TextLayout.wrap(Reducer.emptyTabMessage(scene.feed.tab), width: max(1, grid.width - 4), maxLines: 3)
            for (i, line) in lines.enumerated() {
                grid.put(line, x: max(2, (grid.width - TextWidth.of(line)) / 2), y: grid.height / 2 - 1 + i, style: theme.muted)
            }
            return
        }
        if let live = scene.currentLive {
            LiveView.draw(&grid, live: live, post: post, scene: scene, theme: theme, library: library)
            return
        }
        let layout = FeedLayout(size: grid.size)
        let product = scene.catalog.product(post.productID)
        ClipView.draw(&grid, in: layout.media, scene: scene, post: post, theme: theme, library: library)
        ClipView.drawProgress(&grid, layout: layout, scene: scene, post: post, theme: theme, library: library)
        drawRail(&grid, layout.rail, post: post, scene: scene, theme: theme)
        drawInfo(&grid, layout.info, post: post, product: product, scene: scene, theme: theme)
        if let panel = layout.sidePanel, let product {
            ProductPanel.draw(&grid, in: panel, product: product, scene: scene, theme: theme)
        }
    }

    private static func drawRail(_ grid: inout Grid, _ rail: Rect, post: Post, scene: FeedScene, theme: Theme) {
        let g = theme.glyphs
        let liked = scene.social.isLiked(post.id), saved = scene.social.isSaved(post.id)
        let items: [(String, String, Style, Command?)] = [
            (liked ? g.heart : g.emptyHeart, Format.compact(scene.likes(of: post)), liked ? theme.accent : theme.text, .like),
            (g.comment, Format.compact(post.comments), theme.text, nil),
            (saved ? g.star : g.emptyStar, saved ? "Saved" : "Save", saved ? theme.rating : theme.text, .save),
            (g.share, Format.compact(post.shares), theme.text, .share),
        ]
        let arrows = "\(g.up) k"
        grid.put(arrows, x: rail.x + 1, y: rail.y, style: theme.muted, maxWidth: rail.width - 1)
        grid.put("\(g.down) j", x: rail.x + 1, y: rail.maxY - 1, style: theme.muted, maxWidth: rail.width - 1)
        // Like a phone app, the counts sit low beside the clip, between the two scroll hints: an
        // icon, its count and a gap each; without the gaps on a short terminal; and where even that
        // does not fit, the last ones give way (never onto the hints).
        let room = rail.maxY - 1 - (rail.y + 2)
        let stride = items.count * 3 <= room ? 3 : 2
        let shown = min(items.count, room / 2)
        let used = stride == 3 ? shown * 3 : shown * 2 + (room > shown * 2 ? 1 : 0)
        var y = max(rail.y + 2, rail.maxY - 1 - used)
        // Counts are right-aligned in a fixed slot: liking a post (9 to 10) never moves them.
        let slot = FeedScreen.countSlotWidth
        let slotX = rail.x + max(0, (rail.width - slot) / 2)
        for (icon, count, style, command) in items.prefix(shown) {
            // The icon and its count click as one: what l, s or y does.
            if let command { grid.hit(Rect(x: rail.x, y: y, width: rail.width, height: 2), command) }
            grid.put(icon, x: rail.x + (rail.width - TextWidth.of(icon)) / 2, y: y, style: style)
            let countX = max(rail.x, slotX + slot - TextWidth.of(count))
            grid.put(count, x: countX, y: y + 1, style: theme.strong, maxWidth: rail.maxX - countX)
            y += stride
        }
    }

    /// Columns of the slot the rail's counts are right-aligned in ("184K", "99.9K", "Saved").
    static let countSlotWidth = 5

    private static func drawInfo(_ grid: inout Grid, _ area: Rect, post: Post, product: Product?, scene: FeedScene, theme: Theme) {
        guard area.width >= 8, area.height >= 4 else { return }
        let g = theme.glyphs
        var y = area.y
        let creator = scene.catalog.creator(post.creatorHandle)
        var x = area.x
        x += grid.put("@\(post.creatorHandle)", x: x, y: y, style: theme.accent, maxWidth: area.width)
        if creator?.verified == true, x + 2 < area.maxX {
            x += 1
            x += grid.put(g.verified, x: x, y: y, style: theme.secondary)
        }
        Chrome.follow(&grid, post.creatorHandle, x: x + 2, y: y, maxX: area.maxX, social: scene.social, theme: theme)
        y += 1
        // The anchor takes the bottom rows: the whole card, or on a short terminal its title and
        // price; the text above gives way first.
        let cardHeight = 6
        let anchorHeight = product == nil ? 0 : area.height >= cardHeight + 6 ? cardHeight : 2
        let textBottom = area.maxY - anchorHeight - 1
        if let sponsor = post.sponsoredBy {
            // An advertisement says so, in its own colour, before anything else about the post.
            let name = scene.catalog.marketplace(sponsor)?.name ?? sponsor
            grid.put("Sponsored \(g.separator) Shop on \(name)", x: area.x, y: y, style: theme.warning, maxWidth: area.width)
            y += 1
        }
        if let creator, y < textBottom {
            grid.put(
                "\(creator.displayName) \(g.separator) \(Format.compact(creator.followers)) followers",
                x: area.x, y: y, style: theme.muted, maxWidth: area.width)
            y += 1
        }
        y += 1
        let captionLines = TextLayout.wrap(post.caption, width: area.width, maxLines: max(1, min(4, textBottom - y - 2)))
        for line in captionLines where y < textBottom {
            grid.put(line, x: area.x, y: y, style: theme.text, maxWidth: area.width)
            y += 1
        }
        let tags = post.hashtags.map { "#\($0)" }.joined(separator: " ")
        for line in TextLayout.wrap(tags, width: area.width, maxLines: 2) where y < textBottom {
            grid.put(line, x: area.x, y: y, style: theme.hashtag, maxWidth: area.width)
            y += 1
        }
        if y < textBottom + 1 {
            grid.put("\(g.music) \(post.sound)", x: area.x, y: y, style: theme.muted, maxWidth: area.width)
        }
        if let product {
            if anchorHeight == cardHeight {
                let card = Rect(x: area.x, y: max(y + 1, area.maxY - cardHeight), width: min(area.width, 48), height: cardHeight)
                if card.maxY <= area.maxY {
                    grid.hit(card, .openPost)  // the shop card opens the product, as ⏎ does
                    drawAnchor(&grid, card, product: product, scene: scene, theme: theme)
                }
            } else {
                drawCompactAnchor(&grid, x: area.x, y: area.maxY - 2, width: area.width, product: product, scene: scene, theme: theme)
                grid.hit(Rect(x: area.x, y: area.maxY - 2, width: area.width, height: 2), .openPost)
            }
        }
    }

    /// The anchor where a card does not fit: the product's title and its price, on two rows.
    static func drawCompactAnchor(_ grid: inout Grid, x: Int, y: Int, width: Int, product: Product, scene: FeedScene, theme: Theme) {
        let used = grid.put("\(theme.glyphs.bag) ", x: x, y: y, style: theme.accent, maxWidth: width)
        grid.put(product.title, x: x + used, y: y, style: theme.strong, maxWidth: width - used)
        Chrome.price(&grid, product: product, asOf: scene.now, x: x, y: y + 1, maxWidth: width, theme: theme)
    }

    /// The product anchor: the shoppable card under the caption.
    static func drawAnchor(_ grid: inout Grid, _ card: Rect, product: Product, scene: FeedScene, theme: Theme) {
        let catalog = scene.catalog
        let g = theme.glyphs
        grid.box(card, style: theme.border, glyphs: g, title: "\(g.bag) Shop", titleStyle: theme.accent)
        let inner = card.inset(by: 1)
        let x = inner.x + 1, width = inner.width - 2
        grid.put(product.title, x: x, y: inner.y, style: theme.strong, maxWidth: width)
        Chrome.price(&grid, product: product, asOf: scene.now, x: x, y: inner.y + 1, maxWidth: width, theme: theme)
        var col = x
        col += grid.put("\(g.star) \(Format.rating(product.rating))", x: col, y: inner.y + 2, style: theme.rating, maxWidth: width)
        let sold = " \(g.separator) \(Format.compact(product.soldCount)) sold"
        col += grid.put(sold, x: col, y: inner.y + 2, style: theme.muted, maxWidth: x + width - col)
        if let market = catalog.marketplace(product.marketplaceID) {
            grid.put(" \(g.separator) \(market.name)", x: col, y: inner.y + 2, style: theme.muted, maxWidth: x + width - col)
        }
        var hx = x
        hx += grid.put(Chrome.keyLabel("⏎", theme: theme), x: hx, y: inner.y + 3, style: theme.secondary.with(.bold))
        hx += grid.put(" view  ", x: hx, y: inner.y + 3, style: theme.muted, maxWidth: x + width - hx)
        let addX = hx
        hx += grid.put("a", x: hx, y: inner.y + 3, style: theme.secondary.with(.bold), maxWidth: x + width - hx)
        hx += grid.put(" add to cart", x: hx, y: inner.y + 3, style: theme.muted, maxWidth: x + width - hx)
        grid.hit(Rect(x: addX, y: inner.y + 3, width: hx - addX, height: 1), .addPost)  // as a does; the rest of the card, ⏎
    }
}

/// The clip area before the media library draws real pictures: the post's colour, the
/// product's name and category, so each post still looks distinct.
enum MediaPlaceholder {
    static func draw(_ grid: inout Grid, in area: Rect, post: Post, product: Product?, theme: Theme) {
        guard area.width > 0, area.height > 0 else { return }
        let background = theme.color(for: post.background)
        let fill = Style(foreground: theme.muted.foreground, background: background)
        if theme.capability == .monochrome {
            grid.fill(area, style: Style(attributes: .dim), with: theme.glyphs.shade)
        } else {
            grid.fill(area, style: fill)
        }
        guard let product else { return }
        let textStyle = theme.capability == .monochrome ? theme.strong : Style(foreground: theme.price.foreground, background: background, attributes: .bold)
        let categoryStyle = theme.capability == .monochrome ? Style() : Style(foreground: theme.secondary.foreground, background: background, attributes: .bold)
        let title = TextLayout.wrap(product.title, width: max(1, area.width - 2), maxLines: 3)
        let block = title.count + 2
        var y = area.y + max(0, (area.height - block) / 2)
        let category = product.category.uppercased()
        let cx = area.x + max(0, (area.width - TextWidth.of(category)) / 2)
        grid.put(category, x: cx, y: y, style: categoryStyle, maxWidth: area.width)
        y += 2
        for line in title where y < area.maxY {
            let lx = area.x + max(0, (area.width - TextWidth.of(line)) / 2)
            grid.put(line, x: lx, y: y, style: textStyle, maxWidth: area.width)
            y += 1
        }
    }
}
