/// A paid membership that ships faster (Riverstone Plus).
public struct Membership: Codable, Sendable, Hashable {
    public var name: String
    /// Days to deliver for members, instead of the marketplace's usual promise.
    public var deliveryDays: Int
    public var freeShipping: Bool

    public init(name: String, deliveryDays: Int, freeShipping: Bool) {
        self.name = name
        self.deliveryDays = deliveryDays
        self.freeShipping = freeShipping
    }
}
