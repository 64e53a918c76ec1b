import ShopCore

/// A LIVE post in the feed: the stream's loop with a LIVE badge and the viewer count, the host,
/// a chat that scrolls in real time (scripted lines and this state directory's real purchases),
/// and the pinned product with its flash deal and countdown.
enum LiveView {
    static func draw(_ grid: inout Grid, live: LiveStream, post: Post, scene: FeedScene, theme: Theme, library: ClipLibrary) {
        let layout = FeedLayout(size: grid.size)
        let date = scene.now
        let elapsed = date.timeIntervalSince1970
        ClipView.draw(&grid, in: layout.media, scene: scene, post: post, theme: theme, library: library)
        // In cells the LIVE badge sits over the top of the clip; over a picture in pixels it would
        // be hidden, so there it takes the row under the picture, where a clip's progress bar goes.
        let pixels = grid.picture != nil
        ClipView.drawProgress(&grid, layout: layout, scene: scene, post: post, theme: theme, library: library, bar: !pixels)
        let badgeRow = pixels ? Rect(x: layout.media.x, y: layout.progressRow, width: layout.media.width, height: 1) : layout.media
        if badgeRow.maxY <= grid.height - 1 { drawBadge(&grid, badgeRow, viewers: live.viewers(at: elapsed), theme: theme) }
        drawRail(&grid, layout.rail, live: live, scene: scene, theme: theme)
        let offer = scene.deals.featured(in: live)
        let info = layout.info
        guard info.width >= 8, info.height >= 4 else { return }
        var y = drawHost(&grid, info, live: live, scene: scene, theme: theme)
        let cardHeight = 6
        let chatBottom = info.maxY - cardHeight - 1
        if chatBottom - y >= 1 {
            // A phone-sized chat: the last few lines just above the deal, not a wall of text.
            let rows = min(chatBottom - y, 9)
            drawChat(&grid, Rect(x: info.x, y: chatBottom - rows, width: info.width, height: rows), live: live, scene: scene, theme: theme)
        }
        y = max(y, info.maxY - cardHeight)
        let productID = offer?.deal.productID ?? live.pinnedProductIDs.first
        if let product = productID.flatMap(scene.catalog.product) {
            let card = Rect(x: info.x, y: y, width: min(info.width, 48), height: cardHeight)
            if card.maxY <= info.maxY {
                grid.hit(card, .openPost)  // the card opens the product, as ⏎ does; its b and a as theirs
                drawDealCard(&grid, card, product: product, offer: offer, scene: scene, theme: theme)
            } else if y < info.maxY {
                // No room for the card (a short terminal): the title if a row is free, then the
                // price and the deal's state on one line.
                if y < info.maxY - 1 {
                    let used = grid.put("\(theme.glyphs.bag) ", x: info.x, y: info.maxY - 2, style: theme.accent, maxWidth: info.width)
                    grid.put(product.title, x: info.x + used, y: info.maxY - 2, style: theme.strong, maxWidth: info.width - used)
                }
                let (status, style, dealPrice) = status(offer, theme: theme)
                let used = Chrome.price(
                    &grid, dealPrice ?? product.price, was: nil, x: info.x, y: info.maxY - 1,
                    maxWidth: info.width, theme: theme)
                grid.put(
                    " \(theme.glyphs.separator) \(status)", x: info.x + used, y: info.maxY - 1, style: style,
                    maxWidth: max(0, info.width - used))
            }
        }
        if let panel = layout.sidePanel { drawPinned(&grid, panel, live: live, offer: offer, scene: scene, theme: theme) }
    }

    /// " ● LIVE  12.3K watching" over the top of the clip.
    private static func drawBadge(_ grid: inout Grid, _ media: Rect, viewers: Int, theme: Theme) {
        guard media.width >= 8 else { return }
        let badge = " \(theme.glyphs.liveDot) LIVE "
        var x = media.x + 1
        x += grid.put(badge, x: x, y: media.y, style: theme.badge, maxWidth: media.width - 1)
        var count = " \(Format.compact(viewers)) watching "
        if x + TextWidth.of(count) + 1 > media.maxX { count = " \(Format.compact(viewers)) " }
        if x + TextWidth.of(count) + 1 <= media.maxX {
            grid.put(count, x: x + 1, y: media.y, style: theme.toast, maxWidth: media.maxX - x - 1)
        }
    }

    /// Beside the clip: the pinned products, numbered, instead of likes.
    private static func drawRail(_ grid: inout Grid, _ rail: Rect, live: LiveStream, scene: FeedScene, theme: Theme) {
        let g = theme.glyphs
        grid.put("\(g.up) k", x: rail.x + 1, y: rail.y, style: theme.muted, maxWidth: rail.width - 1)
        grid.put("\(g.down) j", x: rail.x + 1, y: rail.maxY - 1, style: theme.muted, maxWidth: rail.width - 1)
        let pinned = "\(g.bag) \(live.pinnedProductIDs.count)"
        let y = rail.maxY - 4
        guard y > rail.y + 1 else { return }
        grid.put(pinned, x: rail.x + max(0, (rail.width - TextWidth.of(pinned)) / 2), y: y, style: theme.strong, maxWidth: rail.width)
        grid.put("pinned", x: rail.x + 1, y: y + 1, style: theme.muted, maxWidth: rail.width - 1)
    }

    /// The host's handle and follow state, then the stream's title; returns the next free row.
    private static func drawHost(_ grid: inout Grid, _ area: Rect, live: LiveStream, scene: FeedScene, theme: Theme) -> Int {
        var y = area.y
        var x = area.x
        x += grid.put("@\(live.hostHandle)", x: x, y: y, style: theme.accent, maxWidth: area.width)
        if scene.catalog.creator(live.hostHandle)?.verified == true, x + 2 < area.maxX {
            x += 1
            x += grid.put(theme.glyphs.verified, x: x, y: y, style: theme.secondary)
        }
        Chrome.follow(&grid, live.hostHandle, x: x + 2, y: y, maxX: area.maxX, social: scene.social, theme: theme)
        y += 1
        for line in TextLayout.wrap(live.title, width: area.width, maxLines: 2) {
            grid.put(line, x: area.x, y: y, style: theme.strong, maxWidth: area.width)
            y += 1
        }
        return y + 1
    }

    /// The newest chat lines that fit, oldest at the top; a long line takes a second row
    /// (indented) rather than being cut.
    private static func drawChat(_ grid: inout Grid, _ area: Rect, live: LiveStream, scene: FeedScene, theme: Theme) {
        let lines = live.chat(at: scene.now, orders: scene.orders, catalog: scene.catalog, limit: area.height)
        // Newest first, until the area is full.
        var blocks: [(prefix: String, rows: [String], line: ChatLine)] = []
        var used = 0
        for line in lines.reversed() {
            let prefix = line.isPurchase ? "\(theme.glyphs.bag) @\(line.user) " : "\(line.user): "
            var rows = TextLayout.wrap(prefix + line.text, width: area.width, maxLines: 2)
            if rows.count > 1 {
                // The second row is indented; wrap again so it fits.
                let first = rows[0]
                let rest = String((prefix + line.text).dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
                rows = [first] + TextLayout.wrap(rest, width: max(1, area.width - 2), maxLines: 1).map { "  " + $0 }
            }
            if used + rows.count > area.height { rows = Array(rows.prefix(1)) }
            guard used + rows.count <= area.height else { break }
            blocks.insert((prefix, rows, line), at: 0)
            used += rows.count
        }
        var y = area.maxY - used
        for (prefix, rows, line) in blocks {
            for (index, row) in rows.enumerated() {
                let style = line.isPurchase ? theme.success : theme.text
                if index == 0, row.hasPrefix(prefix) {
                    let x = area.x + grid.put(prefix, x: area.x, y: y, style: line.isPurchase ? theme.success : theme.muted, maxWidth: area.width)
                    grid.put(String(row.dropFirst(prefix.count)), x: x, y: y, style: style, maxWidth: area.maxX - x)
                } else {
                    grid.put(row, x: area.x, y: y, style: style, maxWidth: area.width)
                }
                y += 1
            }
        }
    }

    /// The pinned product with its flash deal: price, countdown, units left, and how to buy.
    private static func drawDealCard(_ grid: inout Grid, _ card: Rect, product: Product, offer: DealDesk.Offer?, scene: FeedScene, theme: Theme) {
        let g = theme.glyphs
        let title = offer == nil ? "\(g.bag) Pinned" : "\(g.flash) Flash deal"
        grid.box(card, style: theme.border, glyphs: g, title: title, titleStyle: theme.accent)
        let inner = card.inset(by: 1)
        let x = inner.x + 1, width = inner.width - 2
        grid.put(product.title, x: x, y: inner.y, style: theme.strong, maxWidth: width)
        var (statusText, statusStyle, dealPrice) = status(offer, theme: theme)
        if TextWidth.of(statusText) > width, let short = statusText.components(separatedBy: " \(g.separator) limit").first {
            statusText = short
        }
        if let dealPrice {
            Chrome.price(&grid, dealPrice, was: product.price, x: x, y: inner.y + 1, maxWidth: width, theme: theme)
        } else {
            Chrome.price(&grid, product: product, asOf: scene.now, x: x, y: inner.y + 1, maxWidth: width, theme: theme)
        }
        grid.put(statusText, x: x, y: inner.y + 2, style: statusStyle, maxWidth: width)
        var hx = x
        hx += grid.put("b", x: hx, y: inner.y + 3, style: theme.secondary.with(.bold))
        hx += grid.put(" buy  ", x: hx, y: inner.y + 3, style: theme.muted, maxWidth: x + width - hx)
        grid.hit(Rect(x: x, y: inner.y + 3, width: hx - x - 2, height: 1), .buyPost)
        let addX = hx
        hx += grid.put("a", x: hx, y: inner.y + 3, style: theme.secondary.with(.bold), maxWidth: x + width - hx)
        hx += grid.put(" add  ", x: hx, y: inner.y + 3, style: theme.muted, maxWidth: x + width - hx)
        grid.hit(Rect(x: addX, y: inner.y + 3, width: max(0, hx - addX - 2), height: 1), .addPost)
        hx += grid.put(Chrome.keyLabel("⏎", theme: theme), x: hx, y: inner.y + 3, style: theme.secondary.with(.bold), maxWidth: x + width - hx)
        grid.put(" view", x: hx, y: inner.y + 3, style: theme.muted, maxWidth: x + width - hx)
    }

    /// The wide-terminal panel: every pinned product with its price (the deal's while it runs).
    private static func drawPinned(_ grid: inout Grid, _ area: Rect, live: LiveStream, offer: DealDesk.Offer?, scene: FeedScene, theme: Theme) {
        let g = theme.glyphs
        grid.box(area, style: theme.border, glyphs: g, title: "Pinned \(g.separator) \(live.pinnedProductIDs.count)", titleStyle: theme.strong)
        let inner = area.inset(by: 1)
        let x = inner.x + 1, width = inner.width - 2
        var y = inner.y
        for product in live.pinnedProductIDs.compactMap(scene.catalog.product) where y + 3 < inner.maxY {
            grid.put(product.title, x: x, y: y, style: theme.strong, maxWidth: width)
            y += 1
            if let offer, offer.deal.productID == product.id, case .active = offer.status {
                var col = x
                col += grid.put("\(g.flash) \(offer.deal.dealPrice.formatted)", x: col, y: y, style: theme.price, maxWidth: width)
                grid.put("  " + Chrome.wasPrice(product.price, theme: theme), x: col, y: y, style: theme.wasPrice, maxWidth: x + width - col)
            } else {
                Chrome.price(&grid, product: product, asOf: scene.now, x: x, y: y, maxWidth: width, theme: theme)
            }
            y += 1
            let market = scene.catalog.marketplace(product.marketplaceID)?.name ?? product.marketplaceID
            grid.put("\(g.star) \(Format.rating(product.rating)) \(g.separator) \(market)", x: x, y: y, style: theme.muted, maxWidth: width)
            y += 2
        }
    }

    /// The deal's line under the price, its style, and the price to show (nil: the regular one).
    static func status(_ offer: DealDesk.Offer?, theme: Theme) -> (String, Style, Money?) {
        guard let offer else { return ("Pinned by the host", theme.muted, nil) }
        let deal = offer.deal
        switch offer.status {
        case .active(let secondsLeft, let unitsLeft):
            return (
                "Ends in \(FlashDeal.countdown(secondsLeft)) \(theme.glyphs.separator) \(unitsLeft) left \(theme.glyphs.separator) limit \(deal.perBuyerLimit)",
                theme.warning, deal.dealPrice
            )
        case .upcoming(let startsIn):
            return ("Deal \(deal.dealPrice.formatted) in \(FlashDeal.countdown(startsIn))", theme.secondary, nil)
        case .soldOut:
            return ("SOLD OUT", theme.danger, nil)
        case .ended:
            return ("Deal ended", theme.muted, nil)
        }
    }
}
