import Foundation

/// A checkout as a value: the cart (or one buy-now item) split into one group per marketplace.
///
/// Pure: building and editing it does no I/O, so the reducer keeps it in State.
/// `CheckoutCoordinator` quotes and places it and hands back the updated plan.
public struct CheckoutPlan: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// The whole cart; ordered lines leave the cart once confirmed.
        case cart
        /// One item bought from its product sheet; the cart is not touched.
        case buyNow
    }

    public var source: Source
    /// Identifies this checkout attempt; each group's idempotency key derives from it.
    public let attemptID: String
    public var groups: [CheckoutGroup]
    /// Lines whose product is no longer in the catalog: they cannot be ordered anywhere.
    public var unavailable: [CheckoutLine]
    /// For a cart checkout, the cart it was priced from, less what it has placed since; placing
    /// refuses (and says what the cart holds now) when the cart on disk differs. Nil for buy now.
    public var cartStamp: CartStamp?

    public init(source: Source, summary: CartSummary, attemptID: String = UUID().uuidString) {
        self.source = source
        self.attemptID = attemptID
        var groups: [CheckoutGroup] = []
        var unavailable: [CheckoutLine] = []
        for group in summary.groups {
            let lines = group.lines.map(CheckoutLine.init(summary:))
            if let marketplace = group.marketplace {
                groups.append(
                    CheckoutGroup(
                        marketplace: marketplace, lines: lines,
                        idempotencyKey: Self.idempotencyKey(attemptID: attemptID, marketplaceID: marketplace.id)))
            } else {
                unavailable += lines
            }
        }
        self.groups = groups
        self.unavailable = unavailable
        cartStamp = source == .cart ? CartStamp(lines: summary.groups.flatMap { $0.lines.map(\.line) }) : nil
    }

    /// Checkout of the whole cart.
    public static func cart(_ cart: Cart, catalog: Catalog, deals: DealDesk? = nil, attemptID: String = UUID().uuidString) -> CheckoutPlan {
        CheckoutPlan(source: .cart, summary: CartSummary(cart: cart, catalog: catalog, deals: deals), attemptID: attemptID)
    }

    /// "Buy now" of one product (its default variant unless named), at the catalog's price.
    public static func buyNow(
        productID: String, variantID: String? = nil, quantity: Int = 1, catalog: Catalog, at date: Date,
        attemptID: String = UUID().uuidString,
        deal dealID: String? = nil, deals: DealDesk? = nil
    ) throws(CartError) -> CheckoutPlan {
        guard Cart.quantityRange.contains(quantity) else {
            throw CartError("A quantity must be from \(Cart.quantityRange.lowerBound) to \(Cart.quantityRange.upperBound); got \(quantity).")
        }
        guard let product = catalog.product(productID) else { throw CartError("There is no product \"\(productID)\" in the catalog.") }
        let variant: Variant
        if let variantID {
            guard let named = product.variant(variantID) else {
                throw CartError("\"\(product.title)\" has no variant \"\(variantID)\"; it has \(product.variants.map(\.id).joined(separator: ", ")).")
            }
            variant = named
        } else {
            guard let first = product.defaultVariant else { throw CartError("\"\(product.title)\" is out of stock in every variant.") }
            variant = first
        }
        var price = product.price
        if let dealID {
            guard let deals, let offer = deals.offer(id: dealID), offer.deal.productID == product.id else {
                throw CartError("That flash deal is not running.")
            }
            if let refusal = deals.refusal(dealID: dealID, quantity: quantity, inCart: 0) { throw CartError(refusal) }
            price = offer.deal.dealPrice
        }
        var single = Cart()
        single.add(CartLineKey(productID: product.id, variantID: variant.id, dealID: dealID), quantity: quantity, unitPrice: price, at: date)
        return CheckoutPlan(source: .buyNow, summary: CartSummary(cart: single, catalog: catalog, deals: deals), attemptID: attemptID)
    }

    public static func idempotencyKey(attemptID: String, marketplaceID: String) -> String {
        "reelshop-\(attemptID)-\(marketplaceID)"
    }

    public func group(_ marketplaceID: String) -> CheckoutGroup? { groups.first { $0.marketplaceID == marketplaceID } }

    /// Sets (or clears, with nil or "") a group's voucher; the group must be quoted again.
    public mutating func setVoucher(_ code: String?, for marketplaceID: String) {
        guard let index = groups.firstIndex(where: { $0.marketplaceID == marketplaceID }), groups[index].order == nil else { return }
        let trimmed = code?.trimmingCharacters(in: .whitespaces).uppercased()
        groups[index].voucherCode = (trimmed?.isEmpty ?? true) ? nil : trimmed
        groups[index].voucherMessage = nil
        groups[index].status = .unquoted
    }

    /// Accepts the new prices of one group, or of all groups when nil.
    public mutating func confirmPriceChanges(for marketplaceID: String? = nil) {
        for index in groups.indices where marketplaceID == nil || groups[index].marketplaceID == marketplaceID {
            groups[index].confirmPriceChanges()
        }
    }

    /// Marks every group that is not placed as needing a fresh quote (after linking, say).
    public mutating func invalidateQuotes() {
        for index in groups.indices where groups[index].order == nil { groups[index].status = .unquoted }
    }

    /// Marketplaces still to link before their group can be quoted.
    public var marketplacesNeedingLink: [String] {
        groups.filter { $0.status == .needsLink }.map(\.marketplaceID)
    }

    /// Groups that would be ordered by confirming now.
    public var readyGroups: [CheckoutGroup] { groups.filter(\.isReadyToPlace) }

    /// Any line anywhere whose new price awaits confirmation.
    public var needsPriceConfirmation: Bool { groups.contains { $0.order == nil && !$0.unconfirmedPriceChanges.isEmpty } }

    /// What confirming now would charge, one total per currency.
    public var totalsToPlace: [Money] {
        var sums: [String: Money] = [:]
        for group in readyGroups {
            guard let total = group.quote?.total else { continue }
            sums[total.currency] = (sums[total.currency] ?? .zero(total.currency)) + total
        }
        return sums.keys.sorted().compactMap { sums[$0] }
    }

    public var placedOrders: [Order] { groups.compactMap(\.order) }

    /// Every group with something to order has been placed.
    public var isComplete: Bool {
        groups.allSatisfy { $0.order != nil || $0.orderableLines.isEmpty } && groups.contains { $0.order != nil }
    }
}
