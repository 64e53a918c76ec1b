import Foundation

/// An order the marketplace accepted.
public struct PlacedOrder: Codable, Sendable, Hashable {
    /// The marketplace's order number, e.g. "RS-114-7730291".
    public var orderID: String
    public var marketplaceID: String
    public var idempotencyKey: String
    public var placedAt: Date
    /// The figures charged (lines, ship-to, totals, delivery estimate).
    public var quote: Quote
    public var paymentMethod: PaymentMethod

    public init(orderID: String, marketplaceID: String, idempotencyKey: String, placedAt: Date, quote: Quote, paymentMethod: PaymentMethod) {
        self.orderID = orderID
        self.marketplaceID = marketplaceID
        self.idempotencyKey = idempotencyKey
        self.placedAt = placedAt
        self.quote = quote
        self.paymentMethod = paymentMethod
    }
}
