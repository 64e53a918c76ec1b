import Foundation

/// Rasters kept by (media, cell size, colour mode, background, frame, motion step), so each
/// frame of a clip is scaled and quantized once per size and mode. Bounded: the least recently
/// used entry goes first. Safe to share between threads.
public final class RasterCache: @unchecked Sendable {
    public struct Key: Hashable, Sendable {
        public var media: String
        public var size: CellSize
        public var mode: ColorMode
        public var background: RGB
        public var frame: Int
        /// For stills with motion: which step of the motion loop (0 otherwise).
        public var motionStep: Int

        public init(media: String, size: CellSize, mode: ColorMode, background: RGB = RGB(0, 0, 0),
                    frame: Int, motionStep: Int = 0) {
            self.media = media
            self.size = size
            self.mode = mode
            self.background = background
            self.frame = frame
            self.motionStep = motionStep
        }
    }

    private let lock = NSLock()
    private var entries: [Key: (raster: CellRaster, used: UInt64)] = [:]
    private var tick: UInt64 = 0
    private var hitCount = 0
    private var missCount = 0
    /// Most rasters kept at once.
    public let capacity: Int

    public init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    /// The cached raster for `key`, or the result of `make` (run outside the lock), stored.
    public func raster(for key: Key, make: () throws -> CellRaster) rethrows -> CellRaster {
        if let hit = lookup(key) { return hit }
        let made = try make()
        store(made, for: key)
        return made
    }

    public func lookup(_ key: Key) -> CellRaster? {
        lock.withLock {
            tick += 1
            guard var entry = entries[key] else { missCount += 1; return nil }
            hitCount += 1
            entry.used = tick
            entries[key] = entry
            return entry.raster
        }
    }

    public func store(_ raster: CellRaster, for key: Key) {
        lock.withLock {
            tick += 1
            entries[key] = (raster, tick)
            if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
                entries[oldest] = nil
            }
        }
    }

    public var count: Int { lock.withLock { entries.count } }
    /// (hits, misses) since creation, for the performance doc and tests.
    public var statistics: (hits: Int, misses: Int) { lock.withLock { (hitCount, missCount) } }

    public func removeAll() {
        lock.withLock { entries.removeAll() }
    }
}
