import Foundation

/// A line read from cart.json is checked, not trusted: a quantity outside 1…99 or an absurd
/// price makes the file unreadable, so it is moved aside whole rather than half believed (and
/// integer money can never overflow on a tampered file).
extension CartLine {
    /// The most one unit may cost in minor units, as in the catalog.
    public static let maximumUnitPrice = 100_000_000

    private enum CodingKeys: String, CodingKey {
        case productID, variantID, quantity, unitPrice, addedAt, dealID
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let quantity = try container.decode(Int.self, forKey: .quantity)
        guard Cart.quantityRange.contains(quantity) else {
            throw DecodingError.dataCorruptedError(
                forKey: .quantity, in: container,
                debugDescription: "expected a quantity from \(Cart.quantityRange.lowerBound) to \(Cart.quantityRange.upperBound), found \(quantity)")
        }
        let price = try container.decode(Money.self, forKey: .unitPrice)
        guard (0...CartLine.maximumUnitPrice).contains(price.minorUnits),
            price.currency.count == 3, price.currency.allSatisfy({ $0.isASCII && $0.isUppercase })
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .unitPrice, in: container,
                debugDescription:
                    "expected a price of 0…\(CartLine.maximumUnitPrice) minor units in a three-letter currency, found \(price.minorUnits) \(price.currency)")
        }
        self.init(
            productID: try container.decode(String.self, forKey: .productID),
            variantID: try container.decode(String.self, forKey: .variantID),
            quantity: quantity, unitPrice: price,
            addedAt: try container.decode(Date.self, forKey: .addedAt),
            dealID: try container.decodeIfPresent(String.self, forKey: .dealID))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(productID, forKey: .productID)
        try container.encode(variantID, forKey: .variantID)
        try container.encode(quantity, forKey: .quantity)
        try container.encode(unitPrice, forKey: .unitPrice)
        try container.encode(addedAt, forKey: .addedAt)
        try container.encodeIfPresent(dealID, forKey: .dealID)
    }
}
