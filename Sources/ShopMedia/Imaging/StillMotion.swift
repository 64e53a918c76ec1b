import Foundation

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
