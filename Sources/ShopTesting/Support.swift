import Foundation
import ShopCore
import ShopUI

/// The double keeps values where the real server keeps SHA-256 digests: nothing here leaves
/// a test's temporary directory.
enum Digest {
    static func of(_ text: String) -> String { text }
}

func randomHex(bytes: Int) -> String {
    (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
}

extension MarketplaceRegistry {
    /// One file-backed double per catalog marketplace, sharing one `test-marketplace.json`.
    public static func fileBacked(
        catalog: Catalog, stateDirectory: StateDirectory, speed: Double = FileMarketplace.defaultSpeed,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> MarketplaceRegistry {
        let store = FileMarketplaceStore(stateDirectory: stateDirectory, now: now)
        return MarketplaceRegistry(
            services: catalog.marketplaces.map {
                FileMarketplace(marketplace: $0, catalog: catalog, store: store, speed: speed, now: now)
            })
    }
}

extension MarketServices {
    /// The runner's marketplace services over the file-backed double.
    public static func fileBacked(catalog: Catalog, stateDirectory: StateDirectory, killSwitch: DebugKillSwitch? = nil) -> MarketServices {
        MarketServices(
            registry: .fileBacked(catalog: catalog, stateDirectory: stateDirectory), catalog: catalog,
            stateDirectory: stateDirectory, killSwitch: killSwitch)
    }
}
