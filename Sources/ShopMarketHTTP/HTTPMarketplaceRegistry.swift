import AsyncHTTPClient
import ShopCore

extension MarketplaceRegistry {
    /// Every marketplace of the catalog at one marketplace server (`--market URL`, or the
    /// embedded one on loopback).
    public static func http(catalog: Catalog, baseURL: String, client: HTTPClient = HTTPMarketplace.client) -> MarketplaceRegistry {
        MarketplaceRegistry(
            services: catalog.marketplaces.map {
                HTTPMarketplace(id: $0.id, name: $0.name, baseURL: baseURL, client: client)
            })
    }
}
