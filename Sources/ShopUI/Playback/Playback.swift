import ShopCore
import ShopMedia

/// When the runner has to wake up to redraw the clip: the next frame deadline of the running
/// clip (absolute: start + sum of delays, on the `1/fps` grid) or the next step of a slide.
/// Nil when nothing moves — paused, reduced motion, a page over the feed — so the run loop
/// blocks on input alone and an idle storefront uses no CPU.
public enum Playback {
    public static func nextWake(_ state: AppState, theme: Theme, library: ClipLibrary) -> Double? {
        guard !state.isTooSmall, state.routes.isEmpty, let post = state.currentPost else { return nil }
        let playback = state.playback
        let now = playback.now
        let fps = Double(playback.maxFramesPerSecond)
        var wake: Double?
        if let slide = playback.slide, slide.progress(at: now) < 1 {
            let end = slide.startedAt + PlaybackState.Slide.duration
            let step = ((now - slide.startedAt) * fps).rounded(.down) + 1
            wake = min(end, slide.startedAt + step / fps)
        }
        let layout = FeedLayout(size: state.size)
        let request = ClipLibrary.request(
            for: post, catalog: state.catalog, size: CellSize(width: layout.media.width, height: layout.media.height),
            capability: theme.capability)
        // kitty plays the clip itself and a still in pixels does not change: no wake-ups for
        // those. Sixel frames go at most `sixelFramesPerSecond` (the overlay's byte budget drops
        // what it cannot pay for anyway).
        if let since = playback.runningSince,
            ClipView.appMovesClip(graphics: state.graphics, reduceMotion: playback.reduceMotion, animated: { library.isAnimated(request) })
        {
            let pixels = ClipView.showsPixels(graphics: state.graphics)
            let frameRate = pixels ? min(playback.maxFramesPerSecond, sixelFramesPerSecond) : playback.maxFramesPerSecond
            if let schedule = try? library.schedule(for: request, maxFramesPerSecond: frameRate) {
                let elapsed = playback.elapsed(at: now)
                if let next = schedule.nextDeadline(after: .nanoseconds(Int64(elapsed * 1e9))) {
                    let at = since + Double(next.nanosecondCount) / 1e9 - playback.playedBefore
                    wake = min(wake ?? at, at)
                }
            }
        }
        return wake
    }

    /// The most sixel frames a second the run loop wakes for: at 17-56 KB a frame, the byte
    /// budget (120 KB/s at 80x24) pays for fewer anyway.
    public static let sixelFramesPerSecond = 8

    /// The clips of the posts either side of the current one, in the box the feed draws them in:
    /// what the next scroll will need (nothing while a page covers the feed).
    public static func neighbours(_ state: AppState, theme: Theme) -> [ClipLibrary.Request] {
        guard !state.isTooSmall, state.routes.isEmpty else { return [] }
        let layout = FeedLayout(size: state.size)
        let size = CellSize(width: layout.media.width, height: layout.media.height)
        return [state.feed.index + 1, state.feed.index - 1]
            .filter { state.feed.items.indices.contains($0) }
            .compactMap { state.post(for: state.feed.items[$0]) }
            .map { ClipLibrary.request(for: $0, catalog: state.catalog, size: size, capability: theme.capability) }
    }
}
