import Foundation

/// How much faster than real time a demo marketplace moves orders along (placed → shipped →
/// out for delivery → delivered), so a stakeholder sees a delivery within a demo.
public enum MarketSpeed {
    /// A day of delivery passes in a minute.
    public static let standard: Double = 1440

    /// `REELSHOP_DEMO_SPEED` when it is a positive number, else `standard`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Double {
        guard let text = environment["REELSHOP_DEMO_SPEED"], let value = Double(text), value > 0, value.isFinite else {
            return standard
        }
        return value
    }
}
