import Foundation
import ShopCore
import ShopMedia

/// What `serve`'s zygote prepares once for every visitor (docs/SSH.md, "Visitors start warm"):
/// the first frame at each common size and colour mode, the first post's first loop, and at the
/// commonest size every post's clip decoded whole, so that a visitor forked from it scrolls
/// without decoding (its pages are shared copy-on-write).
public enum WarmClips {
    public static func prepare(catalog: Catalog, themes: [Theme], sizes: [Size], into clips: ClipLibrary) {
        for theme in themes {
            for size in sizes {
                var state = AppState(catalog: catalog, size: size)
                state.offersInterestPicker = false
                // The first frame itself: this decodes the first post's clip for its box.
                _ = AppView.render(state, theme: theme, library: clips)
                guard !state.isTooSmall, let post = state.currentPost else { continue }
                let layout = FeedLayout(size: size)
                let box = CellSize(width: layout.media.width, height: layout.media.height)
                let request = ClipLibrary.request(for: post, catalog: catalog, size: box, capability: theme.capability)
                // Its whole first loop at the frame rate, and the neighbours' first frames (what
                // the first scroll shows).
                if theme == themes[0], size == sizes[0], let schedule = try? clips.schedule(for: request, maxFramesPerSecond: 15) {
                    var elapsed = 0.0
                    let duration = schedule.loopDuration.components
                    let loop = min(20, Double(duration.seconds) + Double(duration.attoseconds) / 1e18)
                    while elapsed < loop {
                        _ = try? clips.raster(for: request, elapsed: elapsed)
                        elapsed += 1.0 / 15
                    }
                }
                for neighbour in Playback.neighbours(state, theme: theme) {
                    clips.decode(neighbour)
                    _ = try? clips.raster(for: neighbour, elapsed: 0)
                }
                // At the commonest size and colours, every post's clip decoded whole and its first
                // frame: what scrolling shows, decoded once here instead of once per visitor.
                if theme == themes[0], size == sizes[0] {
                    for item in state.feed.items {
                        guard let other = state.post(for: item) else { continue }
                        let request = ClipLibrary.request(for: other, catalog: catalog, size: box, capability: theme.capability)
                        clips.decode(request)
                        _ = try? clips.raster(for: request, elapsed: 0)
                    }
                }
            }
        }
    }
}
