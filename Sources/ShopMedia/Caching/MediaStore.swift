import Foundation

/// Decoded clips by path plus a `RasterCache`: what the UI asks for "the picture of this post at
/// this time", with decoding and rasterizing each done once. Safe to share between threads.
///
/// Memory is bounded by bytes, not by a count of clips: a clip asked for a box of cells is
/// decoded to about that box (`PixelSize.decodeBound(for:)`, each frame scaled down as it is
/// decoded) unless all its full-size frames fit in `fullSizeAllowance`, and the decoded clips are
/// kept within `clipByteBudget`, least recently used out first. One decode runs at a time, so
/// only one full-size canvas exists while decoding.
public final class MediaStore: @unchecked Sendable {
    /// A file decoded for one bound (nil: full size).
    private struct ClipKey: Hashable, Sendable {
        var path: String
        var bound: PixelSize?
    }

    private let clips: LRUByteCache<ClipKey, Result<MediaClip, MediaError>>
    /// What each file asked about says of its frames, read without decoding it (`isAnimated(at:)`,
    /// `schedule(at:)`).
    private let fileRecords = LRUByteCache<String, FileRecords>(byteBudget: 1 << 20, maxCount: 4096)
    private struct FileRecords: Sendable {
        /// More than one frame (`GIFDecoder.hasSeveralFrames`).
        var animated: Bool
        /// Every frame's delay, when all the records could be read (`GIFDecoder.frameDelays`).
        var delays: [Duration]?
    }
    /// Decodes one at a time: a decoder holds a full-size canvas (64 MiB for 4096x4096) while it
    /// works, and the prefetch and the screen asking for the same clip must not decode it twice.
    private let decoding = NSLock()
    public let rasters: RasterCache
    public let limits: DecodeLimits
    /// Most bytes of decoded frames kept.
    public let clipByteBudget: Int
    /// Most decoded clips kept, whatever their bytes: what is on or near the screen (the post
    /// shown, the two it slides to, the product sheet's picture) and a few just left. Scrolling the
    /// whole bundled feed kept all 44 (19 MiB at 80x24) before this bound (issue 15).
    public let clipCountLimit: Int
    /// The default `clipCountLimit`.
    public static let nearTheScreen = 8
    /// A clip decoded for a box is kept at full size when its frames take no more than this.
    /// Nothing by default: the store keeps a clip for as long as it is on or near the screen, and a
    /// 540x960 still is 2 MiB at full size against 30 KiB at its 80x24 box's bound (issue 15: the
    /// bundled feed scrolled once kept 105 MiB). `MediaDecoder`'s own 8 MiB default is for one-off
    /// decodes.
    public let fullSizeAllowance: Int
    /// Motion steps per second for stills (also the redraw cap the UI should use for them).
    public let motionStepsPerSecond: Int

    public init(
        clipByteBudget: Int = 64 << 20, clipCountLimit: Int = MediaStore.nearTheScreen, fullSizeAllowance: Int = 0,
        rasterCapacity: Int = 1024, rasterByteBudget: Int = 16 << 20,
        limits: DecodeLimits = .standard, motionStepsPerSecond: Int = 12
    ) {
        self.clipByteBudget = max(0, clipByteBudget)
        self.fullSizeAllowance = fullSizeAllowance
        self.clipCountLimit = max(1, clipCountLimit)
        self.clips = LRUByteCache(byteBudget: self.clipByteBudget, maxCount: self.clipCountLimit)
        self.rasters = RasterCache(capacity: rasterCapacity, byteBudget: rasterByteBudget)
        self.limits = limits
        self.motionStepsPerSecond = max(1, motionStepsPerSecond)
    }

    /// Bytes of decoded frames kept now.
    public var clipBytes: Int { clips.totalCost }
    /// Decoded clips kept now.
    public var clipCount: Int { clips.count }

    /// Whether the clip at `path` is decoded for `box` and kept (its failure counts too), without
    /// counting as a use.
    public func hasClip(at path: String, fitting box: CellSize? = nil) -> Bool {
        clips.contains(ClipKey(path: path, bound: box.map(PixelSize.decodeBound(for:))))
    }

    /// Whether the file at `path` has frames of its own (an animated GIF): the decoded clip's
    /// answer when one is kept, else the file's records read without decoding (kept per path).
    /// What the feed asks before a clip's whole decode (a sixel first picture waited 90 ms for it).
    public func isAnimated(at path: String, fitting box: CellSize? = nil) -> Bool {
        let key = ClipKey(path: path, bound: box.map(PixelSize.decodeBound(for:)))
        if let decoded = clips.peek(key) { return (try? decoded.get())?.isAnimated ?? false }
        return records(at: path).animated
    }

    private func records(at path: String) -> FileRecords {
        if let known = fileRecords.value(for: path) { return known }
        let animated = MediaDecoder.isAnimated(path: path)
        let records = FileRecords(animated: animated, delays: animated ? MediaDecoder.frameDelays(path: path) : nil)
        fileRecords.store(records, for: path, cost: path.utf8.count + 16 + 16 * (records.delays?.count ?? 0))
        return records
    }

    /// The schedule of the clip at `path` in a box of `box` cells: the decoded clip's when one is
    /// kept, else, for an animated GIF, its delays read from the records — so asking when the next
    /// frame is due (the run loop's wake, the frame a sixel box shows) never decodes a clip (in the
    /// pixel modes the cell-box clip was decoded on the run loop for its delays alone, about 90
    /// ms after the first screen). A still, or a GIF whose records cannot all be read, is decoded
    /// (it decides what plays).
    public func schedule(
        at path: String, fitting box: CellSize, motion: StillMotion, maxFramesPerSecond: Int? = nil
    ) throws(MediaError) -> PlaybackSchedule {
        let key = ClipKey(path: path, bound: PixelSize.decodeBound(for: box))
        if let decoded = clips.peek(key) { return schedule(for: try decoded.get(), motion: motion, maxFramesPerSecond: maxFramesPerSecond) }
        let known = records(at: path)
        if known.animated, let delays = known.delays, delays.count > 1 {
            return PlaybackSchedule(delays: delays, maxFramesPerSecond: maxFramesPerSecond)
        }
        return schedule(for: try clip(at: path, fitting: box), motion: motion, maxFramesPerSecond: maxFramesPerSecond)
    }

    /// The decoded clip at `path` (decoded on first use; failures are remembered too). With
    /// `box`, decoded for a box of that many cells: frames no larger than
    /// `PixelSize.decodeBound(for: box)`; without, at the file's full size.
    public func clip(at path: String, fitting box: CellSize? = nil) throws(MediaError) -> MediaClip {
        let key = ClipKey(path: path, bound: box.map(PixelSize.decodeBound(for:)))
        if let cached = clips.value(for: key) { return try cached.get() }
        let result: Result<MediaClip, MediaError> = decoding.withLock {
            // Another thread may have decoded it while this one waited.
            if let cached = clips.value(for: key) { return cached }
            let result: Result<MediaClip, MediaError>
            do throws(MediaError) {
                result = .success(
                    try MediaDecoder.load(
                        path: path, limits: limits, fitting: key.bound,
                        keepingFullSizeUpTo: fullSizeAllowance))
            } catch {
                result = .failure(error)
            }
            clips.store(result, for: key, cost: (try? result.get())?.byteCount ?? 256)
            return result
        }
        return try result.get()
    }

    /// The raster `raster(path:size:mode:background:motion:elapsed: .zero)` gives, for a
    /// `motion` that starts where the picture is (`motion.transform(at: .zero)` is the
    /// identity), without decoding the clip's other frames when it is not decoded yet: a
    /// 30-frame 540x960 GIF took about 100 ms to decode whole, most of the storefront's start-up
    /// before its first frame. Its first frame is drawn the same whether the clip plays or holds
    /// still; nothing is kept but what the caller keeps. A file that cannot be decoded goes the
    /// full way, which gives (and remembers) its error.
    public func firstRaster(path: String, size: CellSize, mode: ColorMode, background: RGB, motion: StillMotion = .none) throws(MediaError) -> CellRaster {
        let bound = PixelSize.decodeBound(for: size)
        guard fullSizeAllowance == 0, motion.transform(at: .zero) == .identity, !hasClip(at: path, fitting: size),
            let first = try? MediaDecoder.load(path: path, limits: limits, fitting: bound, keepingFullSizeUpTo: 0, firstFrameOnly: true)
        else {
            return try raster(path: path, size: size, mode: mode, background: background, motion: motion, elapsed: .zero)
        }
        return MediaRenderer.render(first, frame: 0, into: size, mode: mode, background: background)
    }

    /// The schedule to play `clip` with: its frame delays, or a still's motion loop.
    public func schedule(for clip: MediaClip, motion: StillMotion, maxFramesPerSecond: Int? = nil) -> PlaybackSchedule {
        if clip.isAnimated {
            return PlaybackSchedule(delays: clip.delays, maxFramesPerSecond: maxFramesPerSecond)
        }
        return .still(motion: motion, maxFramesPerSecond: min(maxFramesPerSecond ?? motionStepsPerSecond, motionStepsPerSecond))
    }

    /// The raster of the picture at `path` in a box of `size` cells, `elapsed` after it started
    /// playing: the due frame of an animation, or the still with `motion` applied (quantized to
    /// motion steps, so cached). The clip is decoded for the box.
    public func raster(
        path: String, size: CellSize, mode: ColorMode, background: RGB,
        motion: StillMotion = .none, elapsed: Duration
    ) throws(MediaError) -> CellRaster {
        let clip = try clip(at: path, fitting: size)
        if clip.isAnimated {
            let frame = PlaybackSchedule(delays: clip.delays).frameIndex(at: elapsed)
            let key = RasterCache.Key(media: path, size: size, mode: mode, background: background, frame: frame)
            return rasters.raster(for: key) {
                MediaRenderer.render(clip, frame: frame, into: size, mode: mode, background: background)
            }
        }
        let stepsPerLoop = Int(StillMotion.loopLength.nanoseconds / 1_000_000_000) * motionStepsPerSecond
        let step =
            motion.moves
            ? Int((max(0, elapsed.nanoseconds) * Int64(motionStepsPerSecond) / 1_000_000_000) % Int64(stepsPerLoop))
            : 0
        let key = RasterCache.Key(media: path, size: size, mode: mode, background: background, frame: 0, motionStep: step)
        return rasters.raster(for: key) {
            let t = Duration.nanoseconds(Int64(step) * 1_000_000_000 / Int64(motionStepsPerSecond))
            return MediaRenderer.render(
                clip, frame: 0, into: size, mode: mode, background: background,
                motion: motion.transform(at: t))
        }
    }
}
