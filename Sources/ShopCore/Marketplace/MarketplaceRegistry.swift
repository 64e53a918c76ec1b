import Foundation

/// Maps the catalog's marketplace ids to the services that sell for them.
public struct MarketplaceRegistry: Sendable {
    private let services: [String: any MarketplaceService]
    /// The embedded demo marketplaces' store, for "approve on this device" and the CLI; nil when
    /// no demo marketplace is registered.
    public let demoStore: DemoMarketplaceStore?

    public init(services: [any MarketplaceService], demoStore: DemoMarketplaceStore? = nil) {
        self.services = Dictionary(services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.demoStore = demoStore
    }

    /// One embedded demo marketplace per catalog marketplace, sharing `demo-marketplace.json`.
    public static func demo(
        catalog: Catalog, stateDirectory: StateDirectory, speed: Double = DemoMarketplace.speed(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> MarketplaceRegistry {
        let store = DemoMarketplaceStore(stateDirectory: stateDirectory, now: now)
        let services: [any MarketplaceService] = catalog.marketplaces.map {
            DemoMarketplace(marketplace: $0, catalog: catalog, store: store, speed: speed, now: now)
        }
        return MarketplaceRegistry(services: services, demoStore: store)
    }

    public func service(for marketplaceID: String) -> (any MarketplaceService)? { services[marketplaceID] }

    public var marketplaceIDs: [String] { services.keys.sorted() }
}
