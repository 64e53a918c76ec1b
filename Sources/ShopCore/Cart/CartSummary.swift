/// The cart as the user sees it: lines resolved against the catalog, grouped by marketplace.
public struct CartSummary: Sendable, Equatable {
    /// Whether a line can be bought as it stands.
    public enum Availability: Sendable, Equatable {
        case available
        /// The product is gone from the catalog; the line stays so nothing is silently lost.
        case productMissing
        /// The product exists but this variant does not.
        case variantMissing
        case outOfStock
        /// Fewer units in stock than the line asks for.
        case limitedStock(Int)

        public var canOrder: Bool {
            switch self {
            case .available: return true
            default: return false
            }
        }

        public var label: String? {
            switch self {
            case .available: return nil
            case .productMissing: return "unavailable: no longer in the catalog"
            case .variantMissing: return "unavailable: this option is gone"
            case .outOfStock: return "out of stock"
            case .limitedStock(let stock): return "only \(stock) left"
            }
        }
    }

    public struct Line: Sendable, Equatable {
        public var line: CartLine
        public var product: Product?
        public var variant: Variant?
        public var availability: Availability
        /// What one unit costs now: a flash deal's price while the deal honours the line, else the
        /// catalog's price; nil when the product is gone.
        public var currentUnitPrice: Money?

        /// The line total at the price it was added.
        public var total: Money { line.unitPrice.times(line.quantity) }
        /// The line total at today's price (what a checkout will ask), or at the added price when
        /// the product is gone and there is no price today.
        public var currentTotal: Money { (currentUnitPrice ?? line.unitPrice).times(line.quantity) }
        /// The unit price moved since the line was added (a flash deal that no longer holds included).
        public var priceChange: PriceChange? {
            guard let current = currentUnitPrice, current != line.unitPrice else { return nil }
            return PriceChange(old: line.unitPrice, new: current)
        }
        /// What the cart says of a price that moved since the line was added: "$12.99 each now,
        /// was $10.00 when added"; for a flash-deal line the deal no longer honours, why ("deal
        /// ended") and the regular price it is now. Nil when the price has not moved. The
        /// storefront's cart and `reelshop cart show` print the same words.
        public func priceNote(deals: DealDesk?) -> String? {
            guard let change = priceChange else { return nil }
            let was = "was \(change.old.formatted) when added"
            guard let dealID = line.dealID else { return "\(change.new.formatted) each now, \(was)" }
            let reason: String
            switch deals?.offer(id: dealID)?.status {
            case .soldOut?: reason = "deal sold out"
            case .active?: reason = "deal price no longer holds for \(line.quantity)"
            case .ended?, .upcoming?, nil: reason = "deal ended"
            }
            return "\(reason): \(change.new.formatted) each at the regular price, \(was)"
        }

        public var title: String { product?.title ?? line.productID }
        public var variantLabel: String { variant?.label ?? line.variantID }
    }

    public struct Group: Sendable, Equatable {
        /// nil gathers lines whose product (and so marketplace) is unknown.
        public var marketplace: Marketplace?
        public var lines: [Line]

        /// Subtotals of available lines at the prices they were added, one per currency (almost always one).
        public var subtotals: [Money] { sums(\.total) }

        /// Subtotals of available lines at today's prices (`currentTotal`), one per currency.
        public var currentSubtotals: [Money] { sums(\.currentTotal) }

        private func sums(_ amount: (Line) -> Money) -> [Money] {
            var sums: [String: Money] = [:]
            for line in lines where line.availability.canOrder {
                let money = amount(line)
                sums[money.currency, default: .zero(money.currency)] = sums[money.currency, default: .zero(money.currency)] + money
            }
            return sums.keys.sorted().compactMap { sums[$0] }
        }
    }

    public var groups: [Group]

    /// `deals` prices lines taken at a flash-deal price; without it they are priced as regular.
    public init(cart: Cart, catalog: Catalog, deals: DealDesk? = nil) {
        var byMarketplace: [String: [Line]] = [:]
        var missing: [Line] = []
        for line in cart.lines {
            guard let product = catalog.product(line.productID) else {
                missing.append(Line(line: line, product: nil, variant: nil, availability: .productMissing, currentUnitPrice: nil))
                continue
            }
            let variant = product.variant(line.variantID)
            let availability: Availability
            if let variant {
                if variant.stock <= 0 {
                    availability = .outOfStock
                } else if variant.stock < line.quantity {
                    availability = .limitedStock(variant.stock)
                } else {
                    availability = .available
                }
            } else {
                availability = .variantMissing
            }
            byMarketplace[product.marketplaceID, default: []].append(
                Line(
                    line: line, product: product, variant: variant, availability: availability,
                    currentUnitPrice: deals?.unitPrice(for: line) ?? product.price))
        }
        var groups: [Group] = catalog.marketplaces.compactMap { marketplace in
            byMarketplace[marketplace.id].map { Group(marketplace: marketplace, lines: $0) }
        }
        if !missing.isEmpty { groups.append(Group(marketplace: nil, lines: missing)) }
        self.groups = groups
    }

    /// Lines in display order (group by group).
    public var lines: [Line] { groups.flatMap(\.lines) }

    public var isEmpty: Bool { groups.isEmpty }
}
