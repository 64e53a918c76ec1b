import Foundation
import ShopCore
import ShopMedia
import Synchronization

/// The clips the feed shows, decoded for their box and rasterized once per (file, box, colour
/// mode) and kept: a `MediaStore` for the decoded clips and raw rasters plus the frames after
/// `ColorStability` (each frame stabilized against the one before it), so consecutive frames
/// differ in as few cells as possible and the view stays a pure function of the state (the same
/// time gives the same cells).
///
/// The stabilized frames are kept one by one within `byteBudget`, least recently used out first.
/// A frame that was let go is made again from the nearest earlier frame still kept (or frame 0,
/// which stands alone), which gives the same cells as before.
public final class ClipLibrary: @unchecked Sendable {
    public let store: MediaStore
    private let frames: LRUByteCache<FrameKey, CellRaster>
    /// Most bytes of stabilized frames kept.
    public var byteBudget: Int { frames.byteBudget }
    /// One clip at a time, behind the storefront's own drawing (a thread at nice 19).
    let prefetcher = BackgroundWorker<Request>(name: "reelshop.clip-prefetch")
    private let decodesAside = Atomic<Bool>(false)

    /// Whether a clip asked for past its first frame before it is decoded shows its first frame
    /// while the prefetch thread decodes it, rather than being decoded by the caller. The
    /// interactive storefront sets it: otherwise its run loop decoded the whole clip at its second
    /// frame (30 frames of 540x960 for the hero clip), and a key pressed then waited for that.
    /// Off by default: tests, `media render` and the serve zygote (which must not start a thread)
    /// want the frame due.
    public var decodesInTheBackground: Bool {
        get { decodesAside.load(ordering: .relaxed) }
        set { decodesAside.store(newValue, ordering: .relaxed) }
    }

    public init(store: MediaStore = MediaStore(), byteBudget: Int = 32 << 20) {
        self.store = store
        self.frames = LRUByteCache(byteBudget: byteBudget)
    }

    /// Bytes of stabilized frames kept now.
    public var frameBytes: Int { frames.totalCost }

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

    /// One frame (or motion step) of one request.
    private struct FrameKey: Hashable, Sendable {
        var request: Request
        var index: Int
    }

    /// The request for `post` in a box of `size` cells on a terminal with `capability`.
    public static func request(for post: Post, catalog: Catalog, size: CellSize, capability: ColorCapability) -> Request {
        Request(
            path: catalog.mediaURL(post.media).path, size: size, mode: colorMode(for: capability),
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
        try store.schedule(at: request.path, fitting: request.size, motion: request.motion, maxFramesPerSecond: maxFramesPerSecond)
    }

    /// Whether the clip has frames of its own (a GIF), not a still that only moves by its motion.
    /// Asked without decoding the clip (`MediaStore.isAnimated(at:)`).
    public func isAnimated(_ request: Request) -> Bool {
        store.isAnimated(at: request.path, fitting: request.size)
    }

    /// Which frame (or motion step of a still) is due `elapsed` seconds into the clip.
    public func frameIndex(for request: Request, elapsed: Double) throws(MediaError) -> Int {
        // An animated clip's frame due comes from its delays (read from the file when it is not
        // decoded: the pixel modes never decode the cell-box clip for this).
        if isAnimated(request) {
            let schedule = try store.schedule(at: request.path, fitting: request.size, motion: request.motion)
            return schedule.frameIndex(at: .nanoseconds(Int64(max(0, elapsed) * 1e9)))
        }
        let clip = try store.clip(at: request.path, fitting: request.size)
        if clip.isAnimated {
            return PlaybackSchedule(delays: clip.delays).frameIndex(at: .nanoseconds(Int64(max(0, elapsed) * 1e9)))
        }
        guard request.motion.moves else { return 0 }
        let steps = stepsPerLoop
        return Int(max(0, elapsed) * Double(store.motionStepsPerSecond)) % steps
    }

    /// No clip changes its picture in its first 10 ms: a GIF frame lasts at least 10 ms (its
    /// delay is in hundredths of a second; 0 counts as 100 ms) and a still's motion steps are
    /// 1/12 s. So the first frame is known without the clip's other frames.
    public static let firstFrameWindow = 0.01

    /// Whether only the clip's first frame is needed `elapsed` seconds in: within
    /// `firstFrameWindow` of a clip not decoded yet (the first screen). Asking then for the frame
    /// due, the schedule or the progress would decode the whole clip before that screen is drawn.
    public func needsOnlyItsFirstFrame(_ request: Request, elapsed: Double) -> Bool {
        elapsed < Self.firstFrameWindow && !isDecoded(request)
    }

    /// Decodes the request's whole clip for its box (nothing when it is decoded): `raster` at 0
    /// would settle for its first frame.
    public func decode(_ request: Request) {
        _ = try? store.clip(at: request.path, fitting: request.size)
    }

    /// Whether the clip is decoded (and kept) for its box: then everything about it is quick.
    public func isDecoded(_ request: Request) -> Bool {
        store.hasClip(at: request.path, fitting: request.size)
    }

    /// The stabilized raster shown `elapsed` seconds into the clip. Within `firstFrameWindow` of
    /// a clip not decoded yet, only its first frame is decoded (`MediaStore.firstRaster`): the
    /// same cells, without the other frames' decode before the storefront's first screen. Past
    /// it, with `decodesInTheBackground`, a clip not decoded yet still shows that first frame
    /// and is handed to the prefetch thread.
    public func raster(for request: Request, elapsed: Double) throws(MediaError) -> CellRaster {
        let aside = decodesInTheBackground && elapsed >= Self.firstFrameWindow && !isDecoded(request)
        if aside { prefetch(request) }
        if aside || needsOnlyItsFirstFrame(request, elapsed: elapsed) {
            let key = FrameKey(request: request, index: 0)
            if let cached = frames.value(for: key) { return cached }
            let first = try store.firstRaster(
                path: request.path, size: request.size, mode: request.mode, background: request.background, motion: request.motion)
            frames.store(first, for: key, cost: first.byteCount)
            return first
        }
        let clip = try store.clip(at: request.path, fitting: request.size)
        let index = try frameIndex(for: request, elapsed: elapsed)
        if let cached = frames.value(for: FrameKey(request: request, index: index)) { return cached }
        // Stabilize from the nearest earlier frame already known (frame 0 stands alone).
        var start = index
        var previous: CellRaster?
        while start > 0 {
            if let known = frames.peek(FrameKey(request: request, index: start - 1)) {
                previous = known
                break
            }
            start -= 1
        }
        var current = CellRaster(width: 0, height: 0)
        for i in start...index {
            let raw = try rawRaster(request, clip: clip, index: i)
            current = i == 0 ? raw : ColorStability.stabilize(previous: previous, next: raw)
            frames.store(current, for: FrameKey(request: request, index: i), cost: current.byteCount)
            previous = current
        }
        return current
    }

    /// Decodes `request`'s clip and prepares its first frame on a background queue, so that
    /// scrolling to it costs only drawing: decoding a GIF on the key press was most of a scroll's
    /// time (docs/PERFORMANCE.md). Does nothing for a clip that is decoded and whose first frame
    /// is ready; a first frame that outlived its decoded clip (the store keeps only the clips near
    /// the screen) is not enough, since the next frame would decode it on the key press.
    public func prefetch(_ request: Request) {
        if frames.contains(FrameKey(request: request, index: 0)), isDecoded(request) { return }
        prefetcher.submit(request) { [self] in
            decode(request)
            _ = try? raster(for: request, elapsed: 0)
        }
    }

    /// Returns when the prefetches asked for so far are done (tests).
    func waitForPrefetches() { prefetcher.waitUntilIdle() }

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
        return try store.raster(
            path: request.path, size: request.size, mode: request.mode,
            background: request.background, motion: request.motion, elapsed: start)
    }
}

extension Duration {
    var nanosecondCount: Int64 {
        let c = components
        return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
    }
}
