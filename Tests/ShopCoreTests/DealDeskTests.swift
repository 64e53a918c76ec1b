import Foundation
import ShopCore
import ShopTesting
import Testing

/// A stream with two deals that take turns: the clip deal for 5 minutes, then the mug deal.
enum DealFixture {
    static func usd(_ minor: Int) -> Money { Money(minorUnits: minor, currency: "USD") }

    static let clip = Product(
        id: "clip", marketplaceID: "m", title: "Matte Claw Clip", description: "", category: "Hair", price: usd(1299),
        rating: 4.7, reviewCount: 1, soldCount: 1, variants: [Variant(id: "black", options: [:], stock: 50)], media: "media/a.png")
    static let mug = Product(
        id: "mug", marketplaceID: "m", title: "Cloud Mug", description: "", category: "Home", price: usd(1800),
        rating: 4.9, reviewCount: 1, soldCount: 1, variants: [Variant(id: "sky", options: [:], stock: 50)], media: "media/a.png")
    static let live = LiveStream(
        id: "live-1", hostHandle: "zoe", title: "Clip restock", media: "media/a.png", pinnedProductIDs: ["clip", "mug"],
        chat: [ChatLine(at: 2, user: "ana", text: "hi"), ChatLine(at: 50, user: "bo", text: "which colour?")],
        deals: [
            FlashDeal(productID: "clip", dealPrice: usd(899), startOffset: 0, duration: 300, totalUnits: 40, perBuyerLimit: 2),
            FlashDeal(productID: "mug", dealPrice: usd(1200), startOffset: 300, duration: 300, totalUnits: 10, perBuyerLimit: 1),
        ],
        baseViewers: 1000, loopSeconds: 60)
    static let catalog = Catalog(
        directory: URL(fileURLWithPath: "/nonexistent"),
        marketplaces: [Marketplace(id: "m", name: "Market", shippingPromise: "", deliveryDays: 2, returnPolicy: "")],
        creators: [Creator(handle: "zoe", displayName: "Zoe", followers: 1)],
        products: [clip, mug], posts: [], lives: [live])

    /// 1.8e9 is a whole number of 600 s cycles: `cycle(at: 10)` is 10 s into the clip deal.
    static func cycle(at seconds: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

    static let clipDeal = "live-1/clip"

    static func order(_ dealID: String?, product: Product, quantity: Int, at date: Date, buyer: String = "Alex Rivera") -> Order {
        let line = OrderLine(
            productID: product.id, variantID: product.variants[0].id, title: product.title, variantLabel: "Standard",
            quantity: quantity, unitPrice: product.price, dealID: dealID)
        let address = ShippingAddress(name: buyer, line1: "1 Main St", city: "Portland", region: "OR", postalCode: "97209", country: "US")
        let total = line.total
        let quote = Quote(
            marketplaceID: "m", lines: [line], shipTo: address, subtotal: total, discount: usd(0), shipping: usd(0),
            tax: usd(0), total: total, deliveryEstimate: date, voucher: nil)
        return Order(
            placed: PlacedOrder(
                orderID: "M-\(Int(date.timeIntervalSince1970))", marketplaceID: "m", idempotencyKey: "k",
                placedAt: date, quote: quote, paymentMethod: PaymentMethod(brand: "Visa", last4: "4242")),
            marketplaceName: "Market")
    }
}

@Suite struct DealDeskTests {
    typealias F = DealFixture

    @Test func theDealsTakeTurnsOnTheWallClock() throws {
        let early = try #require(DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 10)).featured(in: F.live))
        #expect(early.deal.productID == "clip")
        #expect(early.status == .active(secondsLeft: 290, unitsLeft: 40 - F.live.deals[0].claimedByOthers(at: 10)))
        let later = try #require(DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 310)).featured(in: F.live))
        #expect(later.deal.productID == "mug")
        // The next cycle starts the clip deal again, with a fresh stock of units.
        let again = try #require(DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 600)).featured(in: F.live))
        #expect(again.deal.productID == "clip" && again.status == .active(secondsLeft: 300, unitsLeft: 40))
    }

    @Test func otherViewersEmptyTheDealJustBeforeItEnds() {
        let deal = F.live.deals[0]
        #expect(deal.claimedByOthers(at: 0) == 0)
        let counts = stride(from: 0.0, through: 300, by: 10).map { deal.claimedByOthers(at: $0) }
        #expect(counts == counts.sorted(), "units only ever go")
        #expect(deal.claimedByOthers(at: 150) > 0 && deal.claimedByOthers(at: 150) < 40)
        let desk = DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 285))
        #expect(desk.featured(in: F.live)?.status == .soldOut)
        #expect(desk.refusal(dealID: F.clipDeal, quantity: 1, inCart: 0) == "The flash deal is sold out.")
    }

    @Test func thePerBuyerLimitCountsTheCartAndThisRunsOrders() {
        let date = F.cycle(at: 60)
        let none = DealDesk(catalog: F.catalog, orders: [], date: date)
        #expect(none.refusal(dealID: F.clipDeal, quantity: 2, inCart: 0) == nil)
        #expect(none.refusal(dealID: F.clipDeal, quantity: 1, inCart: 2) == "You already have the limit of 2 at the deal price.")
        // One unit ordered in this run of the deal counts; one from the previous run does not.
        let thisRun = F.order(F.clipDeal, product: F.clip, quantity: 1, at: F.cycle(at: 30))
        let lastRun = F.order(F.clipDeal, product: F.clip, quantity: 2, at: F.cycle(at: -300))
        let desk = DealDesk(catalog: F.catalog, orders: [thisRun, lastRun], date: date)
        #expect(desk.featured(in: F.live)?.orderedByBuyer == 1)
        #expect(desk.refusal(dealID: F.clipDeal, quantity: 2, inCart: 0) == "Only 1 more at the deal price (limit 2 per buyer).")
        #expect(desk.refusal(dealID: F.clipDeal, quantity: 1, inCart: 0) == nil)
    }

    @Test func aDealLineCostsTheDealPriceOnlyWhileTheDealHonoursIt() {
        let line = CartLine(productID: "clip", variantID: "black", quantity: 2, unitPrice: F.usd(899), addedAt: F.cycle(at: 5), dealID: F.clipDeal)
        #expect(DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 20)).unitPrice(for: line) == F.usd(899))
        #expect(DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 320)).unitPrice(for: line) == nil, "ended")
        var three = line
        three.quantity = 3
        #expect(DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 20)).unitPrice(for: three) == nil, "over the limit")
        // At checkout an ended deal shows as a price change to confirm, never silently.
        let plan = CheckoutPlan.cart(Cart(lines: [line]), catalog: F.catalog, deals: DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 320)))
        #expect(plan.groups.first?.lines.first?.priceChange == PriceChange(old: F.usd(899), new: F.usd(1299)))
        let running = CheckoutPlan.cart(Cart(lines: [line]), catalog: F.catalog, deals: DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 20)))
        #expect(running.groups.first?.lines.first?.priceChange == nil)
        #expect(running.groups.first?.lines.first?.orderLine.dealID == F.clipDeal)
    }

    @Test func buyNowAtTheDealPriceIsRefusedOutsideTheDeal() throws {
        let open = DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 20))
        let plan = try CheckoutPlan.buyNow(productID: "clip", catalog: F.catalog, at: F.cycle(at: 20), deal: F.clipDeal, deals: open)
        #expect(plan.groups.first?.lines.first?.acceptedUnitPrice == F.usd(899))
        let closed = DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 320))
        #expect(throws: CartError("The flash deal has ended.")) {
            try CheckoutPlan.buyNow(productID: "clip", catalog: F.catalog, at: F.cycle(at: 320), deal: F.clipDeal, deals: closed)
        }
    }

    @Test func theCartStoreChecksTheLimitUnderItsLockAndKeepsDealLinesApart() throws {
        let temp = try TemporaryDirectory("deal-cart")
        defer { temp.remove() }
        let store = CartStore(stateDirectory: StateDirectory(url: temp.url), catalog: F.catalog, now: { F.cycle(at: 20) })
        let desk = DealDesk(catalog: F.catalog, orders: [], date: F.cycle(at: 20))
        _ = try store.add(productID: "clip")
        _ = try store.addDeal(F.clipDeal, quantity: 2, deals: desk)
        #expect(throws: CartError("You already have the limit of 2 at the deal price.")) {
            try store.addDeal(F.clipDeal, quantity: 1, deals: desk)
        }
        let cart = try store.load().cart
        #expect(cart.lines.map(\.dealID) == [nil, F.clipDeal])
        #expect(cart.lines.map(\.unitPrice) == [F.usd(1299), F.usd(899)])
        // The deal id survives the file, and removing the deal line leaves the regular one.
        let text = try String(contentsOf: store.url, encoding: .utf8)
        #expect(text.contains("\"dealID\" : \"live-1/clip\""))
        _ = try store.remove(CartLineKey(productID: "clip", variantID: "black", dealID: F.clipDeal))
        #expect(try store.load().cart.lines.map(\.dealID) == [nil])
    }

    @Test func theChatMixesScriptedLinesWithThisDirectorysPurchases() {
        let bought = F.order(F.clipDeal, product: F.clip, quantity: 1, at: F.cycle(at: 51), buyer: "Alex Rivera")
        let lines = F.live.chat(at: F.cycle(at: 55), orders: [bought], catalog: F.catalog, limit: 10)
        #expect(lines.map(\.user) == ["ana", "bo", "alex"])
        #expect(lines.last?.text.hasPrefix("just bought Matte Claw Clip") == true && lines.last?.isPurchase == true)
        // A purchase older than the chat's loop has scrolled away.
        let old = F.order(F.clipDeal, product: F.clip, quantity: 1, at: F.cycle(at: -100))
        #expect(!F.live.chat(at: F.cycle(at: 55), orders: [old], catalog: F.catalog, limit: 10).contains { $0.isPurchase })
    }

    @Test func theDemoMarketplaceHonoursARunningDealAndRepricesAGoneOne() async throws {
        let world = try DemoWorld(catalog: F.catalog, clock: ManualClock(F.cycle(at: 20)))
        defer { world.dir.remove() }
        try await world.link("m")
        let desk = DealDesk(catalog: F.catalog, orders: [], date: world.clock.now())
        _ = try world.cartStore.addDeal(F.clipDeal, quantity: 2, deals: desk)
        var plan = CheckoutPlan.cart(try world.cartStore.load().cart, catalog: F.catalog, deals: desk)
        plan = await world.coordinator.quote(plan)
        let line = try #require(plan.group("m")?.quote?.lines.first)
        #expect(line.unitPrice == F.usd(899) && line.dealID == F.clipDeal)
        // Confirmed while the deal ran, placed after it ended: the marketplace will not charge the
        // deal price, and will not charge more than was confirmed either; the buyer reviews again.
        world.clock.set(F.cycle(at: 320))
        let result = await world.coordinator.place(plan)
        #expect(result.newlyPlaced.isEmpty)
        #expect(result.failures["m"]?.kind == .priceChanged)
        #expect(try world.cartStore.load().cart.lines.count == 1, "the deal line stays in the cart")
    }
}
