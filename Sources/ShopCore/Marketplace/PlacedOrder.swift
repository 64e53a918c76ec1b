import Foundation

/// Everything a marketplace needs to place one order.
public struct PlaceOrderRequest: Sendable, Hashable {
    public var lines: [OrderLine]
    public var shipTo: ShippingAddress
    public var voucherCode: String?
    /// The same key always yields the same order: a retried or double-pressed confirmation
    /// never places a second one.
    public var idempotencyKey: String
    /// The total the buyer confirmed; a marketplace refuses when its own total differs.
    public var expectedTotal: Money?

    public init(lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String? = nil, idempotencyKey: String, expectedTotal: Money? = nil) {
        self.lines = lines
        self.shipTo = shipTo
        self.voucherCode = voucherCode
        self.idempotencyKey = idempotencyKey
        self.expectedTotal = expectedTotal
    }
}

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
