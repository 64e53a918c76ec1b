/// A cart change that cannot be made, with a message the user can act on.
public struct CartError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    static func unknownProduct(_ id: String) -> CartError {
        CartError("There is no product \"\(id)\" in the catalog.")
    }

    static func unknownVariant(_ id: String, of product: Product) -> CartError {
        CartError("\"\(product.title)\" has no variant \"\(id)\"; it has \(product.variants.map(\.id).joined(separator: ", ")).")
    }

    static func outOfStock(_ product: Product, _ variant: Variant?) -> CartError {
        if let variant {
            return CartError("\"\(product.title)\" (\(variant.label)) is out of stock.")
        }
        return CartError("\"\(product.title)\" is out of stock in every variant.")
    }

    static func badQuantity(_ quantity: Int) -> CartError {
        CartError("A quantity must be from \(Cart.quantityRange.lowerBound) to \(Cart.quantityRange.upperBound); got \(quantity).")
    }
}
