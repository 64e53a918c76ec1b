import Foundation
import ShopCore
import ShopMedia
import Testing
@testable import ShopUI

/// The feed's clip cache holds stabilized frames within a byte budget, least recently used out
/// first, and gives the same cells for the same time whatever it had to forget (issue 11).
@Suite struct ClipLibraryBudgetTests {
    /// A GIF of `frames` frames, each a different mix of four colours.
    static func clip(frames: Int, width: Int = 64, height: Int = 64) -> Data {
        let colors = [ShopMedia.RGB(255, 0, 0), ShopMedia.RGB(0, 200, 0), ShopMedia.RGB(0, 0, 255), ShopMedia.RGB(250, 250, 250)]
        let list = (0..<frames).map { f in
            TestImages.GIFFrame(
                width: width, height: height,
                indexes: (0..<(width * height)).map { UInt8(($0 / 7 + $0 % width + f) % 4) })
        }
        return TestImages.gif(width: width, height: height, colors: colors, frames: list)
    }

    @Test func stabilizedFramesStayWithinTheBudgetAndComeBackTheSame() throws {
        let path = try TestImages.temporaryFile(Self.clip(frames: 40), name: "long.gif")
        let size = CellSize(width: 40, height: 20)
        let rasterBytes = size.width * size.height * MemoryLayout<RasterCell>.stride
        // Room for about ten frames of forty.
        let library = ClipLibrary(store: MediaStore(), byteBudget: 10 * rasterBytes + 100)
        let request = ClipLibrary.Request(path: path, size: size, mode: .ansi256, background: ShopMedia.RGB(0, 0, 0), motion: .none)
        var first: [CellRaster] = []
        for frame in 0..<40 {
            first.append(try library.raster(for: request, elapsed: Double(frame) * 0.1 + 0.05))
            #expect(library.frameBytes <= library.byteBudget, "frame \(frame): \(library.frameBytes) bytes")
        }
        // Frame 35 (kept) and frame 3 (long forgotten, rebuilt from frame 0) as before.
        #expect(try library.raster(for: request, elapsed: 3.55) == first[35])
        #expect(try library.raster(for: request, elapsed: 0.35) == first[3])
        #expect(library.frameBytes <= library.byteBudget)
        // A fresh library with room for everything agrees frame by frame.
        let roomy = ClipLibrary(store: MediaStore())
        for frame in [0, 3, 17, 39] {
            #expect(try roomy.raster(for: request, elapsed: Double(frame) * 0.1 + 0.05) == first[frame], "frame \(frame)")
        }
    }

    @Test func manyClipsScrolledThroughStayWithinTheBudget() throws {
        let size = CellSize(width: 30, height: 16)
        let rasterBytes = size.width * size.height * MemoryLayout<RasterCell>.stride
        let library = ClipLibrary(store: MediaStore(clipByteBudget: 1 << 20, fullSizeAllowance: 0), byteBudget: 30 * rasterBytes)
        for i in 0..<20 {
            let path = try TestImages.temporaryFile(Self.clip(frames: 6, width: 300 + i, height: 300), name: "c\(i).gif")
            let request = ClipLibrary.Request(path: path, size: size, mode: .ansi256, background: ShopMedia.RGB(0, 0, 0), motion: .none)
            for frame in 0..<6 { _ = try library.raster(for: request, elapsed: Double(frame) * 0.1 + 0.05) }
            #expect(library.frameBytes <= library.byteBudget)
            #expect(library.store.clipBytes <= 1 << 20, "decoded clips: \(library.store.clipBytes)")
        }
    }

    /// Issue 15: the whole bundled feed scrolled once kept every decoded clip (19 MiB of 72 at
    /// 80x24). The store keeps the few near the screen, the most recently used.
    @Test func theStoreKeepsOnlyTheClipsNearTheScreen() throws {
        let size = CellSize(width: 24, height: 21)
        let library = ClipLibrary()
        var requests: [ClipLibrary.Request] = []
        for i in 0..<12 {
            let path = try TestImages.temporaryFile(Self.clip(frames: 3, width: 64 + i, height: 64), name: "near\(i).gif")
            let request = ClipLibrary.Request(path: path, size: size, mode: .ansi256, background: ShopMedia.RGB(0, 0, 0), motion: .none)
            requests.append(request)
            _ = try library.raster(for: request, elapsed: 0.15)
        }
        #expect(library.store.clipCount == MediaStore.nearTheScreen, "\(library.store.clipCount) clips kept")
        #expect(library.store.hasClip(at: requests[11].path, fitting: size))
        #expect(!library.store.hasClip(at: requests[0].path, fitting: size))
        // A clip let go decodes again, to the same cells.
        let again = try library.raster(for: requests[0], elapsed: 0.15)
        #expect(try ClipLibrary().raster(for: requests[0], elapsed: 0.15) == again)
    }

    /// A first frame can outlive its decoded clip (frames and clips are kept apart); prefetching
    /// such a neighbour decodes it again, or its next frame would be decoded on the key press.
    @Test func aPrefetchDecodesAClipWhoseFirstFrameOutlivedIt() throws {
        let size = CellSize(width: 24, height: 21)
        let library = ClipLibrary(store: MediaStore(clipCountLimit: 1))
        let requests = try (0..<2).map { i in
            ClipLibrary.Request(
                path: try TestImages.temporaryFile(Self.clip(frames: 4, width: 80 + i, height: 80), name: "outlived\(i).gif"),
                size: size, mode: .ansi256, background: ShopMedia.RGB(0, 0, 0), motion: .none)
        }
        _ = try library.raster(for: requests[0], elapsed: 0)
        _ = try library.raster(for: requests[1], elapsed: 0)
        #expect(!library.store.hasClip(at: requests[0].path, fitting: size))
        library.prefetch(requests[0])
        library.waitForPrefetches()
        #expect(library.store.hasClip(at: requests[0].path, fitting: size))
    }
}
