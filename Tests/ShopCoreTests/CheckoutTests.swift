import Foundation
import Testing
@testable import ShopCore
import ShopTesting

@Suite("Checkout: quotes, split orders, idempotency, price and stock changes")
struct CheckoutTests {
    let usd = MarketFixture.usd

    @Test("quotes in integer money: Plus ships free, tax rounds half up, REEL10 and FREESHIP apply")
    func quoteTotals() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        try await world.link("lumen")
        _ = try world.cartStore.add(productID: "headphones", quantity: 2)
        _ = try world.cartStore.add(productID: "candle")
        var plan = CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog)
        plan = await world.coordinator.quote(plan)

        let river = try #require(plan.group("riverstone")?.quote)
        #expect(river.subtotal == usd(11998))
        #expect(river.discount == usd(0))
        #expect(river.shipping == usd(0), "Riverstone Plus ships free")
        #expect(river.tax == usd(990), "8.25% of 119.98 = 9.898… → 9.90")
        #expect(river.total == usd(12988))
        #expect(river.shipTo.city == "Portland")
        #expect(Quote.arrivalLabel(river.deliveryEstimate, timeZone: TimeZone(identifier: "UTC")!) == "Arrives Thu, Nov 26")

        let lumen = try #require(plan.group("lumen")?.quote)
        #expect(lumen.subtotal == usd(2400))
        #expect(lumen.shipping == usd(399))
        #expect(lumen.tax == usd(168))
        #expect(lumen.total == usd(2967))
        #expect(Quote.arrivalLabel(lumen.deliveryEstimate, timeZone: TimeZone(identifier: "UTC")!) == "Arrives Sun, Nov 29")
        #expect(plan.group("lumen")?.account?.profile.paymentMethod.label == "Mastercard ···· 5100")

        plan.setVoucher("reel10", for: "riverstone")
        plan.setVoucher(" FreeShip ", for: "lumen")
        #expect(plan.group("riverstone")?.status == .unquoted)
        plan = await world.coordinator.quote(plan)
        let discounted = try #require(plan.group("riverstone")?.quote)
        #expect(discounted.discount == usd(1200))
        #expect(discounted.tax == usd(891))
        #expect(discounted.total == usd(11689))
        #expect(discounted.voucher == AppliedVoucher(code: "REEL10", summary: "10% off the items"))
        let freeShip = try #require(plan.group("lumen")?.quote)
        #expect(freeShip.shipping == usd(0))
        #expect(freeShip.total == usd(2568))
        #expect(plan.totalsToPlace == [usd(11689 + 2568)])
    }

    @Test("an unknown voucher is rejected with a message and the quote goes on without it")
    func unknownVoucher() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        _ = try world.cartStore.add(productID: "headphones")
        var plan = CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog)
        plan.setVoucher("BOGUS", for: "riverstone")
        plan = await world.coordinator.quote(plan)
        let group = try #require(plan.group("riverstone"))
        #expect(group.voucherMessage == "Riverstone Market does not accept the voucher \"BOGUS\"; check the code or leave it empty.")
        #expect(group.voucherCode == nil)
        #expect(group.quote?.voucher == nil)
        #expect(group.isReadyToPlace)
    }

    @Test("split checkout: one marketplace fails, the other's order completes and only its lines leave the cart")
    func splitCheckoutWithFailure() async throws {
        let dir = try MarketStateDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let catalog = MarketFixture.catalog()
        let river = InMemoryMarketplace(id: "riverstone", name: "Riverstone Market", now: clock.now)
        let lumen = InMemoryMarketplace(id: "lumen", name: "Lumen Bazaar", now: clock.now)
        let registry = MarketplaceRegistry(services: [river, lumen])
        let accounts = AccountStore(stateDirectory: dir.state, now: clock.now)
        try accounts.save(marketplaceID: "riverstone", token: river.issueToken(), profile: river.profileTemplate)
        try accounts.save(marketplaceID: "lumen", token: lumen.issueToken(), profile: lumen.profileTemplate)
        let cartStore = CartStore(stateDirectory: dir.state, catalog: catalog, now: clock.now)
        let coordinator = CheckoutCoordinator(stateDirectory: dir.state, catalog: catalog, registry: registry, now: clock.now)
        _ = try cartStore.add(productID: "headphones")
        _ = try cartStore.add(productID: "candle", quantity: 2)
        _ = try cartStore.add(productID: "scarf")

        lumen.failPlacement(with: MarketplaceError(.unavailable, "Lumen Bazaar is not answering; try again in a minute."))
        let quoted = await coordinator.quote(CheckoutPlan.cart(try cartStore.load().cart, catalog: catalog))
        #expect(quoted.readyGroups.count == 2)
        let result = await coordinator.place(quoted)

        #expect(result.newlyPlaced.map(\.marketplaceID) == ["riverstone"])
        #expect(result.failures["lumen"]?.message == "Lumen Bazaar is not answering; try again in a minute.")
        #expect(result.plan.group("lumen")?.status == .failed(MarketplaceError(.unavailable, "Lumen Bazaar is not answering; try again in a minute.")))
        #expect(result.plan.group("riverstone")?.order != nil)
        #expect(result.cart?.lines.map(\.productID) == ["candle", "scarf"])
        #expect(try cartStore.load().cart.lines.map(\.quantity) == [2, 1])
        #expect(try OrderStore(stateDirectory: dir.state).load().orders.count == 1)

        // Retry later: quote again and place; Riverstone is not ordered twice.
        lumen.failPlacement(with: nil)
        let retried = await coordinator.place(await coordinator.quote(result.plan))
        #expect(retried.newlyPlaced.map(\.marketplaceID) == ["lumen"])
        #expect(retried.plan.isComplete)
        #expect(try cartStore.load().cart.lines.isEmpty)
        #expect(river.orderCount == 1 && lumen.orderCount == 1)
        #expect(try OrderStore(stateDirectory: dir.state).load().orders.count == 2)
    }

    @Test("a retried or double-pressed confirmation places one order and removes the lines once")
    func idempotentPlacement() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        _ = try world.cartStore.add(productID: "headphones", quantity: 2)
        let plan = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))

        async let first = world.coordinator.place(plan)
        async let second = world.coordinator.place(plan)
        let (a, b) = await (first, second)
        let idA = try #require(a.plan.group("riverstone")?.order?.id)
        #expect(b.plan.group("riverstone")?.order?.id == idA)
        #expect(a.newlyPlaced.count + b.newlyPlaced.count == 1)
        #expect(try world.cartStore.load().cart.lines.isEmpty)

        // One more unit added after the order was placed: a third press of the same (placed)
        // checkout returns the same order and leaves the new unit alone. (Before the order is
        // placed, a cart that changed makes placing refuse: ExactlyOnceCheckoutTests.)
        _ = try world.cartStore.add(productID: "headphones")
        let third = await world.coordinator.place(plan)
        #expect(third.plan.group("riverstone")?.order?.id == idA)
        #expect(third.newlyPlaced.isEmpty)
        #expect(try world.cartStore.load().cart.lines.map(\.quantity) == [1])
        #expect(try OrderStore(stateDirectory: world.dir.state).load().orders.map(\.id) == [idA])

        // The demo marketplace itself remembers keys: same key, same order.
        let service = try #require(world.registry.service(for: "riverstone"))
        let token = try #require(try world.accounts.token(for: "riverstone"))
        let group = try #require(plan.group("riverstone"))
        let request = PlaceOrderRequest(lines: group.orderableLines.map(\.orderLine), shipTo: group.quote!.shipTo, idempotencyKey: group.idempotencyKey)
        #expect(try await service.placeOrder(request, token: token).orderID == idA)
        var other = request
        other.idempotencyKey = "another-attempt"
        #expect(try await service.placeOrder(other, token: token).orderID != idA)
    }

    @Test("a price change since adding shows old and new and must be re-confirmed")
    func priceChangeNeedsConfirmation() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        _ = try world.cartStore.add(productID: "headphones")  // at 59.99
        let moved = world.withCatalog(MarketFixture.catalog(prices: ["headphones": 6499]))

        var plan = CheckoutPlan.cart(try moved.cartStore.load().cart, catalog: moved.catalog)
        let line = try #require(plan.group("riverstone")?.lines.first)
        #expect(line.priceChange == PriceChange(old: usd(5999), new: usd(6499)))
        #expect(line.priceChange?.label == "was $59.99, now $64.99")
        plan = await moved.coordinator.quote(plan)
        #expect(plan.needsPriceConfirmation)
        #expect(plan.group("riverstone")?.isReadyToPlace == false)
        let unconfirmed = await moved.coordinator.place(plan)
        #expect(unconfirmed.newlyPlaced.isEmpty)
        #expect(try moved.cartStore.load().cart.lines.count == 1)

        plan.confirmPriceChanges(for: "riverstone")
        #expect(!plan.needsPriceConfirmation)
        #expect(plan.group("riverstone")?.isReadyToPlace == true)
        #expect(plan.group("riverstone")?.quote?.subtotal == usd(6499))

        // The price moves again before placing: the marketplace refuses and the line stays.
        let movedAgain = world.withCatalog(MarketFixture.catalog(prices: ["headphones": 6999]))
        let refused = await movedAgain.coordinator.place(plan)
        #expect(refused.failures["riverstone"]?.kind == .priceChanged)
        #expect(refused.failures["riverstone"]?.message.contains("now costs $69.99 (was $64.99)") == true)
        #expect(try movedAgain.cartStore.load().cart.lines.count == 1)

        let placed = await moved.coordinator.place(plan)
        #expect(placed.newlyPlaced.first?.lines.first?.unitPrice == usd(6499))
        #expect(try moved.cartStore.load().cart.lines.isEmpty)
    }

    @Test("out-of-stock and short-stock lines cannot be ordered and stay in the cart with the reason")
    func outOfStock() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        _ = try world.cartStore.add(productID: "headphones")
        let date = world.clock.date
        try world.cartStore.document.update { cart in
            cart.add(CartLineKey(productID: "mug", variantID: "sky"), quantity: 1, unitPrice: MarketFixture.usd(1250), at: date)
            cart.add(CartLineKey(productID: "mug", variantID: "cream"), quantity: 5, unitPrice: MarketFixture.usd(1250), at: date)
        }
        let plan = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        let group = try #require(plan.group("riverstone"))
        #expect(group.blockedLines.map(\.availability.label) == ["out of stock", "only 3 left"])
        #expect(group.quote?.lines.map(\.productID) == ["headphones"])
        let result = await world.coordinator.place(plan)
        #expect(result.newlyPlaced.first?.lines.map(\.productID) == ["headphones"])
        #expect(try world.cartStore.load().cart.lines.map(\.variantID) == ["sky", "cream"])

        // A group with nothing orderable says why.
        let onlyBlocked = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        guard case .failed(let error) = onlyBlocked.group("riverstone")?.status else { Issue.record("expected failed"); return }
        #expect(error.message.contains("\"Title of mug\" is out of stock"))
    }

    @Test("buy now orders that item only and leaves the cart untouched")
    func buyNow() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("lumen")
        _ = try world.cartStore.add(productID: "candle", quantity: 3)
        let before = try world.cartStore.load().cart
        var plan = try CheckoutPlan.buyNow(productID: "candle", catalog: world.catalog, at: world.clock.date)
        #expect(plan.source == .buyNow)
        plan = await world.coordinator.quote(plan)
        let result = await world.coordinator.place(plan)
        #expect(result.newlyPlaced.first?.lines.map(\.quantity) == [1])
        #expect(result.cart == nil)
        #expect(try world.cartStore.load().cart == before)
        #expect(throws: CartError.self) { try CheckoutPlan.buyNow(productID: "nope", catalog: world.catalog, at: world.clock.date) }
    }

    @Test("an unlinked marketplace needs a link, and the same plan quotes once linked")
    func linkThenRequote() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        _ = try world.cartStore.add(productID: "headphones")
        _ = try world.cartStore.add(productID: "candle")
        var plan = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        #expect(plan.marketplacesNeedingLink == ["riverstone", "lumen"])
        #expect(plan.readyGroups.isEmpty)

        try await world.link("riverstone")
        plan = await world.coordinator.quote(plan)
        #expect(plan.marketplacesNeedingLink == ["lumen"])
        #expect(plan.readyGroups.map(\.marketplaceID) == ["riverstone"])
        let result = await world.coordinator.place(plan)
        #expect(result.newlyPlaced.count == 1)
        #expect(try world.cartStore.load().cart.lines.map(\.productID) == ["candle"])
    }

    @Test("order status advances placed → shipped → out for delivery → delivered at the demo speed")
    func orderStatusAdvances() async throws {
        let world = try DemoWorld(speed: 1440)
        defer { world.dir.remove() }
        try await world.link("lumen")  // 5-day delivery: 432,000 s, i.e. 300 s at 1440×
        _ = try world.cartStore.add(productID: "candle")
        let result = await world.coordinator.place(await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog)))
        let order = try #require(result.newlyPlaced.first)
        #expect(order.status == .placed)

        world.clock.advance(by: 75)  // 25% of the window
        #expect(try await world.coordinator.refreshOrders().first?.status == .shipped)
        world.clock.advance(by: 187.5)  // 87.5%
        #expect(try await world.coordinator.refreshOrders().first?.status == .outForDelivery)
        world.clock.advance(by: 37.5)
        let delivered = try #require(try await world.coordinator.refreshOrders().first)
        #expect(delivered.status == .delivered)
        #expect(delivered.timeline.map(\.status) == [.placed, .shipped, .outForDelivery, .delivered])
        #expect(try OrderStore(stateDirectory: world.dir.state).load().orders.first?.status == .delivered)

        let start = Date(timeIntervalSince1970: 0), end = start.addingTimeInterval(100)
        #expect(OrderTimeline.report(orderID: "x", placedAt: start, deliveryEstimate: end, now: start.addingTimeInterval(19), speed: 1).status == .placed)
        #expect(OrderTimeline.report(orderID: "x", placedAt: start, deliveryEstimate: end, now: start.addingTimeInterval(20), speed: 1).status == .shipped)
        #expect(OrderTimeline.report(orderID: "x", placedAt: start, deliveryEstimate: end, now: start.addingTimeInterval(10), speed: 2).status == .shipped)
        #expect(MarketSpeed.fromEnvironment(["REELSHOP_DEMO_SPEED": "60"]) == 60)
        #expect(MarketSpeed.fromEnvironment(["REELSHOP_DEMO_SPEED": "-1"]) == MarketSpeed.standard)
    }

    @Test("the bundled catalog: link both marketplaces, buy one item from each, quote and place")
    func bundledCatalog() async throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets")
        let catalog = try Catalog.load(from: directory)
        let world = try DemoWorld(catalog: catalog)
        defer { world.dir.remove() }
        #expect(world.linker.canApproveOnThisDevice(marketplaceID: "riverstone"))
        try await world.link("riverstone")
        try await world.link("lumen")
        for marketplace in catalog.marketplaces {
            let product = try #require(catalog.products.first { $0.marketplaceID == marketplace.id && $0.defaultVariant != nil })
            _ = try world.cartStore.add(productID: product.id)
        }
        let plan = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: catalog))
        #expect(plan.readyGroups.map(\.marketplaceID) == catalog.marketplaces.map(\.id))
        for group in plan.groups {
            let quote = try #require(group.quote)
            #expect(quote.total == quote.subtotal - quote.discount + quote.shipping + quote.tax)
        }
        let result = await world.coordinator.place(plan)
        #expect(result.newlyPlaced.count == catalog.marketplaces.count)
        #expect(result.failures.isEmpty)
        #expect(try world.cartStore.load().cart.lines.isEmpty)
    }

    @Test("removeOrdered takes exactly the ordered quantities")
    func removeOrdered() {
        let date = Date(timeIntervalSince1970: 0)
        var cart = Cart()
        cart.add(CartLineKey(productID: "a", variantID: "x"), quantity: 3, unitPrice: usd(100), at: date)
        cart.add(CartLineKey(productID: "b", variantID: "y"), quantity: 1, unitPrice: usd(100), at: date)
        let ordered = [
            OrderLine(productID: "a", variantID: "x", title: "A", variantLabel: "X", quantity: 2, unitPrice: usd(100)),
            OrderLine(productID: "b", variantID: "y", title: "B", variantLabel: "Y", quantity: 1, unitPrice: usd(100)),
            OrderLine(productID: "c", variantID: "z", title: "C", variantLabel: "Z", quantity: 1, unitPrice: usd(100)),
        ]
        #expect(cart.removeOrdered(ordered) == 3)
        #expect(cart.lines.map(\.productID) == ["a"])
        #expect(cart.lines.first?.quantity == 1)
    }
}
