import Foundation
import Testing
@testable import ShopCore
import ShopTesting

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

    // MARK: - The journal and reconcile, step by step

    /// An intent for the cart's Riverstone lines, as placing writes it before calling the marketplace.
    func intent(_ world: World, key: String = "reelshop-crashed-riverstone", createdAt: Date? = nil) async throws -> CheckoutIntent {
        let plan = await world.coordinator().quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog, attemptID: "crashed"))
        let group = try #require(plan.group("riverstone"))
        let quote = try #require(group.quote)
        return CheckoutIntent(
            idempotencyKey: key, attemptID: "crashed", marketplaceID: "riverstone", marketplaceName: "Riverstone Market",
            source: .cart, lines: group.orderableLines.map(\.orderLine), shipTo: quote.shipTo, voucherCode: nil,
            expectedTotal: quote.total, createdAt: createdAt ?? world.clock.date)
    }

    func journal(_ world: World) -> CheckoutJournalStore { CheckoutJournalStore(stateDirectory: world.dir.state) }

    @Test("the kill points are reached in order, each with what is on disk by then")
    func killPointsInOrder() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let seen = Recorder()
        let journal = journal(world), cartStore = world.cartStore, orders = OrderStore(stateDirectory: world.dir.state), river = world.river
        var coordinator = world.coordinator()
        for point in DebugKillSwitch.Point.allCases {
            coordinator.killSwitch = DebugKillSwitch(point: point) {
                // What a process killed here would leave.
                let intents = (try? journal.load().intents.count) ?? -1
                let recorded = (try? orders.load().orders.count) ?? -1
                let units = (try? cartStore.load().cart.itemCount) ?? -1
                seen.append("\(point.rawValue): intents \(intents), charged \(river.orderCount), recorded \(recorded), cart units \(units)")
            }
            // Each round places a fresh checkout of the same two units.
            if try world.cartStore.load().cart.line(CartLineKey(productID: "headphones", variantID: "std")) == nil {
                _ = try world.cartStore.add(productID: "headphones", quantity: 2)
            }
            _ = await coordinator.place(await coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog)))
        }
        #expect(
            seen.items == [
                "intent-written: intents 1, charged 0, recorded 0, cart units 3",
                "marketplace-confirmed: intents 1, charged 2, recorded 1, cart units 3",
                "orders-written: intents 1, charged 3, recorded 3, cart units 3",
                "cart-written: intents 1, charged 4, recorded 4, cart units 1",
            ])
        #expect(try journal.load().intents.isEmpty)
        #expect(world.river.orderCount == 4 && world.recordedOrders.count == 4, "four checkouts, four orders")
    }

    @Test("an intent the marketplace never saw (killed before the call) is placed at the restart with the same key, once")
    func neverSentIsRetriedWithTheSameKey() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let pending = try await intent(world)
        try journal(world).document.update { $0.intents.append(pending) }

        let report = await world.coordinator().reconcile()
        guard case .placed(let order) = report.outcomes.first else { Issue.record("placed: \(report.outcomes)"); return }
        #expect(order.idempotencyKey == pending.idempotencyKey)
        #expect(report.messages == ["An order you confirmed had not reached Riverstone Market; it was placed now, once: \(order.id), \(order.total)."])
        #expect(report.cart?.lines.map(\.productID) == ["candle"])
        #expect(world.river.lookupCalls == 1, "asked first, by key")
        #expect(world.river.orderCount == 1)
        #expect(try journal(world).load().intents.isEmpty)
        #expect(try world.cartStore.load().cart.settledCheckouts == [pending.idempotencyKey], "remembered until the next checkout settles")

        // A second restart, and a retry of the checkout, change nothing.
        #expect(await world.coordinator().reconcile().isEmpty)
        let retry = try await world.retryCheckout()
        #expect(retry.newlyPlaced.isEmpty)
        #expect(world.river.orderCount == 1)
        #expect(world.cartProducts == ["candle"])
    }

    @Test("an intent older than a day that never reached the marketplace is dropped, and the user told; its lines stay")
    func oldNeverSentIsDropped() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let old = try await intent(world, createdAt: world.clock.date.addingTimeInterval(-CheckoutCoordinator.retryWindow - 60))
        try journal(world).document.update { $0.intents.append(old) }
        let report = await world.coordinator().reconcile()
        #expect(report.outcomes == [.dropped(old, reason: "it never reached Riverstone Market, and it was confirmed more than a day ago.")])
        let total = try #require(old.expectedTotal)
        #expect(
            report.messages == [
                "An order you confirmed (2 items, \(total) at Riverstone Market) was not placed: it never reached Riverstone Market, and it was confirmed more than a day ago. Its lines are still in the cart."
            ])
        #expect(report.needsAttention)
        #expect(world.river.orderCount == 0)
        #expect(world.cartProducts == ["headphones", "candle"])
        #expect(try journal(world).load().intents.isEmpty)
    }

    @Test("a retry the marketplace refuses (the price moved) is dropped with its reason; nothing is charged")
    func refusedRetryIsDropped() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let pending = try await intent(world)
        try journal(world).document.update { $0.intents.append(pending) }
        world.river.setPrice(MarketFixture.usd(6499), for: CartLineKey(productID: "headphones", variantID: "std"))
        let report = await world.coordinator().reconcile()
        guard case .dropped(_, let reason) = report.outcomes.first else { Issue.record("dropped: \(report.outcomes)"); return }
        #expect(reason.contains("now costs $64.99 (was $59.99)"))
        #expect(world.river.orderCount == 0)
        #expect(world.cartProducts == ["headphones", "candle"])
        #expect(try journal(world).load().intents.isEmpty)
    }

    @Test("a lost answer: the order exists, the reply never came; the intent stays, and the next try finds the order by key")
    func lostAnswerIsFoundByKey() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let coordinator = world.coordinator()
        let plan = await coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        world.river.loseAnswers(true)
        let first = await coordinator.place(plan)
        #expect(first.failures["riverstone"]?.kind == .unavailable)
        #expect(world.river.orderCount == 1, "charged, but Reelshop does not know")
        #expect(try journal(world).load().intents.count == 1, "so the intent stays")

        // Pressing place again (same plan, same key) finds it: no second charge.
        world.river.loseAnswers(false)
        let again = await coordinator.place(plan)
        #expect(again.newlyPlaced.count == 1)
        #expect(again.plan.group("riverstone")?.order?.id == again.newlyPlaced.first?.id)
        #expect(again.recovered.isEmpty, "its own order is not reported as someone else's")
        #expect(world.river.orderCount == 1)
        #expect(world.cartProducts == ["candle"])
        #expect(try journal(world).load().intents.isEmpty)
    }

    @Test("an intent that cannot be checked (the account was unlinked) stays, says why, and holds its lines from a new checkout")
    func unresolvedIntentHoldsItsLines() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let pending = try await intent(world)
        try journal(world).document.update { $0.intents.append(pending) }
        let token = try #require(try AccountStore(stateDirectory: world.dir.state).token(for: "riverstone"))
        try await world.river.unlink(token: token)

        let report = await world.coordinator().reconcile()
        #expect(report.outcomes == [.unresolved(pending, reason: "link Riverstone Market again so Reelshop can ask about it.")])
        #expect(report.messages.first?.hasPrefix("Riverstone Market has not confirmed an order you placed (2 items") == true)
        #expect(try journal(world).load().intents.count == 1)

        // Link again (a new token), and a new checkout of the same cart finishes the old one first.
        try AccountStore(stateDirectory: world.dir.state).save(
            marketplaceID: "riverstone", token: world.river.issueToken(), profile: world.river.profileTemplate)
        let retry = try await world.retryCheckout()
        #expect(retry.recovered.orders.count == 1)
        #expect(retry.staleCart?.lines.map(\.productID) == ["candle"], "the new checkout was priced from the old cart")
        #expect(retry.newlyPlaced.isEmpty)
        #expect(world.river.orderCount == 1)
    }

    @Test("a cart changed in another window (a line removed) makes placing refuse and answer the cart as it is now")
    func staleCheckoutIsRefused() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let coordinator = world.coordinator()
        let plan = await coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        _ = try world.cartStore.adjust(CartLineKey(productID: "headphones", variantID: "std"), by: -1)
        let refused = await coordinator.place(plan)
        #expect(refused.staleCart?.lines.map(\.quantity) == [1, 1])
        #expect(refused.newlyPlaced.isEmpty && refused.failures.isEmpty)
        #expect(world.river.placeCalls == 0, "the marketplace was not asked")
        #expect(try journal(world).load().intents.isEmpty, "no intent written")

        // Priced again from that cart, it places.
        let fresh = await coordinator.quote(CheckoutPlan.cart(try #require(refused.staleCart), catalog: world.catalog))
        let placed = await coordinator.place(fresh)
        #expect(placed.newlyPlaced.first?.lines.map(\.quantity) == [1])
        #expect(world.cartProducts == ["candle"])
    }

    @Test("two checkouts of one cart placed at the same moment: one order, the other refused")
    func twoCheckoutsRacing() async throws {
        let world = try World()
        defer { world.dir.remove() }
        world.river.delayPlacement(by: .milliseconds(300))
        let cart = try world.cartStore.load().cart
        let windowA = world.coordinator(), windowB = world.coordinator()
        let planA = await windowA.quote(CheckoutPlan.cart(cart, catalog: world.catalog))
        let planB = await windowB.quote(CheckoutPlan.cart(cart, catalog: world.catalog))
        async let a = windowA.place(planA)
        async let b = windowB.place(planB)
        let results = await [a, b]
        #expect(results.map(\.newlyPlaced.count).sorted() == [0, 1])
        let refused = try #require(results.first { $0.newlyPlaced.isEmpty })
        #expect(refused.staleCart?.lines.map(\.productID) == ["candle"], "the other's lines are being placed: not offered again")
        #expect(world.river.orderCount == 1)
        #expect(world.cartProducts == ["candle"])
    }

    @Test("a claimed intent is another process placing it: reconcile leaves it alone")
    func claimedIntentIsSkipped() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let pending = try await intent(world)
        try journal(world).document.update { $0.intents.append(pending) }
        let held = try #require(try journal(world).claim(pending.idempotencyKey, wait: false))
        #expect(try journal(world).claim(pending.idempotencyKey, wait: false) == nil, "one holder at a time")
        #expect(await world.coordinator().reconcile().isEmpty)
        #expect(world.river.lookupCalls == 0 && world.river.placeCalls == 0)
        held.release()
        #expect(await world.coordinator().reconcile().orders.count == 1)
        #expect(!(try TemporaryDirectory.names(in: world.dir.url)).contains { $0.hasSuffix(".claim") }, "claims leave no file")
    }

    @Test("a claim file a killed process left behind is removed by the next reconcile; a held one is not")
    func abandonedClaimsAreRemoved() async throws {
        let world = try World()
        defer { world.dir.remove() }
        let orphan = world.dir.url.appendingPathComponent(".checkout-0123456789abcdef.claim")
        #expect(FileManager.default.createFile(atPath: orphan.path, contents: nil))
        let held = try #require(try journal(world).claim("reelshop-being-placed-riverstone", wait: false))
        #expect(await world.coordinator().reconcile().isEmpty)
        let claims = try TemporaryDirectory.names(in: world.dir.url).filter { $0.hasSuffix(".claim") }
        #expect(claims == [CheckoutJournalStore.claimName("reelshop-being-placed-riverstone")], "only the held one is left")
        held.release()
    }

    @Test("settling a checkout twice takes its lines out once")
    func settleIsIdempotent() {
        var cart = Cart()
        let date = Date(timeIntervalSince1970: 0)
        cart.add(CartLineKey(productID: "a", variantID: "x"), quantity: 3, unitPrice: MarketFixture.usd(100), at: date)
        let ordered = [OrderLine(productID: "a", variantID: "x", title: "A", variantLabel: "X", quantity: 2, unitPrice: MarketFixture.usd(100))]
        cart.settleCheckout("k1", ordered: ordered, pending: ["k1"])
        cart.settleCheckout("k1", ordered: ordered, pending: ["k1"])
        #expect(cart.lines.map(\.quantity) == [1])
        #expect(cart.settledCheckouts == ["k1"])
        cart.settleCheckout("k2", ordered: [], pending: ["k2"])
        #expect(cart.settledCheckouts == ["k2"], "k1 is no longer pending: forgotten")
    }

    @Test("a journal no checkout could have written is moved aside, never believed")
    func tamperedJournal() throws {
        let line =
            #"{"productID":"headphones","variantID":"std","title":"H","variantLabel":"Std","quantity":-5,"unitPrice":{"minorUnits":100,"currency":"USD"}}"#
        let file =
            #"{"version":1,"intents":[{"idempotencyKey":"k","attemptID":"a","marketplaceID":"riverstone","marketplaceName":"R","source":"cart","lines":[\#(line)],"shipTo":{"name":"A","line1":"1","city":"C","region":"R","postalCode":"1","country":"US"},"createdAt":"2026-11-24T12:00:00Z"}]}"#
        guard case .failure(let failure) = JSONDocumentStore<CheckoutJournal>.decode(Data(file.utf8)) else {
            Issue.record("a negative quantity would add units to the cart")
            return
        }
        #expect(failure.reason.contains("lines[0].quantity: expected 1…99, found -5"))
        let fixed = file.replacingOccurrences(of: "-5", with: "2")
        guard case .success(let journal) = JSONDocumentStore<CheckoutJournal>.decode(Data(fixed.utf8)) else { Issue.record("valid"); return }
        #expect(journal.intents.first?.lines.first?.quantity == 2)
    }

    @Test("the demo marketplace answers 'order for key' from its file, in any process")
    func demoMarketplaceLookup() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        _ = try world.cartStore.add(productID: "headphones")
        let result = await world.coordinator.place(await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog)))
        let order = try #require(result.newlyPlaced.first)
        let token = try #require(try world.accounts.token(for: "riverstone"))
        // Another process: a new marketplace value over the same state directory.
        let other = MarketplaceRegistry.fileBacked(catalog: world.catalog, stateDirectory: world.dir.state)
        let service = try #require(other.service(for: "riverstone"))
        #expect(try await service.order(idempotencyKey: order.idempotencyKey, token: token)?.orderID == order.id)
        #expect(try await service.order(idempotencyKey: "never-sent", token: token) == nil)
        let lumen = try #require(other.service(for: "lumen"))
        await #expect(throws: MarketplaceError.self) { try await lumen.order(idempotencyKey: order.idempotencyKey, token: token) }
    }

    @Test func killSwitchNames() throws {
        #expect(try DebugKillSwitch.fromEnvironment([:]) == nil)
        #expect(try DebugKillSwitch.fromEnvironment(["REELSHOP_DEBUG_KILL_AT": "orders-written"])?.point == .ordersWritten)
        #expect(throws: DebugKillSwitchError.self) { try DebugKillSwitch.fromEnvironment(["REELSHOP_DEBUG_KILL_AT": "later"]) }
    }
}

/// Collects strings from a `@Sendable` closure.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _items: [String] = []
    var items: [String] { lock.withLock { _items } }
    func append(_ item: String) { lock.withLock { _items.append(item) } }
}
