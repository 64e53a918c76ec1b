/// A decoded still (one frame) or animation (several frames), all frames the same size.
///
/// Decoded for a box (`MediaDecoder`'s `fitting`), the frames are smaller than the file's
/// picture; `originalWidth` x `originalHeight` keeps the file's own size, whose aspect ratio
/// places the picture in a box exactly as a full-size decode would.
public struct MediaClip: Equatable, Sendable {
    /// The file name or label it was decoded from (used in errors and cache keys).
    public var source: String
    /// The size of the frames kept.
    public var width: Int
    public var height: Int
    /// The size of the picture in the file.
    public var originalWidth: Int
    public var originalHeight: Int
    public var frames: [MediaFrame]

    public init(source: String, width: Int, height: Int, frames: [MediaFrame]) {
        self.init(source: source, width: width, height: height, originalWidth: width, originalHeight: height, frames: frames)
    }

    public init(source: String, width: Int, height: Int, originalWidth: Int, originalHeight: Int, frames: [MediaFrame]) {
        self.source = source
        self.width = width
        self.height = height
        self.originalWidth = originalWidth
        self.originalHeight = originalHeight
        self.frames = frames
    }

    /// Bytes the frames' pixels take (what a cache of clips counts).
    public var byteCount: Int { frames.reduce(0) { $0 + $1.image.pixels.count } + 256 + frames.count * 64 }

    /// True when there is more than one frame (a still gets `StillMotion` instead).
    public var isAnimated: Bool { frames.count > 1 }

    /// Frame delays in order, for `PlaybackSchedule`.
    public var delays: [Duration] { frames.map(\.delay) }
}
