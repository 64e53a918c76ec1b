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
        var updated = self
        var changed = false
        for (marketplaceID, levels) in levelsByMarketplace {
            for level in levels {
                guard let index = productIndex[level.productID], products[index].marketplaceID == marketplaceID,
                    let variant = products[index].variants.firstIndex(where: { $0.id == level.variantID })
                else { continue }
                let available = max(0, level.available)
                if updated.products[index].variants[variant].stock != available {
                    updated.products[index].variants[variant].stock = available
                    changed = true
                }
            }
        }
        return changed ? updated : self
    }
}
