import Foundation
import ShopMedia
import Testing

@Suite("colour stability, caches and ANSI output")
struct StabilityAndCacheTests {
    func raster(_ cells: [RasterCell]) -> CellRaster {
        CellRaster(width: cells.count, height: 1, cells: cells)
    }

    @Test func smallColourChangesKeepThePreviousColour() {
        let previous = raster([
            .halfBlock(top: 244, bottom: 16), .halfBlock(top: 244, bottom: 244),
            .halfBlock(top: 16, bottom: 21), .halfBlock(top: 231, bottom: 16),
        ])
        let next = raster([
            .halfBlock(top: 245, bottom: 16),  // one grey step: kept
            .halfBlock(top: 245, bottom: 244),  // kept, and back to a plain space
            .halfBlock(top: 17, bottom: 21),  // a cube step (black -> dark blue): shown
            .halfBlock(top: 196, bottom: 16),
        ])  // white -> red: shown
        let stable = ColorStability.stabilize(previous: previous, next: next)
        #expect(stable.cells[0] == .halfBlock(top: 244, bottom: 16))
        #expect(stable.cells[1] == RasterCell(glyph: " ", background: 244))
        #expect(stable.cells[2] == .halfBlock(top: 17, bottom: 21))
        #expect(stable.cells[3] == .halfBlock(top: 196, bottom: 16))
        // A zero threshold keeps nothing; a huge one keeps everything.
        #expect(ColorStability.stabilize(previous: previous, next: next, threshold: 0) == next)
        #expect(ColorStability.stabilize(previous: previous, next: next, threshold: 800) == previous)
    }

    @Test func stabilityLeavesOtherCasesAlone() {
        let a = raster([.halfBlock(top: 244, bottom: 16)])
        let b = raster([.halfBlock(top: 245, bottom: 16)])
        #expect(ColorStability.stabilize(previous: nil, next: b) == b)
        let wider = raster([.halfBlock(top: 244, bottom: 16), .halfBlock(top: 244, bottom: 16)])
        #expect(ColorStability.stabilize(previous: wider, next: b) == b)
        let mono = raster([RasterCell(glyph: "#")])
        #expect(ColorStability.stabilize(previous: a, next: mono) == mono)
    }

    @Test func cacheComputesOnceAndEvictsTheLeastRecentlyUsed() {
        let cache = RasterCache(capacity: 2)
        var made = 0
        func key(_ frame: Int) -> RasterCache.Key {
            RasterCache.Key(media: "a.gif", size: CellSize(width: 4, height: 2), mode: .ansi256, frame: frame)
        }
        func get(_ frame: Int) -> CellRaster {
            cache.raster(for: key(frame)) {
                made += 1
                return CellRaster(width: 1, height: 1, fill: RasterCell(glyph: "x", background: UInt8(frame)))
            }
        }
        #expect(get(0)[0, 0].background == 0)
        #expect(get(0)[0, 0].background == 0)
        #expect(made == 1)
        _ = get(1)
        _ = get(0)  // 0 is now more recent than 1
        _ = get(2)  // evicts 1
        #expect(cache.count == 2)
        #expect(made == 3)
        _ = get(0)
        #expect(made == 3)
        _ = get(1)
        #expect(made == 4)
        #expect(cache.statistics.hits == 3)
        // Different sizes and modes are different entries.
        var other = key(0)
        other.mode = .ansi16
        #expect(cache.lookup(other) == nil)
    }

    @Test func cacheIsSafeAcrossThreads() {
        let cache = RasterCache(capacity: 64)
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            let key = RasterCache.Key(media: "m", size: CellSize(width: 1, height: 1), mode: .ansi256, frame: i % 16)
            let r = cache.raster(for: key) { CellRaster(width: 1, height: 1, fill: RasterCell(glyph: "y", background: UInt8(i % 16))) }
            #expect(r[0, 0].background == UInt8(i % 16))
        }
        #expect(cache.count == 16)
    }

    @Test func ansiOutputUsesPaletteCodesAndResetsEachLine() {
        let r = CellRaster(
            width: 3, height: 2,
            cells: [
                .halfBlock(top: 196, bottom: 21), .halfBlock(top: 231, bottom: 231), .halfBlock(top: 231, bottom: 231),
                .halfBlock(top: 1, bottom: 9), RasterCell(glyph: "@"), .halfBlock(top: 7, bottom: 15),
            ])
        let e = "\u{1B}["
        #expect(AnsiRenderer.render(r) == "\(e)38;5;196;48;5;21m▀\(e)39;48;5;231m  \(e)0m\n" + "\(e)31;101m▀\(e)39;49m@\(e)37;107m▀\(e)0m\n")
    }

    @Test func mediaStoreDecodesOnceAndPlaysFramesByTime() throws {
        let colors = [RGB(255, 0, 0), RGB(0, 0, 255)]
        let gif = TestImages.gif(
            width: 4, height: 4, colors: colors,
            frames: [
                .init(width: 4, height: 4, indexes: Array(repeating: 0, count: 16), delayCentiseconds: 10),
                .init(width: 4, height: 4, indexes: Array(repeating: 1, count: 16), delayCentiseconds: 10),
            ])
        let path = try TestImages.temporaryFile(gif, name: "clip.gif")
        let store = MediaStore()
        let size = CellSize(width: 2, height: 1)
        let first = try store.raster(path: path, size: size, mode: .ansi256, background: RGB(0, 0, 0), elapsed: .milliseconds(50))
        let second = try store.raster(path: path, size: size, mode: .ansi256, background: RGB(0, 0, 0), elapsed: .milliseconds(150))
        let again = try store.raster(path: path, size: size, mode: .ansi256, background: RGB(0, 0, 0), elapsed: .milliseconds(250))
        #expect(first.cells.allSatisfy { $0 == RasterCell(glyph: " ", background: 196) })
        #expect(second.cells.allSatisfy { $0 == RasterCell(glyph: " ", background: 21) })
        #expect(again == first)
        #expect(store.rasters.statistics.hits == 1)
        let clip = try store.clip(at: path)
        #expect(store.schedule(for: clip, motion: .zoom).frameCount == 2)

        // Stills move with their motion and stay cached per motion step.
        var image = RGBAImage(width: 8, height: 8)
        for y in 0..<8 { for x in 0..<8 { image.setPixel(x: x, y: y, RGB(UInt8(x * 30), UInt8(y * 30), 60)) } }
        let still = try TestImages.temporaryFile(TestImages.png(image), name: "still.png")
        let a = try store.raster(
            path: still, size: CellSize(width: 8, height: 4), mode: .ansi256,
            background: RGB(0, 0, 0), motion: .zoom, elapsed: .zero)
        let b = try store.raster(
            path: still, size: CellSize(width: 8, height: 4), mode: .ansi256,
            background: RGB(0, 0, 0), motion: .zoom, elapsed: .seconds(3))
        #expect(a != b)
        // Broken files give the same error every time, without decoding again.
        let broken = try TestImages.temporaryFile(Data("GIF89a-nope".utf8), name: "broken.gif")
        #expect(throws: MediaError.self) { _ = try store.clip(at: broken) }
        #expect(throws: MediaError.self) { _ = try store.clip(at: broken) }
    }
}
