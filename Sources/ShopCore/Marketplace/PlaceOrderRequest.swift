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
    /// The quote whose stock hold this order uses (`Quote.quoteID`), when there is one.
    public var quoteID: String?

    public init(
        lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String? = nil, idempotencyKey: String, expectedTotal: Money? = nil,
        quoteID: String? = nil
    ) {
        self.quoteID = quoteID
        self.lines = lines
        self.shipTo = shipTo
        self.voucherCode = voucherCode
        self.idempotencyKey = idempotencyKey
        self.expectedTotal = expectedTotal
    }
}
