import Foundation

/// What a marketplace would charge to send these lines to this address, and when they would arrive.
public struct Quote: Codable, Sendable, Hashable {
    public var marketplaceID: String
    public var lines: [OrderLine]
    public var shipTo: ShippingAddress
    public var subtotal: Money
    /// Taken off by a voucher; zero without one. Never negative.
    public var discount: Money
    public var shipping: Money
    public var tax: Money
    /// subtotal − discount + shipping + tax.
    public var total: Money
    public var deliveryEstimate: Date
    /// The voucher the marketplace accepted, if any.
    public var voucher: AppliedVoucher?
    /// The marketplace's id for this quote and until when it holds the stock, when it does.
    public var quoteID: String?
    public var holdExpiresAt: Date?

    public init(
        marketplaceID: String, lines: [OrderLine], shipTo: ShippingAddress, subtotal: Money, discount: Money,
        shipping: Money, tax: Money, total: Money, deliveryEstimate: Date, voucher: AppliedVoucher? = nil,
        quoteID: String? = nil, holdExpiresAt: Date? = nil
    ) {
        self.quoteID = quoteID
        self.holdExpiresAt = holdExpiresAt
        self.marketplaceID = marketplaceID
        self.lines = lines
        self.shipTo = shipTo
        self.subtotal = subtotal
        self.discount = discount
        self.shipping = shipping
        self.tax = tax
        self.total = total
        self.deliveryEstimate = deliveryEstimate
        self.voucher = voucher
    }

    /// "Arrives Thu, Nov 26" in the given time zone.
    public static func arrivalLabel(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, MMM d"
        return "Arrives \(formatter.string(from: date))"
    }

    public var arrivalLabel: String { Quote.arrivalLabel(deliveryEstimate) }
}
