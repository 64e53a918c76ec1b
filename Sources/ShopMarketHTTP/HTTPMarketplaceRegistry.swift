import AsyncHTTPClient
import ShopCore

extension MarketplaceRegistry {
    /// Every marketplace of the catalog at one marketplace server (`--market URL`, or the
    /// embedded one on loopback); nil `client`: the process's, made at the first request.
    public static func http(catalog: Catalog, baseURL: String, client: HTTPClient? = nil) -> MarketplaceRegistry {
        MarketplaceRegistry(
            services: catalog.marketplaces.map {
                HTTPMarketplace(id: $0.id, name: $0.name, baseURL: baseURL, client: client)
            })
    }
}
