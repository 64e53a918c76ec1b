import Foundation

/// One product variant in a quote or an order, at the unit price the buyer confirmed.
public struct OrderLine: Codable, Sendable, Hashable {
    public var productID: String
    public var variantID: String
    public var title: String
    public var variantLabel: String
    public var quantity: Int
    public var unitPrice: Money

    public init(productID: String, variantID: String, title: String, variantLabel: String, quantity: Int, unitPrice: Money) {
        self.productID = productID
        self.variantID = variantID
        self.title = title
        self.variantLabel = variantLabel
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    public var key: CartLineKey { CartLineKey(productID: productID, variantID: variantID) }
    public var total: Money { unitPrice.times(quantity) }
}
