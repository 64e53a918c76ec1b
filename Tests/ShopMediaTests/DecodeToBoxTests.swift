import Foundation
import ShopMedia
import Testing

/// Clips are decoded to about the size they are shown at (each frame scaled down as it is
/// decoded) and kept in caches bounded by bytes (issue 11: 20 large GIFs took 3.6 GiB).
@Suite("decoding to the box, caches bounded by bytes")
struct DecodeToBoxTests {
    /// A GIF of `width` x `height` with `frames` frames of vertical colour bars that move.
    static func bars(width: Int, height: Int, frames: Int) -> Data {
        let colors = [RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255), RGB(255, 255, 255)]
        let list = (0..<frames).map { f in
            TestImages.GIFFrame(
                width: width, height: height,
                indexes: (0..<(width * height)).map { UInt8(($0 % width * 4 / width + f) % 4) })
        }
        return TestImages.gif(width: width, height: height, colors: colors, frames: list)
    }

    @Test func decodeBoundsAreTwiceTheBoxRoundedUpToAPowerOfTwo() {
        #expect(PixelSize.decodeBound(for: CellSize(width: 30, height: 20)) == PixelSize(width: 64, height: 128))
        #expect(PixelSize.decodeBound(for: CellSize(width: 32, height: 16)) == PixelSize(width: 64, height: 64))
        #expect(PixelSize.decodeBound(for: CellSize(width: 1, height: 1)) == PixelSize(width: 16, height: 16))
        #expect(PixelSize.decodeBound(for: CellSize(width: 500, height: 200)) == PixelSize(width: 1024, height: 1024))
    }

    @Test func framesAreScaledDownAsTheyAreDecoded() throws {
        let data = Self.bars(width: 400, height: 200, frames: 3)
        let full = try MediaDecoder.decode(data, name: "bars.gif")
        let small = try MediaDecoder.decode(data, name: "bars.gif", fitting: PixelSize(width: 64, height: 64), keepingFullSizeUpTo: 0)
        #expect(full.frames.allSatisfy { $0.image.width == 400 && $0.image.height == 200 })
        #expect(small.frames.count == 3)
        #expect(small.frames.allSatisfy { $0.image.width == 64 && $0.image.height == 32 }, "aspect kept, inside the bound")
        #expect(small.width == 64 && small.height == 32)
        #expect(small.originalWidth == 400 && small.originalHeight == 200, "the file's own size is remembered")
        #expect(small.delays == full.delays)
        // Area averaging: the left quarter of frame 0 is red, the next green.
        #expect(small.frames[0].image.pixel(x: 4, y: 10).color == RGB(255, 0, 0))
        #expect(small.frames[0].image.pixel(x: 20, y: 10).color == RGB(0, 255, 0))
        #expect(small.frames[1].image.pixel(x: 4, y: 10).color == RGB(0, 255, 0), "frames differ as in the file")
        // A picture that already fits is kept as it is.
        let fits = try MediaDecoder.decode(data, name: "bars.gif", fitting: PixelSize(width: 512, height: 512), keepingFullSizeUpTo: 0)
        #expect(fits == full)
    }

    @Test func aSmallClipIsKeptAsDecodedAndALargeOneIsScaledDownWhole() throws {
        // Three frames of 400x200 (320 KB each) fit the default 8 MiB: kept as decoded, so the
        // bundled clips draw exactly as before and pay no scaling up front.
        let small = Self.bars(width: 400, height: 200, frames: 3)
        #expect(
            try MediaDecoder.decode(small, name: "s.gif", fitting: PixelSize(width: 64, height: 64))
                == MediaDecoder.decode(small, name: "s.gif"))
        // Ten frames with room for four: from the fifth on every frame is scaled down, and the
        // four already decoded are scaled too, so the clip keeps one size.
        let long = Self.bars(width: 400, height: 200, frames: 10)
        let clip = try MediaDecoder.decode(
            long, name: "l.gif", fitting: PixelSize(width: 64, height: 64),
            keepingFullSizeUpTo: 4 * 400 * 200 * 4)
        #expect(clip.frames.count == 10)
        #expect(clip.frames.allSatisfy { $0.image.width == 64 && $0.image.height == 32 })
        let shrunkFirst = try MediaDecoder.decode(long, name: "l.gif", fitting: PixelSize(width: 64, height: 64), keepingFullSizeUpTo: 0)
        #expect(clip == shrunkFirst, "the same frames as scaling from the start")
    }

    @Test func pngIsScaledDownToo() throws {
        var image = RGBAImage(width: 300, height: 90)
        for y in 0..<90 { for x in 0..<300 { image.setPixel(x: x, y: y, x < 150 ? RGB(200, 10, 10) : RGB(10, 10, 200)) } }
        let clip = try MediaDecoder.decode(
            TestImages.png(image), name: "p.png", fitting: PixelSize(width: 100, height: 100),
            keepingFullSizeUpTo: 0)
        #expect(clip.frames.first?.image.width == 100 && clip.frames.first?.image.height == 30)
        #expect(clip.originalWidth == 300 && clip.originalHeight == 90)
        #expect(clip.frames[0].image.pixel(x: 10, y: 10) == (RGB(200, 10, 10), 255))
    }

    @Test func transparentPixelsDoNotBleedWhenShrinking() throws {
        // Left half transparent black, right half opaque white: the averaged edge stays white.
        var pixels: [UInt8] = []
        for _ in 0..<8 { for x in 0..<8 { pixels += x < 4 ? [0, 0, 0, 0] : [255, 255, 255, 255] } }
        let shrunk = pixels.withUnsafeBufferPointer { AreaScaler.shrink($0, width: 8, height: 8, toFit: PixelSize(width: 3, height: 3)) }
        #expect(shrunk.width == 3 && shrunk.height == 3)
        let edge = shrunk.pixel(x: 1, y: 1)
        #expect(edge.color == RGB(255, 255, 255), "colour from the opaque part only: \(edge)")
        #expect(edge.alpha > 60 && edge.alpha < 200, "half covered: \(edge.alpha)")
        #expect(shrunk.pixel(x: 0, y: 0).alpha == 0)
    }

    @Test func aShrunkClipRastersWithTheSameGeometry() throws {
        // The box, the picture's place in it and its aspect come from the file's own size, so a
        // clip decoded small fills exactly the cells a full-size one does.
        let data = Self.bars(width: 1000, height: 300, frames: 1)
        let full = try MediaDecoder.decode(data, name: "b.gif")
        let box = CellSize(width: 40, height: 20)
        let small = try MediaDecoder.decode(data, name: "b.gif", fitting: PixelSize.decodeBound(for: box), keepingFullSizeUpTo: 0)
        let a = MediaRenderer.render(full, frame: 0, into: box, mode: .ansi256, background: RGB(1, 2, 3))
        let b = MediaRenderer.render(small, frame: 0, into: box, mode: .ansi256, background: RGB(1, 2, 3))
        #expect(a.width == b.width && a.height == b.height)
        let blank = { (r: CellRaster) in (0..<r.height).map { y in (0..<r.width).allSatisfy { r[$0, y] == r[0, 0] } } }
        #expect(blank(a) == blank(b), "the same rows are background")
        let differing = zip(a.cells, b.cells).filter { $0 != $1 }.count
        #expect(differing * 10 <= a.cells.count, "at most a tenth of the cells differ (edges of bars): \(differing)")
    }

    @Test func theCacheKeepsTheMostRecentWithinItsBudget() {
        let cache = LRUByteCache<String, Int>(byteBudget: 100)
        cache.store(1, for: "a", cost: 40)
        cache.store(2, for: "b", cost: 40)
        #expect(cache.value(for: "a") == 1)  // a is now more recent than b
        cache.store(3, for: "c", cost: 40)  // 120 > 100: b goes
        #expect(cache.peek("b") == nil)
        #expect(cache.peek("a") == 1 && cache.peek("c") == 3)
        #expect(cache.totalCost == 80)
        // Replacing an entry replaces its cost.
        cache.store(4, for: "a", cost: 10)
        #expect(cache.totalCost == 50)
        // One value over the whole budget is kept, alone.
        cache.store(5, for: "huge", cost: 500)
        #expect(cache.count == 1 && cache.peek("huge") == 5)
        cache.store(6, for: "d", cost: 1)
        #expect(cache.peek("huge") == nil && cache.totalCost == 1)
        // A count bound as well.
        let counted = LRUByteCache<Int, Int>(byteBudget: .max, maxCount: 2)
        for i in 0..<5 { counted.store(i, for: i, cost: 1) }
        #expect(counted.count == 2 && counted.peek(4) == 4 && counted.peek(3) == 3)
    }

    @Test func theMediaStoreIsBoundedByBytesNotByCount() throws {
        // Twelve distinct 512x512 GIFs of 4 frames: 4 MiB each decoded at full size.
        let paths = try (0..<12).map { i in try TestImages.temporaryFile(Self.bars(width: 512, height: 512 + i, frames: 4), name: "c\(i).gif") }
        let budget = 6 << 20
        let store = MediaStore(clipByteBudget: budget)
        for path in paths { _ = try store.clip(at: path) }
        #expect(store.clipBytes <= budget, "full-size clips: \(store.clipBytes) bytes kept")
        #expect(store.clipBytes > 0)
        // Decoded for a box, the same twelve fit many times over.
        let boxed = MediaStore(clipByteBudget: budget, fullSizeAllowance: 0)
        let box = CellSize(width: 30, height: 20)
        for path in paths {
            let clip = try boxed.clip(at: path, fitting: box)
            let bound = PixelSize.decodeBound(for: box)
            #expect(clip.frames.allSatisfy { $0.image.width <= bound.width && $0.image.height <= bound.height })
        }
        for path in paths { _ = try boxed.clip(at: path, fitting: box) }
        #expect(boxed.clipBytes <= 12 * 4 * 64 * 128 * 4 + 12 * 4096, "\(boxed.clipBytes)")
        // Rasters come from the boxed decode.
        let raster = try boxed.raster(path: paths[0], size: box, mode: .ansi256, background: RGB(0, 0, 0), elapsed: .zero)
        #expect(raster.width == 30 && raster.height == 20)
    }

    /// Issue 15: scrolling the bundled feed down kept 105 MiB, because every 540x960 still (2 MiB
    /// decoded) fitted the decoder's 8 MiB full-size allowance and was kept whole for a box that
    /// needs a few kilobytes. The store keeps clips for as long as they are on or near the screen,
    /// so it decodes to the box whatever the file's size.
    @Test func theStoreKeepsALargeStillAtTheSizeOfItsBox() throws {
        let still = RGBAImage(width: 540, height: 960, fill: RGB(200, 120, 40), alpha: 255)
        let path = try TestImages.temporaryFile(TestImages.png(still), name: "still-540x960.png")
        let store = MediaStore()
        let box = CellSize(width: 24, height: 21)
        let clip = try store.clip(at: path, fitting: box)
        let bound = PixelSize.decodeBound(for: box)
        #expect(clip.width <= bound.width && clip.height <= bound.height, "kept at \(clip.width)x\(clip.height)")
        #expect(clip.originalWidth == 540 && clip.originalHeight == 960)
        #expect(store.clipBytes <= bound.width * bound.height * 4 + 4096, "\(store.clipBytes) bytes kept")
    }

    @Test func theRasterCacheIsBoundedByBytes() {
        let cache = RasterCache(capacity: 1000, byteBudget: 10 * 100 * MemoryLayout<RasterCell>.stride + 10)
        for frame in 0..<50 {
            let key = RasterCache.Key(media: "m", size: CellSize(width: 10, height: 10), mode: .ansi256, frame: frame)
            _ = cache.raster(for: key) { CellRaster(width: 10, height: 10) }
        }
        #expect(cache.count <= 10, "\(cache.count)")
        #expect(cache.bytes <= cache.byteBudget)
    }
}
