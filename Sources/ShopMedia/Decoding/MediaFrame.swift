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
