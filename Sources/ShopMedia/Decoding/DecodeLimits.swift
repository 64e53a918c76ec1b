/// Bounds every decoder checks before allocating, so a hostile header cannot ask for gigabytes.
public struct DecodeLimits: Equatable, Sendable {
    public var maxWidth: Int
    public var maxHeight: Int
    public var maxFrames: Int
    /// Upper bound on the decoded RGBA bytes of all frames together.
    public var maxTotalBytes: Int

    public init(
        maxWidth: Int = 4096, maxHeight: Int = 4096, maxFrames: Int = 1000,
        maxTotalBytes: Int = 256 << 20
    ) {
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
            throw MediaError(
                file: file, kind: .tooLarge,
                detail: "\(what) is \(width)x\(height) pixels; the limit is \(maxWidth)x\(maxHeight)")
        }
    }
}
