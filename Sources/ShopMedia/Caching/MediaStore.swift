import Foundation

/// Decoded clips by path plus a `RasterCache`: what the UI asks for "the picture of this post at
/// this time", with decoding and rasterizing each done once. Safe to share between threads.
public final class MediaStore: @unchecked Sendable {
    private let lock = NSLock()
    private var clips: [String: Result<MediaClip, MediaError>] = [:]
    private var order: [String] = []
    public let rasters: RasterCache
    public let limits: DecodeLimits
    /// Most decoded clips kept (they are the large part: full-size RGBA frames).
    public let clipCapacity: Int
    /// Motion steps per second for stills (also the redraw cap the UI should use for them).
    public let motionStepsPerSecond: Int

    public init(clipCapacity: Int = 16, rasterCapacity: Int = 1024, limits: DecodeLimits = .standard,
                motionStepsPerSecond: Int = 12) {
        self.clipCapacity = max(1, clipCapacity)
        self.rasters = RasterCache(capacity: rasterCapacity)
        self.limits = limits
        self.motionStepsPerSecond = max(1, motionStepsPerSecond)
    }

    /// The decoded clip at `path` (decoded on first use; failures are remembered too).
    public func clip(at path: String) throws(MediaError) -> MediaClip {
        if let cached = lock.withLock({ clips[path] }) { return try cached.get() }
        let result: Result<MediaClip, MediaError>
        do throws(MediaError) {
            result = .success(try MediaDecoder.load(path: path, limits: limits))
        } catch {
            result = .failure(error)
        }
        lock.withLock {
            if clips[path] == nil { order.append(path) }
            clips[path] = result
            while order.count > clipCapacity {
                clips[order.removeFirst()] = nil
            }
        }
        return try result.get()
    }

    /// The schedule to play `clip` with: its frame delays, or a still's motion loop.
    public func schedule(for clip: MediaClip, motion: StillMotion, maxFramesPerSecond: Int? = nil) -> PlaybackSchedule {
        if clip.isAnimated {
            return PlaybackSchedule(delays: clip.delays, maxFramesPerSecond: maxFramesPerSecond)
        }
        return .still(motion: motion, maxFramesPerSecond: min(maxFramesPerSecond ?? motionStepsPerSecond, motionStepsPerSecond))
    }

    /// The raster of the picture at `path`, `elapsed` after it started playing: the due frame of
    /// an animation, or the still with `motion` applied (quantized to motion steps, so cached).
    public func raster(path: String, size: CellSize, mode: ColorMode, background: RGB,
                       motion: StillMotion = .none, elapsed: Duration) throws(MediaError) -> CellRaster {
        let clip = try clip(at: path)
        if clip.isAnimated {
            let frame = PlaybackSchedule(delays: clip.delays).frameIndex(at: elapsed)
            let key = RasterCache.Key(media: path, size: size, mode: mode, background: background, frame: frame)
            return rasters.raster(for: key) {
                MediaRenderer.render(clip, frame: frame, into: size, mode: mode, background: background)
            }
        }
        let stepsPerLoop = Int(StillMotion.loopLength.nanoseconds / 1_000_000_000) * motionStepsPerSecond
        let step = motion.moves
            ? Int((max(0, elapsed.nanoseconds) * Int64(motionStepsPerSecond) / 1_000_000_000) % Int64(stepsPerLoop))
            : 0
        let key = RasterCache.Key(media: path, size: size, mode: mode, background: background, frame: 0, motionStep: step)
        return rasters.raster(for: key) {
            let t = Duration.nanoseconds(Int64(step) * 1_000_000_000 / Int64(motionStepsPerSecond))
            return MediaRenderer.render(clip, frame: 0, into: size, mode: mode, background: background,
                                        motion: motion.transform(at: t))
        }
    }
}
