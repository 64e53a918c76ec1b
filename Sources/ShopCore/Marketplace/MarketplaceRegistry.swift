import Foundation

/// Maps the catalog's marketplace ids to the services that sell for them.
public struct MarketplaceRegistry: Sendable {
    private let services: [String: any MarketplaceService]

    public init(services: [any MarketplaceService]) {
        self.services = Dictionary(services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func service(for marketplaceID: String) -> (any MarketplaceService)? { services[marketplaceID] }

    public var marketplaceIDs: [String] { services.keys.sorted() }
}
