import Foundation
import ShopCore
import ShopTesting
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A catalog built in memory for the marketplace tests, shaped like the bundled one: Riverstone
/// (2 days, Plus) and Lumen (5 days), with in-stock, low-stock and sold-out variants.
enum MarketFixture {
    static let riverstone = Marketplace(
        id: "riverstone", name: "Riverstone Market", shippingPromise: "Free delivery in 2 days with Riverstone Plus", deliveryDays: 2, returnPolicy: "30 days")
    static let lumen = Marketplace(
        id: "lumen", name: "Lumen Bazaar", shippingPromise: "Ships in 1 day · arrives in 4–6 days", deliveryDays: 5, returnPolicy: "14 days")

    static func product(_ id: String, _ marketplace: String, price: Int, stock: [String: Int] = ["std": 10]) -> Product {
        Product(
            id: id, marketplaceID: marketplace, title: "Title of \(id)", description: "About \(id).", category: "Things",
            price: Money(minorUnits: price, currency: "USD"), rating: 4.5, reviewCount: 10, soldCount: 100,
            variants: stock.keys.sorted().map { Variant(id: $0, options: [:], stock: stock[$0] ?? 0) }, media: "media/a.png")
    }

    /// Prices can be changed per test to simulate the catalog moving.
    static func catalog(prices: [String: Int] = [:]) -> Catalog {
        let products = [
            product("headphones", "riverstone", price: prices["headphones"] ?? 5999),
            product("mug", "riverstone", price: prices["mug"] ?? 1250, stock: ["sky": 0, "cream": 3]),
            product("candle", "lumen", price: prices["candle"] ?? 2400),
            product("scarf", "lumen", price: prices["scarf"] ?? 3333),
        ]
        return Catalog(
            directory: URL(fileURLWithPath: "/nonexistent"), marketplaces: [riverstone, lumen], creators: [],
            products: products, posts: [])
    }

    static func usd(_ minor: Int) -> Money { Money(minorUnits: minor, currency: "USD") }
}

/// A fresh, private state directory for one test; `remove()` it in a `defer`.
struct MarketStateDirectory: Sendable {
    let state: StateDirectory

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-market-\(getpid())-\(UUID().uuidString)")
        state = StateDirectory(url: url)
        try state.create()
    }

    var url: URL { state.url }
    func remove() { try? FileManager.default.removeItem(at: state.url) }

    /// Every file's bytes in the directory, as one string, to search for secrets.
    func allFileText(excluding names: Set<String> = []) throws -> String {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            .filter { !names.contains($0) }
            .compactMap { FileManager.default.contents(atPath: url.appendingPathComponent($0).path) }
            .map { String(decoding: $0, as: UTF8.self) }
            .joined(separator: "\n")
    }
}

/// Permission bits of a file (e.g. 0o600).
func fileMode(_ url: URL) -> mode_t? {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}

/// Everything wired for a demo-marketplace test on one state directory and one manual clock.
struct DemoWorld {
    let dir: MarketStateDirectory
    let clock: ManualClock
    let catalog: Catalog
    let registry: MarketplaceRegistry
    let accounts: AccountStore
    let linker: AccountLinker
    let cartStore: CartStore
    let coordinator: CheckoutCoordinator

    init(speed: Double = 1, catalog: Catalog = MarketFixture.catalog(), clock: ManualClock = ManualClock()) throws {
        dir = try MarketStateDirectory()
        self.clock = clock
        self.catalog = catalog
        registry = MarketplaceRegistry.fileBacked(catalog: catalog, stateDirectory: dir.state, speed: speed, now: clock.now)
        accounts = AccountStore(stateDirectory: dir.state, now: clock.now)
        linker = AccountLinker(registry: registry, accounts: accounts)
        cartStore = CartStore(stateDirectory: dir.state, catalog: catalog, now: clock.now)
        coordinator = CheckoutCoordinator(stateDirectory: dir.state, catalog: catalog, registry: registry, now: clock.now)
    }

    /// The marketplace double's "server side" (the file every FileMarketplace here shares).
    var store: FileMarketplaceStore { FileMarketplaceStore(stateDirectory: dir.state, now: clock.now) }

    /// Links a marketplace the way a person would: start, approve elsewhere, poll.
    @discardableResult
    func link(_ marketplaceID: String) async throws -> LinkedAccount {
        let authorization = try await linker.start(marketplaceID: marketplaceID)
        try store.approve(userCode: authorization.userCode.display.lowercased())
        clock.advance(by: Double(authorization.interval))
        guard case .linked(let account) = await linker.poll(authorization) else {
            throw MarketplaceError(.invalidRequest, "link did not complete")
        }
        return account
    }

    /// A checkout over a world whose catalog has changed (prices moved since the cart was filled).
    func withCatalog(_ catalog: Catalog) -> DemoWorld {
        DemoWorld(dir: dir, clock: clock, catalog: catalog, speed: 1)
    }

    private init(dir: MarketStateDirectory, clock: ManualClock, catalog: Catalog, speed: Double) {
        self.dir = dir
        self.clock = clock
        self.catalog = catalog
        registry = MarketplaceRegistry.fileBacked(catalog: catalog, stateDirectory: dir.state, speed: speed, now: clock.now)
        accounts = AccountStore(stateDirectory: dir.state, now: clock.now)
        linker = AccountLinker(registry: registry, accounts: accounts)
        cartStore = CartStore(stateDirectory: dir.state, catalog: catalog, now: clock.now)
        coordinator = CheckoutCoordinator(stateDirectory: dir.state, catalog: catalog, registry: registry, now: clock.now)
    }
}
