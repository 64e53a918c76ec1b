import Foundation
import Testing
@testable import ShopCore

/// Issue 11, "an order must never be placed twice": a write that fails (or a process that dies)
/// after the marketplace charged, and two checkouts of one cart. Each "restart" is a new
/// coordinator over the same state directory, as a new process would have.
@Suite("Exactly-once checkout: interrupted writes, restarts, two checkouts of one cart")
struct ExactlyOnceCheckoutTests {
    /// A state directory with Riverstone linked (in memory) and Lumen not: the cart holds two
    /// Riverstone units and one Lumen line, which must stay (it cannot be ordered yet).
    struct World {
        let dir: MarketStateDirectory
        let clock = ManualClock()
        let catalog = MarketFixture.catalog()
        let river: InMemoryMarketplace
        let lumen: InMemoryMarketplace
        let registry: MarketplaceRegistry
        let cartStore: CartStore

        init() throws {
            dir = try MarketStateDirectory()
            river = InMemoryMarketplace(id: "riverstone", name: "Riverstone Market", now: clock.now)
            lumen = InMemoryMarketplace(id: "lumen", name: "Lumen Bazaar", now: clock.now)
            registry = MarketplaceRegistry(services: [river, lumen])
            try AccountStore(stateDirectory: dir.state, now: clock.now)
                .save(marketplaceID: "riverstone", token: river.issueToken(), profile: river.profileTemplate)
            cartStore = CartStore(stateDirectory: dir.state, catalog: catalog, now: clock.now)
            _ = try cartStore.add(productID: "headphones", quantity: 2)
            _ = try cartStore.add(productID: "candle")
        }

        /// A new process: a fresh coordinator over the same files.
        func coordinator() -> CheckoutCoordinator {
            CheckoutCoordinator(stateDirectory: dir.state, catalog: catalog, registry: registry, now: clock.now)
        }

        /// What a user retrying does after a restart: check out the cart as it is now.
        func retryCheckout() async throws -> CheckoutResult {
            let coordinator = coordinator()
            return await coordinator.place(await coordinator.quote(CheckoutPlan.cart(try cartStore.load().cart, catalog: catalog)))
        }

        var recordedOrders: [Order] { (try? OrderStore(stateDirectory: dir.state).load().orders) ?? [] }
        var cartProducts: [String] { ((try? cartStore.load().cart.lines) ?? []).map(\.productID) }

        /// Makes one state file unwritable (its lock path becomes a directory), as a process
        /// killed before writing it would leave things; `heal` is the restart.
        func breakWrites(of file: String) throws {
            try? FileManager.default.removeItem(at: dir.url.appendingPathComponent(file + ".lock"))
            try FileManager.default.createDirectory(at: dir.url.appendingPathComponent(file + ".lock"), withIntermediateDirectories: false)
        }

        func heal(_ file: String) throws {
            try FileManager.default.removeItem(at: dir.url.appendingPathComponent(file + ".lock"))
        }
    }

    @Test("(a) the marketplace confirmed but orders.json was not written: the restart finds the order, a retry charges nothing")
    func confirmedButNotRecorded() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let coordinator = world.coordinator()
        let plan = await coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        try world.breakWrites(of: "orders.json")
        let first = await coordinator.place(plan)
        #expect(first.failures["riverstone"]?.kind == .storage)
        #expect(world.river.orderCount == 1, "the marketplace did charge")
        #expect(world.recordedOrders.isEmpty)

        try world.heal("orders.json")
        let retry = try await world.retryCheckout()
        #expect(retry.newlyPlaced.isEmpty, "nothing is ordered again")
        #expect(world.river.orderCount == 1, "one charge at the marketplace")
        #expect(world.recordedOrders.map(\.marketplaceID) == ["riverstone"], "the charge is known locally")
        #expect(world.cartProducts == ["candle"], "the ordered lines left the cart, the Lumen line stayed")
    }

    @Test("(b) orders.json was written but cart.json was not: the restart takes the ordered lines out, a retry charges nothing")
    func recordedButCartKept() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let coordinator = world.coordinator()
        let plan = await coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        try world.breakWrites(of: "cart.json")
        let first = await coordinator.place(plan)
        #expect(first.newlyPlaced.count == 1)
        #expect(first.cartError != nil)
        #expect(world.cartProducts == ["headphones", "candle"], "the cart still holds the ordered lines")

        try world.heal("cart.json")
        let retry = try await world.retryCheckout()
        #expect(retry.newlyPlaced.isEmpty)
        #expect(world.river.orderCount == 1)
        #expect(world.recordedOrders.count == 1)
        #expect(world.cartProducts == ["candle"])
        #expect(try world.cartStore.load().cart.itemCount == 1, "exactly the ordered units left, nothing more")
    }

    @Test("(c) two checkouts of one cart (two windows): the second is refused once the first placed, and nothing is charged twice")
    func twoCheckoutsOfOneCart() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let windowA = world.coordinator(), windowB = world.coordinator()
        let cart = try world.cartStore.load().cart
        let planA = await windowA.quote(CheckoutPlan.cart(cart, catalog: world.catalog))
        let planB = await windowB.quote(CheckoutPlan.cart(cart, catalog: world.catalog))
        #expect(planB.readyGroups.count == 1, "B offers to place 1 order")

        let placedA = await windowA.place(planA)
        #expect(placedA.newlyPlaced.count == 1)
        let placedB = await windowB.place(planB)
        #expect(placedB.newlyPlaced.isEmpty, "B's stale checkout places nothing")
        #expect(world.river.orderCount == 1)
        #expect(world.recordedOrders.count == 1)
        #expect(world.cartProducts == ["candle"])
    }
}
