import Foundation

/// An order Reelshop is about to ask a marketplace for, written down (in checkout-journal.json)
/// before the marketplace is called, so a process that dies at any later moment leaves enough
/// behind for the next one to find out what happened: the key the marketplace deduplicates on,
/// the lines, and whether they came from the cart. Holds nothing secret.
public struct CheckoutIntent: Codable, Sendable, Hashable {
    public enum Source: String, Codable, Sendable {
        /// A cart checkout: once the order is confirmed its lines leave the cart.
        case cart
        /// Buy now: the cart is not touched.
        case buyNow
    }

    /// Sent as the marketplace's idempotency key: the same key is always the same order.
    public var idempotencyKey: String
    /// The checkout attempt the intent belongs to (one attempt, one intent per marketplace).
    public var attemptID: String
    public var marketplaceID: String
    public var marketplaceName: String
    public var source: Source
    public var lines: [OrderLine]
    public var shipTo: ShippingAddress
    public var voucherCode: String?
    /// The total the buyer confirmed; a retry is refused by the marketplace if it moved.
    public var expectedTotal: Money?
    /// The quote whose stock hold the order uses (nil in journals written before holds).
    public var quoteID: String?
    public var createdAt: Date

    public init(
        idempotencyKey: String, attemptID: String, marketplaceID: String, marketplaceName: String, source: Source,
        lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, expectedTotal: Money?, quoteID: String? = nil, createdAt: Date
    ) {
        self.quoteID = quoteID
        self.idempotencyKey = idempotencyKey
        self.attemptID = attemptID
        self.marketplaceID = marketplaceID
        self.marketplaceName = marketplaceName
        self.source = source
        self.lines = lines
        self.shipTo = shipTo
        self.voucherCode = voucherCode
        self.expectedTotal = expectedTotal
        self.createdAt = createdAt
    }

    /// Exactly what was (or will be) sent to the marketplace.
    public var request: PlaceOrderRequest {
        PlaceOrderRequest(
            lines: lines, shipTo: shipTo, voucherCode: voucherCode, idempotencyKey: idempotencyKey, expectedTotal: expectedTotal,
            quoteID: quoteID)
    }

    /// "2 items, $119.98 at Riverstone Market" for messages.
    public var summary: String {
        let units = lines.reduce(0) { $0 + $1.quantity }
        let total = expectedTotal.map { ", \($0)" } ?? ""
        return "\(units == 1 ? "1 item" : "\(units) items")\(total) at \(marketplaceName)"
    }
}
