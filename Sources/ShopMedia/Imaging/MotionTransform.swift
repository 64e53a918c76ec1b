/// Which part of a picture to show and where: the output of `StillMotion` for one instant.
public struct MotionTransform: Equatable, Sendable {
    /// The part of the source to show, in fractions of its width and height.
    public var crop: CropRect
    /// Moves the fitted picture by this fraction of the box width / height.
    public var shiftX: Double
    public var shiftY: Double

    public init(crop: CropRect = .full, shiftX: Double = 0, shiftY: Double = 0) {
        self.crop = crop
        self.shiftX = shiftX
        self.shiftY = shiftY
    }

    /// The whole picture, unmoved.
    public static let identity = MotionTransform()
}
