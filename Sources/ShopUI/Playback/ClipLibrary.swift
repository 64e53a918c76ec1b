import Foundation
import ShopCore
import ShopMedia

/// The clips the feed shows, decoded and rasterized once per (file, box, colour mode) and kept:
/// a `MediaStore` for the raw rasters plus, per clip, its frames after `ColorStability` (each
/// frame stabilized against the one before it), so consecutive frames differ in as few cells as
/// possible and the view stays a pure function of the state (the same time gives the same cells).
public final class ClipLibrary: @unchecked Sendable {
    /// The storefront's library; tests make their own.
    public static let shared = ClipLibrary()

    public let store: MediaStore
    /// Most clips whose stabilized frames are kept.
    public let capacity: Int
    private let lock = NSLock()
    private var frames: [FramesKey: [CellRaster?]] = [:]
    private var order: [FramesKey] = []
    /// One clip at a time, behind the storefront's own drawing.
    private let prefetchQueue = DispatchQueue(label: "reelshop.clip-prefetch", qos: .utility)

    public init(store: MediaStore = MediaStore(), capacity: Int = 24) {
        self.store = store
        self.capacity = max(1, capacity)
    }

    /// One clip in one box: everything a raster depends on except the frame.
    public struct Request: Hashable, Sendable {
        public var path: String
        public var size: CellSize
        public var mode: ColorMode
        public var background: ShopMedia.RGB
        public var motion: StillMotion

        public init(path: String, size: CellSize, mode: ColorMode, background: ShopMedia.RGB, motion: StillMotion) {
            self.path = path
            self.size = size
            self.mode = mode
            self.background = background
            self.motion = motion
        }
    }

    private typealias FramesKey = Request

    /// The request for `post` in a box of `size` cells on a terminal with `capability`.
    public static func request(for post: Post, catalog: Catalog, size: CellSize, capability: ColorCapability) -> Request {
        Request(path: catalog.mediaURL(post.media).path, size: size, mode: colorMode(for: capability),
                background: ShopMedia.RGB(post.background.red, post.background.green, post.background.blue),
                motion: StillMotion(rawValue: post.motion) ?? .none)
    }

    /// The clip colour mode that suits the theme: `NO_COLOR` and monochrome get the ASCII ramp.
    public static func colorMode(for capability: ColorCapability) -> ColorMode {
        switch capability {
        case .ansi256: return .ansi256
        case .ansi16: return .ansi16
        case .ansi8: return .ansi8
        case .monochrome: return .none
        }
    }

    /// When the picture changes, as a schedule capped at `maxFramesPerSecond`.
    public func schedule(for request: Request, maxFramesPerSecond: Int) throws(MediaError) -> PlaybackSchedule {
        let clip = try store.clip(at: request.path)
        return store.schedule(for: clip, motion: request.motion, maxFramesPerSecond: maxFramesPerSecond)
    }

    /// Which frame (or motion step of a still) is due `elapsed` seconds into the clip.
    public func frameIndex(for request: Request, elapsed: Double) throws(MediaError) -> Int {
        let clip = try store.clip(at: request.path)
        if clip.isAnimated {
            return PlaybackSchedule(delays: clip.delays).frameIndex(at: .nanoseconds(Int64(max(0, elapsed) * 1e9)))
        }
        guard request.motion.moves else { return 0 }
        let steps = stepsPerLoop
        return Int(max(0, elapsed) * Double(store.motionStepsPerSecond)) % steps
    }

    /// The stabilized raster shown `elapsed` seconds into the clip.
    public func raster(for request: Request, elapsed: Double) throws(MediaError) -> CellRaster {
        let clip = try store.clip(at: request.path)
        let index = try frameIndex(for: request, elapsed: elapsed)
        let count = clip.isAnimated ? clip.frames.count : (request.motion.moves ? stepsPerLoop : 1)
        if let cached = lock.withLock({ frames[request]?[index] }) { return cached }
        // Stabilize from the nearest earlier frame already known (frame 0 stands alone).
        var known = lock.withLock { frames[request] } ?? Array(repeating: nil, count: count)
        var start = index
        while start > 0, known[start - 1] == nil { start -= 1 }
        for i in start...index {
            let raw = try rawRaster(request, clip: clip, index: i)
            known[i] = i == 0 ? raw : ColorStability.stabilize(previous: known[i - 1], next: raw)
        }
        lock.withLock {
            if frames[request] == nil { order.append(request) }
            frames[request] = known
            while order.count > capacity { frames[order.removeFirst()] = nil }
        }
        return known[index]!
    }

    /// Decodes `request`'s clip and prepares its first frame on a background queue, so that
    /// scrolling to it costs only drawing: decoding a GIF on the key press was most of a scroll's
    /// time (docs/PERFORMANCE.md). Does nothing for a clip whose first frame is ready.
    public func prefetch(_ request: Request) {
        if lock.withLock({ frames[request]?.first.flatMap { $0 } != nil }) { return }
        prefetchQueue.async { [self] in
            _ = try? raster(for: request, elapsed: 0)
        }
    }

    private var stepsPerLoop: Int {
        Int(StillMotion.loopLength.components.seconds) * store.motionStepsPerSecond
    }

    private func rawRaster(_ request: Request, clip: MediaClip, index: Int) throws(MediaError) -> CellRaster {
        let start: Duration
        if clip.isAnimated {
            start = .nanoseconds(clip.delays.prefix(index).reduce(Int64(0)) { $0 + max($1.nanosecondCount, 1_000_000) })
        } else {
            // The middle of the step, so the store's own quantizing lands on the same step.
            start = .nanoseconds((Int64(index) * 2 + 1) * 1_000_000_000 / Int64(2 * store.motionStepsPerSecond))
        }
        return try store.raster(path: request.path, size: request.size, mode: request.mode,
                                background: request.background, motion: request.motion, elapsed: start)
    }
}

extension Duration {
    var nanosecondCount: Int64 {
        let c = components
        return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
    }
}
