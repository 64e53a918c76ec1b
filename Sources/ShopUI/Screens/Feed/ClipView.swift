import ShopCore
import ShopMedia

/// The feed's clip box: the post's picture or animation as half-block cells, the slide between
/// two posts, and the progress line under it. Drawn from the state and its clock only.
enum ClipView {
    static func draw(
        _ grid: inout Grid, in area: Rect, scene: FeedScene, post: Post, theme: Theme,
        library: ClipLibrary
    ) {
        guard area.width > 0, area.height > 0 else { return }
        let playback = scene.playback
        let sliding = playback.slide.map { $0.progress(at: playback.now) < 1 } ?? false
        if showsPixels(graphics: scene.graphics), !sliding {
            // Pixels over the box: the cells under it are the still first frame (unchanging, so
            // ncurses sends nothing while the picture shows; the same still if pixels fail).
            let request = ClipLibrary.request(
                for: post, catalog: scene.catalog,
                size: CellSize(width: area.width, height: area.height), capability: theme.capability)
            let still = picture(post, size: area, scene: scene, elapsed: 0, theme: theme, library: library)
            blit(still, into: &grid, at: area, rows: 0..<area.height, to: area.y)
            if (try? library.raster(for: request, elapsed: 0)) != nil {
                // kitty plays the clip's frames itself (sent once; `p` stops the terminal's loop
                // on the frame it shows); in sixel the app sends the frame due, as the byte
                // budget allows (`PictureOverlay`); reduced motion shows the first frame.
                let mode = scene.graphics.active
                let animates = mode.sendsPixels && !playback.reduceMotion
                // A clip just started shows its first frame (`needsOnlyItsFirstFrame`).
                let frame =
                    !mode.terminalAnimates && animates && !library.needsOnlyItsFirstFrame(request, elapsed: playback.elapsed)
                        && library.isAnimated(request)
                    ? (try? library.frameIndex(for: request, elapsed: playback.elapsed)) ?? 0 : 0
                grid.picture = PicturePlacement(
                    rect: area, path: request.path, frame: frame, background: request.background,
                    animates: animates, playing: !playback.isPaused)
            }
            return
        }
        let current = picture(post, size: area, scene: scene, elapsed: playback.elapsed, theme: theme, library: library)
        guard let slide = playback.slide, slide.progress(at: playback.now) < 1,
            scene.feed.items.indices.contains(slide.fromIndex),
            let leaving = scene.post(for: scene.feed.items[slide.fromIndex])
        else {
            blit(current, into: &grid, at: area, rows: 0..<area.height, to: area.y)
            return
        }
        let old = picture(leaving, size: area, scene: scene, elapsed: slide.fromElapsed, theme: theme, library: library)
        let shift = min(area.height, max(0, Int((slide.progress(at: playback.now) * Double(area.height)).rounded())))
        let h = area.height
        if slide.direction > 0 {
            // Scrolling down: the leaving post moves up and out, the new one comes in from below.
            blit(old, into: &grid, at: area, rows: shift..<h, to: area.y)
            blit(current, into: &grid, at: area, rows: 0..<shift, to: area.y + h - shift)
        } else {
            blit(current, into: &grid, at: area, rows: (h - shift)..<h, to: area.y)
            blit(old, into: &grid, at: area, rows: 0..<(h - shift), to: area.y + shift)
        }
    }

    /// True when the clip box shows real pixels (a LIVE post's too: its badge then goes under the
    /// picture, `LiveView`).
    static func showsPixels(graphics: GraphicsStatus) -> Bool {
        graphics.active.sendsPixels
    }

    /// True when the app itself moves the clip from frame to frame, so the run loop wakes for its
    /// frames and the progress bar follows it: in cells, and in sixel for an animated clip (sent
    /// frame by frame). Not in kitty (the terminal plays the frames it was sent once) nor for a
    /// still in pixels (its zoom or pan holds still there).
    static func appMovesClip(graphics: GraphicsStatus, reduceMotion: Bool, animated: () -> Bool) -> Bool {
        guard showsPixels(graphics: graphics) else { return true }
        return !graphics.active.terminalAnimates && !reduceMotion && animated()
    }

    /// One post's picture in a grid the size of the box: the clip, or the placeholder and the
    /// reason when the file cannot be used.
    static func picture(
        _ post: Post, size area: Rect, scene: FeedScene, elapsed: Double, theme: Theme,
        library: ClipLibrary
    ) -> Grid {
        var grid = Grid(width: area.width, height: area.height, asciiOnly: !theme.glyphs.isUnicode)
        let box = Rect(x: 0, y: 0, width: area.width, height: area.height)
        let request = ClipLibrary.request(
            for: post, catalog: scene.catalog,
            size: CellSize(width: area.width, height: area.height), capability: theme.capability)
        do {
            let raster = try library.raster(for: request, elapsed: elapsed)
            copy(raster, into: &grid, unicode: theme.glyphs.isUnicode)
        } catch {
            MediaPlaceholder.draw(&grid, in: box, post: post, product: scene.catalog.product(post.productID), theme: theme)
            drawError(&grid, in: box, error: error, post: post, theme: theme)
        }
        return grid
    }

    /// The raster's cells as Grid cells (xterm palette indexes; nil is the terminal default).
    static func copy(_ raster: CellRaster, into grid: inout Grid, unicode: Bool) {
        for y in 0..<min(raster.height, grid.height) {
            for x in 0..<min(raster.width, grid.width) {
                let cell = raster[x, y]
                var style = Style(
                    foreground: cell.foreground.map { .index($0) } ?? .default,
                    background: cell.background.map { .index($0) } ?? .default)
                var text = String(Character(cell.glyph))
                if !unicode, !cell.glyph.isASCII {
                    // No half-blocks on this terminal: the bottom pixel fills the cell.
                    text = " "
                    style.foreground = .default
                }
                grid[x, y] = Cell(text: text, width: 1, style: style)
            }
        }
    }

    /// A clear one-line reason at the foot of the box (wrapped when the box is narrow).
    private static func drawError(_ grid: inout Grid, in box: Rect, error: MediaError, post: Post, theme: Theme) {
        let file = post.media.split(separator: "/").last.map(String.init) ?? post.media
        let message = "\(theme.glyphs.isUnicode ? "⚠ " : "! ")Can't play \(file): \(error.detail)"
        let style = theme.capability == .monochrome ? theme.strong : theme.danger.on(theme.color(for: post.background))
        let lines = TextLayout.wrap(message, width: max(1, box.width - 2), maxLines: min(4, box.height))
        var y = box.maxY - lines.count
        for line in lines {
            grid.put(line, x: box.x + 1, y: y, style: style, maxWidth: box.width - 2)
            y += 1
        }
    }

    private static func blit(_ source: Grid, into grid: inout Grid, at area: Rect, rows: Range<Int>, to y0: Int) {
        guard !rows.isEmpty else { return }
        for (offset, row) in rows.enumerated() where row < source.height {
            let y = y0 + offset
            guard y >= 0, y < grid.height else { continue }
            for x in 0..<source.width where area.x + x < grid.width {
                grid[area.x + x, y] = source[x, row]
            }
        }
    }

    /// Under the clip: a bar showing where the loop is (or "Paused"), and which post of how many.
    /// `bar` false: the counter alone (a LIVE post in pixels puts its badge there).
    static func drawProgress(
        _ grid: inout Grid, layout: FeedLayout, scene: FeedScene, post: Post, theme: Theme,
        library: ClipLibrary, bar: Bool = true
    ) {
        guard layout.progressRow < grid.height - 1 else { return }
        let width = layout.media.width
        let counter = "\(scene.feed.index + 1)/\(scene.feed.items.count)"
        let counterWidth = TextWidth.of(counter)
        let x = layout.media.x
        grid.put(counter, x: x + max(0, width - counterWidth), y: layout.progressRow, style: theme.muted, maxWidth: width)
        let barWidth = width - counterWidth - 1
        guard barWidth >= 4 else { return }
        let unicode = theme.glyphs.isUnicode
        if scene.playback.isPaused {
            grid.put(unicode ? "❚❚ Paused" : "|| Paused", x: x, y: layout.progressRow, style: theme.warning, maxWidth: barWidth)
            return
        }
        let request = ClipLibrary.request(
            for: post, catalog: scene.catalog,
            size: CellSize(width: layout.media.width, height: layout.media.height),
            capability: theme.capability)
        // kitty plays the loop itself and a still holds in pixels: the app does not follow those
        // frames, so no bar rather than one that says something else.
        guard bar, ClipView.appMovesClip(graphics: scene.graphics, reduceMotion: scene.playback.reduceMotion, animated: { library.isAnimated(request) })
        else { return }
        var progress = 0.0
        // At the very start of a clip not decoded yet (the first screen) the bar is empty.
        if library.needsOnlyItsFirstFrame(request, elapsed: scene.playback.elapsed) {
            progress = 0
        } else if let schedule = try? library.schedule(for: request, maxFramesPerSecond: scene.playback.maxFramesPerSecond),
            schedule.frameCount > 1 || request.motion.moves, !scene.playback.reduceMotion
        {
            progress = schedule.progress(at: .nanoseconds(Int64(scene.playback.elapsed * 1e9)))
        }
        let filled = min(barWidth, Int(progress * Double(barWidth)))
        grid.put(String(repeating: unicode ? "━" : "=", count: filled), x: x, y: layout.progressRow, style: theme.accent)
        grid.put(
            String(repeating: unicode ? "─" : "-", count: barWidth - filled), x: x + filled, y: layout.progressRow,
            style: theme.border)
    }
}
