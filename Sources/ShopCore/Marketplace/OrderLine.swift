import Foundation

/// One product variant in a quote or an order, at the unit price the buyer confirmed.
public struct OrderLine: Codable, Sendable, Hashable {
    public var productID: String
    public var variantID: String
    public var title: String
    public var variantLabel: String
    public var quantity: Int
    public var unitPrice: Money
    /// The LIVE flash deal the line was bought under, if any.
    public var dealID: String?

    public init(
        productID: String, variantID: String, title: String, variantLabel: String, quantity: Int, unitPrice: Money,
        dealID: String? = nil
    ) {
        self.dealID = dealID
        self.productID = productID
        self.variantID = variantID
        self.title = title
        self.variantLabel = variantLabel
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    public var key: CartLineKey { CartLineKey(productID: productID, variantID: variantID, dealID: dealID) }
    public var total: Money { unitPrice.times(quantity) }
}
