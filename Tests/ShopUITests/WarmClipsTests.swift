import Foundation
import ShopCore
import ShopMedia
import Testing
@testable import ShopUI

/// `serve`'s zygote prepares the clips every visitor shares (issue 15): at the commonest size
/// and colours every post's clip must be decoded whole, or each visitor decodes it again on its
/// first scroll (Private_Dirty 3.0 -> 7.6 MiB a visitor when only first frames were prepared).
@Suite struct WarmClipsTests {
    @Test func everyPostsClipIsDecodedWholeAtTheCommonestSize() throws {
        let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets")
        let catalog = try Catalog.load(from: assets)
        let clips = ClipLibrary(store: MediaStore(clipCountLimit: .max))
        let theme = Theme(capability: .ansi256, unicode: true)
        let size = Size(width: 80, height: 24)
        WarmClips.prepare(catalog: catalog, themes: [theme], sizes: [size], into: clips)
        let layout = FeedLayout(size: size)
        let box = CellSize(width: layout.media.width, height: layout.media.height)
        let state = AppState(catalog: catalog, size: size)
        var posts = 0
        for item in state.feed.items {
            guard let post = state.post(for: item) else { continue }
            let request = ClipLibrary.request(for: post, catalog: catalog, size: box, capability: theme.capability)
            #expect(clips.isDecoded(request), "\(post.id)'s clip is not decoded whole")
            posts += 1
        }
        #expect(posts > 10)
    }
}
