/// A decoded still (one frame) or animation (several frames), all frames the same size.
public struct MediaClip: Equatable, Sendable {
    /// The file name or label it was decoded from (used in errors and cache keys).
    public var source: String
    public var width: Int
    public var height: Int
    public var frames: [MediaFrame]

    public init(source: String, width: Int, height: Int, frames: [MediaFrame]) {
        self.source = source
        self.width = width
        self.height = height
        self.frames = frames
    }

    /// True when there is more than one frame (a still gets `StillMotion` instead).
    public var isAnimated: Bool { frames.count > 1 }

    /// Frame delays in order, for `PlaybackSchedule`.
    public var delays: [Duration] { frames.map(\.delay) }
}
