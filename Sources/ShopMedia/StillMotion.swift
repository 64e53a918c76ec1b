import Foundation

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

/// A rectangle in fractions (0...1) of a picture's width and height.
public struct CropRect: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public static let full = CropRect(x: 0, y: 0, width: 1, height: 1)

    /// The same rectangle moved and shrunk to lie inside 0...1.
    public func clamped() -> CropRect {
        let w = min(max(width, 0.01), 1), h = min(max(height, 0.01), 1)
        return CropRect(x: min(max(x, 0), 1 - w), y: min(max(y, 0), 1 - h), width: w, height: h)
    }
}

/// Gentle movement that makes a still picture feel like a clip; chosen per post in the catalog.
///
/// Every case is a pure function of the time since the post appeared, looping every
/// `loopLength` seconds, so two renders at the same time are identical (tests, cache keys).
public enum StillMotion: String, Codable, CaseIterable, Sendable {
    /// Ken Burns: zoom in to 115 % towards the upper centre and back out.
    case zoom
    /// Zoomed to 115 %, the view drifts left to right and back.
    case pan
    /// The whole picture bobs up and down by 3 % of the box height.
    case float
    /// Stays still.
    case none

    /// Length of one loop of every motion.
    public static let loopLength: Duration = .seconds(6)

    /// Where the motion is at `time` since the start.
    public func transform(at time: Duration) -> MotionTransform {
        let loop = Self.loopLength.seconds
        var phase = time.seconds.truncatingRemainder(dividingBy: loop) / loop
        if phase < 0 { phase += 1 }
        // Smooth 0 → 1 → 0 over the loop, with zero speed at both ends.
        let wave = (1 - cos(2 * Double.pi * phase)) / 2
        switch self {
        case .zoom:
            let size = 1 / (1 + 0.15 * wave)
            return MotionTransform(crop: CropRect(x: (1 - size) / 2, y: (1 - size) * 0.35, width: size, height: size))
        case .pan:
            let size = 1 / 1.15
            return MotionTransform(crop: CropRect(x: (1 - size) * wave, y: (1 - size) / 2, width: size, height: size))
        case .float:
            return MotionTransform(crop: .full, shiftY: -0.03 * sin(2 * Double.pi * phase))
        case .none:
            return .identity
        }
    }

    /// True when the picture changes over time and needs redraws.
    public var moves: Bool { self != .none }
}

extension Duration {
    /// This duration in (fractional) seconds.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }

    /// Whole nanoseconds, for exact integer scheduling arithmetic.
    var nanoseconds: Int64 {
        let c = components
        return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
    }
}
