import Foundation

/// The part of a checkout that becomes one order at one marketplace.
public struct CheckoutGroup: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Not priced yet (or changed since): quote it.
        case unquoted
        /// No account is linked (or the link was refused): link, then quote again.
        case needsLink
        case quoted(Quote)
        case placed(Order)
        /// This marketplace failed; its lines stay in the cart and the reason is shown.
        case failed(MarketplaceError)
    }

    public var marketplace: Marketplace
    public var lines: [CheckoutLine]
    /// The same for every try of this checkout attempt, so a retry never orders twice.
    public var idempotencyKey: String
    public var voucherCode: String?
    /// Why the marketplace refused the voucher, when it did (the quote is then without it).
    public var voucherMessage: String?
    /// The linked account (ship-to and pay-with), once quoted.
    public var account: LinkedAccount?
    public var status: Status

    public init(marketplace: Marketplace, lines: [CheckoutLine], idempotencyKey: String) {
        self.marketplace = marketplace
        self.lines = lines
        self.idempotencyKey = idempotencyKey
        status = .unquoted
    }

    public var marketplaceID: String { marketplace.id }

    /// Lines that can be ordered; the rest (out of stock, gone) stay in the cart.
    public var orderableLines: [CheckoutLine] { lines.filter(\.canOrder) }
    public var blockedLines: [CheckoutLine] { lines.filter { !$0.canOrder } }

    public var quote: Quote? {
        if case .quoted(let quote) = status { return quote }
        return nil
    }

    public var order: Order? {
        if case .placed(let order) = status { return order }
        return nil
    }

    /// The price the marketplace quotes for a line (else the catalog's), to compare with the
    /// accepted one.
    /// Once placed, the price the order was charged at.
    public func chargedUnitPrice(_ line: CheckoutLine) -> Money? {
        (quote?.lines ?? order?.lines)?.first { $0.key == line.key }?.unitPrice ?? line.currentUnitPrice
    }

    /// Orderable lines whose price differs from the accepted one: they need a confirmation.
    /// None once placed: the order is what was confirmed.
    public var unconfirmedPriceChanges: [CheckoutLine] {
        guard order == nil else { return [] }
        return orderableLines.filter { line in chargedUnitPrice(line).map { $0 != line.acceptedUnitPrice } ?? false }
    }

    /// Quoted, something to order, and every price confirmed.
    public var isReadyToPlace: Bool {
        guard let quote, !orderableLines.isEmpty, unconfirmedPriceChanges.isEmpty else { return false }
        return quote.lines.map(\.key) == orderableLines.map(\.key)
            && quote.lines.map(\.quantity) == orderableLines.map(\.quantity)
    }

    /// Accepts the marketplace's current prices for every orderable line.
    public mutating func confirmPriceChanges() {
        for index in lines.indices where lines[index].canOrder {
            if let charged = chargedUnitPrice(lines[index]) { lines[index].acceptedUnitPrice = charged }
        }
    }
}
