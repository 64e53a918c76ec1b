import Foundation

/// One line of a checkout: the cart line, what the catalog says now, and the price the buyer
/// has accepted. A line whose price moved must be re-confirmed before it is ordered.
public struct CheckoutLine: Sendable, Equatable {
    public var cartLine: CartLine
    public var title: String
    public var variantLabel: String
    /// The catalog's price now; nil when the product is gone.
    public var currentUnitPrice: Money?
    public var availability: CartSummary.Availability
    /// The price the order will be placed at: the cart price until a change is confirmed.
    public var acceptedUnitPrice: Money

    public init(summary line: CartSummary.Line) {
        cartLine = line.line
        title = line.title
        variantLabel = line.variantLabel
        currentUnitPrice = line.currentUnitPrice
        availability = line.availability
        acceptedUnitPrice = line.line.unitPrice
    }

    public var key: CartLineKey { cartLine.key }
    public var quantity: Int { cartLine.quantity }
    public var canOrder: Bool { availability.canOrder }

    /// Old and new price when the catalog's price differs from the one in the cart.
    public var priceChange: PriceChange? {
        guard let current = currentUnitPrice, current != cartLine.unitPrice else { return nil }
        return PriceChange(old: cartLine.unitPrice, new: current)
    }

    /// The line as sent to the marketplace.
    public var orderLine: OrderLine {
        OrderLine(
            productID: cartLine.productID, variantID: cartLine.variantID, title: title,
            variantLabel: variantLabel, quantity: cartLine.quantity, unitPrice: acceptedUnitPrice,
            dealID: cartLine.dealID)
    }
}
