/// One decoded picture of a clip and how long it stays on screen.
public struct MediaFrame: Equatable, Sendable {
    public var image: RGBAImage
    /// Time on screen. GIF delays of 0 are already replaced by 100 ms.
    public var delay: Duration

    public init(image: RGBAImage, delay: Duration) {
        self.image = image
        self.delay = delay
    }
}

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

/// Bounds every decoder checks before allocating, so a hostile header cannot ask for gigabytes.
public struct DecodeLimits: Equatable, Sendable {
    public var maxWidth: Int
    public var maxHeight: Int
    public var maxFrames: Int
    /// Upper bound on the decoded RGBA bytes of all frames together.
    public var maxTotalBytes: Int

    public init(maxWidth: Int = 4096, maxHeight: Int = 4096, maxFrames: Int = 1000,
                maxTotalBytes: Int = 256 << 20) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxFrames = maxFrames
        self.maxTotalBytes = maxTotalBytes
    }

    /// 4096x4096 pixels, 1000 frames, 256 MiB decoded.
    public static let standard = DecodeLimits()

    func checkSize(width: Int, height: Int, file: String, what: String = "image") throws(MediaError) {
        guard width > 0, height > 0 else {
            throw MediaError(file: file, kind: .damaged, detail: "\(what) has an empty size \(width)x\(height)")
        }
        guard width <= maxWidth, height <= maxHeight else {
            throw MediaError(file: file, kind: .tooLarge,
                             detail: "\(what) is \(width)x\(height) pixels; the limit is \(maxWidth)x\(maxHeight)")
        }
    }
}
