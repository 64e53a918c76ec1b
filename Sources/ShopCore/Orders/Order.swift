import Foundation

/// An order as Reelshop remembers it in orders.json: what was bought where, for how much, and
/// how far it has got. Holds nothing secret.
public struct Order: Codable, Sendable, Hashable, Identifiable {
    /// The marketplace's order number.
    public var id: String
    public var marketplaceID: String
    public var marketplaceName: String
    public var placedAt: Date
    public var lines: [OrderLine]
    public var shipTo: ShippingAddress
    public var payWith: PaymentMethod
    public var subtotal: Money
    public var discount: Money
    public var shipping: Money
    public var tax: Money
    public var total: Money
    public var deliveryEstimate: Date
    public var voucher: AppliedVoucher?
    public var idempotencyKey: String
    /// The last status the marketplace reported, and the steps so far.
    public var status: OrderStatus
    public var timeline: [TrackingEvent]
    public var statusCheckedAt: Date

    public init(placed: PlacedOrder, marketplaceName: String) {
        id = placed.orderID
        marketplaceID = placed.marketplaceID
        self.marketplaceName = marketplaceName
        placedAt = placed.placedAt
        lines = placed.quote.lines
        shipTo = placed.quote.shipTo
        payWith = placed.paymentMethod
        subtotal = placed.quote.subtotal
        discount = placed.quote.discount
        shipping = placed.quote.shipping
        tax = placed.quote.tax
        total = placed.quote.total
        deliveryEstimate = placed.quote.deliveryEstimate
        voucher = placed.quote.voucher
        idempotencyKey = placed.idempotencyKey
        status = .placed
        timeline = [TrackingEvent(status: .placed, at: placed.placedAt, note: "Order placed")]
        statusCheckedAt = placed.placedAt
    }

    /// Units over all lines.
    public var itemCount: Int { lines.reduce(0) { $0 + $1.quantity } }

    /// Takes a status report, never moving backwards.
    public mutating func apply(_ report: OrderStatusReport, at date: Date) {
        statusCheckedAt = date
        guard report.status >= status else { return }
        status = report.status
        timeline = report.events
        deliveryEstimate = report.deliveryEstimate
    }
}
