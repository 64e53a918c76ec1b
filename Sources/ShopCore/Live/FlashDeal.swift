import Foundation

/// A time-boxed deal in a LIVE stream: a lower price for a limited number of units.
public struct FlashDeal: Sendable, Hashable, Codable {
    public var productID: String
    public var dealPrice: Money
    /// Seconds after the stream starts when the deal opens.
    public var startOffset: Double
    public var duration: Double
    public var totalUnits: Int
    public var perBuyerLimit: Int

    public init(productID: String, dealPrice: Money, startOffset: Double, duration: Double, totalUnits: Int, perBuyerLimit: Int) {
        self.productID = productID
        self.dealPrice = dealPrice
        self.startOffset = startOffset
        self.duration = duration
        self.totalUnits = totalUnits
        self.perBuyerLimit = perBuyerLimit
    }

    /// Where the deal stands at `elapsed` seconds into the stream with `sold` units gone.
    public enum Status: Sendable, Equatable {
        case upcoming(startsIn: Int)
        case active(secondsLeft: Int, unitsLeft: Int)
        case soldOut
        case ended
    }

    public func status(at elapsed: Double, sold: Int) -> Status {
        if elapsed < startOffset { return .upcoming(startsIn: Int((startOffset - elapsed).rounded(.up))) }
        if elapsed >= startOffset + duration { return .ended }
        if sold >= totalUnits { return .soldOut }
        return .active(secondsLeft: Int((startOffset + duration - elapsed).rounded(.up)), unitsLeft: totalUnits - sold)
    }

    /// Units other viewers have taken `elapsed` seconds into the stream: a steady pace that
    /// empties the deal just before its end (so "sold out" is seen, and a buyer must be quick).
    public func claimedByOthers(at elapsed: Double) -> Int {
        guard elapsed > startOffset else { return 0 }
        let progress = min(1, (elapsed - startOffset) / (duration * 0.9))
        return min(totalUnits, Int(Double(totalUnits) * progress))
    }

    /// "04:59" for a countdown.
    public static func countdown(_ seconds: Int) -> String {
        String(format: "%02d:%02d", max(0, seconds) / 60, max(0, seconds) % 60)
    }

    /// Why `quantity` more units cannot be had at the deal price, or nil when they can.
    /// `sold` counts every buyer's units, `boughtByThisBuyer` this buyer's (cart + orders).
    public func refusal(quantity: Int, at elapsed: Double, sold: Int, boughtByThisBuyer: Int) -> String? {
        switch status(at: elapsed, sold: sold) {
        case .upcoming(let startsIn): return "The flash deal starts in \(FlashDeal.countdown(startsIn))."
        case .ended: return "The flash deal has ended."
        case .soldOut: return "The flash deal is sold out."
        case .active(_, let unitsLeft):
            if boughtByThisBuyer + quantity > perBuyerLimit {
                let left = max(0, perBuyerLimit - boughtByThisBuyer)
                return left == 0
                    ? "You already have the limit of \(perBuyerLimit) at the deal price."
                    : "Only \(left) more at the deal price (limit \(perBuyerLimit) per buyer)."
            }
            if quantity > unitsLeft { return "Only \(unitsLeft) left at the deal price." }
            return nil
        }
    }
}
