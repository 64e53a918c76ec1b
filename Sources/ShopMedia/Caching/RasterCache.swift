import Foundation

/// Rasters kept by (media, cell size, colour mode, background, frame, motion step), so each
/// frame of a clip is scaled and quantized once per size and mode. Bounded by a count and by
/// bytes: the least recently used entry goes first. Safe to share between threads.
public final class RasterCache: @unchecked Sendable {
    public struct Key: Hashable, Sendable {
        public var media: String
        public var size: CellSize
        public var mode: ColorMode
        public var background: RGB
        public var frame: Int
        /// For stills with motion: which step of the motion loop (0 otherwise).
        public var motionStep: Int

        public init(
            media: String, size: CellSize, mode: ColorMode, background: RGB = RGB(0, 0, 0),
            frame: Int, motionStep: Int = 0
        ) {
            self.media = media
            self.size = size
            self.mode = mode
            self.background = background
            self.frame = frame
            self.motionStep = motionStep
        }
    }

    private let entries: LRUByteCache<Key, CellRaster>
    private let lock = NSLock()
    private var hitCount = 0
    private var missCount = 0
    /// Most rasters kept at once.
    public let capacity: Int
    /// Most bytes of rasters kept at once.
    public var byteBudget: Int { entries.byteBudget }

    public init(capacity: Int = 1024, byteBudget: Int = 16 << 20) {
        self.capacity = max(1, capacity)
        self.entries = LRUByteCache(byteBudget: byteBudget, maxCount: self.capacity)
    }

    /// The cached raster for `key`, or the result of `make` (run outside the lock), stored.
    public func raster(for key: Key, make: () throws -> CellRaster) rethrows -> CellRaster {
        if let hit = lookup(key) { return hit }
        let made = try make()
        store(made, for: key)
        return made
    }

    public func lookup(_ key: Key) -> CellRaster? {
        let found = entries.value(for: key)
        lock.withLock {
            if found == nil { missCount += 1 } else { hitCount += 1 }
        }
        return found
    }

    public func store(_ raster: CellRaster, for key: Key) {
        entries.store(raster, for: key, cost: raster.byteCount)
    }

    public var count: Int { entries.count }
    /// Bytes of rasters kept now.
    public var bytes: Int { entries.totalCost }
    /// (hits, misses) since creation, for the performance doc and tests.
    public var statistics: (hits: Int, misses: Int) { lock.withLock { (hitCount, missCount) } }

    public func removeAll() {
        entries.removeAll()
    }
}

extension CellRaster {
    /// Bytes the cells take (what a cache of rasters counts).
    public var byteCount: Int { cells.count * MemoryLayout<RasterCell>.stride + 64 }
}
