import Foundation

/// How many units of one variant a marketplace can sell right now (its `GET …/products`
/// `available`: stock less other buyers' live quote holds). The catalog's `stock` is only where
/// a marketplace starts; the storefront shows these once it has them.
public struct StockLevel: Sendable, Hashable, Codable {
    public var productID: String
    public var variantID: String
    public var available: Int

    public init(productID: String, variantID: String, available: Int) {
        self.productID = productID
        self.variantID = variantID
        self.available = available
    }
}

extension Catalog {
    /// This catalog with each listed variant's `stock` set to its level, each marketplace's
    /// levels (by marketplace id) applied to its own products only: a marketplace cannot sell
    /// out another's. Variants not listed keep theirs. Returns `self` (no copy) when nothing
    /// changes.
    public func withStock(_ levelsByMarketplace: [String: [StockLevel]]) -> Catalog {
        var wanted: [String: [String: Int]] = [:]
        for (marketplaceID, levels) in levelsByMarketplace {
            for level in levels where product(level.productID)?.marketplaceID == marketplaceID {
                wanted[level.productID, default: [:]][level.variantID] = max(0, level.available)
            }
        }
        var changed = false
        let updated = products.map { product -> Product in
            guard let units = wanted[product.id] else { return product }
            var product = product
            for index in product.variants.indices {
                if let available = units[product.variants[index].id], available != product.variants[index].stock {
                    product.variants[index].stock = available
                    changed = true
                }
            }
            return product
        }
        guard changed else { return self }
        return Catalog(directory: directory, marketplaces: marketplaces, creators: creators, products: updated, posts: posts, lives: lives)
    }
}
