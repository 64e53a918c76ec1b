import Foundation
import Testing
import ShopCore

/// The cart's pure operations, its summary against a catalog, and money.
@Suite("Cart")
struct CartTests {
    private let t0 = fixedDate
    private let t1 = fixedDate.addingTimeInterval(60)
    private let usd = { (cents: Int) in Money(minorUnits: cents, currency: "USD") }

    private func key(_ product: String, _ variant: String) -> CartLineKey {
        CartLineKey(productID: product, variantID: variant)
    }

    // MARK: - Adding

    @Test func emptyCartIsVersionOneWithNoLines() {
        #expect(Cart.empty.version == 1)
        #expect(Cart.empty.lines.isEmpty)
        #expect(Cart.empty.itemCount == 0)
        #expect(Cart().version == Cart.currentVersion)
    }

    @Test func addAppendsALineWithThePriceAndDate() {
        var cart = Cart()
        let outcome = cart.add(key("clip", "black"), quantity: 2, unitPrice: usd(1299), at: t0)
        #expect(outcome == .added(quantity: 2))
        #expect(cart.lines == [CartLine(productID: "clip", variantID: "black", quantity: 2, unitPrice: usd(1299), addedAt: t0)])
        #expect(cart.line(key("clip", "black"))?.quantity == 2)
        #expect(cart.line(key("clip", "tortoise")) == nil)
    }

    @Test func addOfTheSameProductAndVariantMergesIntoOneLine() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 2, unitPrice: usd(1299), at: t0)
        let outcome = cart.add(key("clip", "black"), quantity: 3, unitPrice: usd(1299), at: t1)
        #expect(outcome == .merged(quantity: 5))
        #expect(cart.lines.count == 1)
        #expect(cart.lines[0].quantity == 5)
        #expect(cart.lines[0].addedAt == t0, "the line keeps the time it was first added")
    }

    @Test func anotherVariantOrProductIsItsOwnLineInOrderOfAdding() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 1, unitPrice: usd(1299), at: t0)
        #expect(cart.add(key("clip", "tortoise"), quantity: 1, unitPrice: usd(1299), at: t0) == .added(quantity: 1))
        #expect(cart.add(key("mug", "black"), quantity: 4, unitPrice: usd(2450), at: t0) == .added(quantity: 4))
        #expect(cart.lines.map(\.key) == [key("clip", "black"), key("clip", "tortoise"), key("mug", "black")])
        #expect(cart.itemCount == 6)
    }

    @Test func mergingPastNinetyNineCapsTheLine() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 60, unitPrice: usd(1299), at: t0)
        #expect(cart.add(key("clip", "black"), quantity: 39, unitPrice: usd(1299), at: t0) == .merged(quantity: 99))
        #expect(cart.add(key("clip", "black"), quantity: 1, unitPrice: usd(1299), at: t0) == .capped(quantity: 99))
        #expect(cart.lines.map(\.quantity) == [99])
    }

    @Test func aNewLineAboveNinetyNineIsCapped() {
        var cart = Cart()
        #expect(cart.add(key("clip", "black"), quantity: 150, unitPrice: usd(1299), at: t0) == .capped(quantity: 99))
        #expect(cart.itemCount == 99)
        var exact = Cart()
        #expect(exact.add(key("clip", "black"), quantity: 99, unitPrice: usd(1299), at: t0) == .added(quantity: 99))
    }

    @Test func addingZeroOrLessAddsOneUnit() {
        var cart = Cart()
        #expect(cart.add(key("clip", "black"), quantity: 0, unitPrice: usd(1299), at: t0) == .added(quantity: 1))
        #expect(cart.add(key("clip", "black"), quantity: -4, unitPrice: usd(1299), at: t0) == .merged(quantity: 2))
    }

    // MARK: - Quantity, removing, clearing

    @Test(arguments: [(42, 42), (1, 1), (99, 99), (0, 1), (-7, 1), (100, 99), (5000, 99)])
    func setQuantityClampsToOneThroughNinetyNine(requested: Int, held: Int) {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 3, unitPrice: usd(1299), at: t0)
        cart.add(key("mug", "cream"), quantity: 2, unitPrice: usd(2450), at: t0)
        #expect(cart.setQuantity(key("clip", "black"), to: requested) == held)
        #expect(cart.line(key("clip", "black"))?.quantity == held)
        #expect(cart.line(key("mug", "cream"))?.quantity == 2, "other lines are untouched")
        #expect(cart.itemCount == held + 2)
    }

    @Test func setQuantityOfAnAbsentLineChangesNothing() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 3, unitPrice: usd(1299), at: t0)
        let before = cart
        #expect(cart.setQuantity(key("clip", "tortoise"), to: 5) == nil)
        #expect(cart == before)
    }

    @Test func removeWithAVariantRemovesOnlyThatLine() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 1, unitPrice: usd(1299), at: t0)
        cart.add(key("clip", "tortoise"), quantity: 2, unitPrice: usd(1299), at: t0)
        cart.add(key("mug", "cream"), quantity: 3, unitPrice: usd(2450), at: t0)
        #expect(cart.remove(productID: "clip", variantID: "tortoise") == 1)
        #expect(cart.lines.map(\.key) == [key("clip", "black"), key("mug", "cream")])
        #expect(cart.remove(productID: "clip", variantID: "tortoise") == 0, "already gone")
    }

    @Test func removeWithoutAVariantRemovesEveryVariantOfTheProduct() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 1, unitPrice: usd(1299), at: t0)
        cart.add(key("mug", "cream"), quantity: 3, unitPrice: usd(2450), at: t0)
        cart.add(key("clip", "tortoise"), quantity: 2, unitPrice: usd(1299), at: t0)
        #expect(cart.remove(productID: "clip") == 2)
        #expect(cart.lines.map(\.key) == [key("mug", "cream")])
        #expect(cart.itemCount == 3)
        #expect(cart.remove(productID: "nothing") == 0)
    }

    @Test func clearEmptiesTheCartButKeepsTheVersion() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 1, unitPrice: usd(1299), at: t0)
        cart.add(key("mug", "cream"), quantity: 3, unitPrice: usd(2450), at: t0)
        #expect(cart.itemCount == 4)
        cart.clear()
        #expect(cart.lines.isEmpty)
        #expect(cart.itemCount == 0)
        #expect(cart == Cart.empty)
    }

    // MARK: - Summary against a catalog

    /// An in-memory catalog: marketplaces listed "beta" then "alpha".
    private func catalog() -> Catalog {
        func product(_ id: String, _ marketplace: String, _ price: Int, _ variants: [Variant]) -> Product {
            Product(
                id: id, marketplaceID: marketplace, title: "Title \(id)", description: "", category: "c",
                price: usd(price), rating: 4, reviewCount: 1, soldCount: 1, variants: variants, media: "m.png")
        }
        return Catalog(
            directory: URL(fileURLWithPath: "/nonexistent"),
            marketplaces: [
                Marketplace(id: "beta", name: "Beta", shippingPromise: "", deliveryDays: 4, returnPolicy: ""),
                Marketplace(id: "alpha", name: "Alpha", shippingPromise: "", deliveryDays: 2, returnPolicy: ""),
            ],
            creators: [],
            products: [
                product(
                    "clip", "alpha", 1299,
                    [
                        Variant(id: "black", options: ["colour": "Black"], stock: 85),
                        Variant(id: "cream", options: ["colour": "Cream"], stock: 0),
                    ]),
                product("lamp", "alpha", 3999, [Variant(id: "sunset", options: [:], stock: 2)]),
                product("mug", "beta", 2450, [Variant(id: "sky", options: ["colour": "Sky", "size": "L"], stock: 38)]),
            ],
            posts: [])
    }

    @Test func summaryGroupsByMarketplaceInCatalogOrderWithIntegerSubtotals() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 3, unitPrice: usd(1299), at: t0)  // alpha
        cart.add(key("mug", "sky"), quantity: 2, unitPrice: usd(2450), at: t0)  // beta
        cart.add(key("lamp", "sunset"), quantity: 1, unitPrice: usd(3999), at: t0)  // alpha
        let summary = CartSummary(cart: cart, catalog: catalog())
        #expect(summary.groups.map { $0.marketplace?.id } == ["beta", "alpha"])
        #expect(summary.groups[0].lines.map(\.line.key) == [key("mug", "sky")])
        #expect(summary.groups[1].lines.map(\.line.key) == [key("clip", "black"), key("lamp", "sunset")])
        #expect(summary.groups[0].subtotals == [usd(4900)])
        #expect(summary.groups[1].subtotals == [usd(3 * 1299 + 3999)])
        #expect(summary.lines.map(\.line.key) == [key("mug", "sky"), key("clip", "black"), key("lamp", "sunset")])
        #expect(summary.lines.allSatisfy { $0.availability == .available && $0.availability.canOrder })
        #expect(summary.lines[0].title == "Title mug")
        #expect(summary.lines[0].variantLabel == "Sky · L")
        #expect(summary.lines[1].total == usd(3897))
        #expect(!summary.isEmpty)
    }

    @Test func summaryLinesUseThePriceStoredInTheCart() {
        var cart = Cart()
        // Added when the clip cost $10.00; the catalog now says $12.99.
        cart.add(key("clip", "black"), quantity: 2, unitPrice: usd(1000), at: t0)
        let summary = CartSummary(cart: cart, catalog: catalog())
        #expect(summary.lines.first?.total == usd(2000))
        #expect(summary.groups.first?.subtotals == [usd(2000)])
    }

    @Test func summaryKeepsUnavailableLinesButLeavesThemOutOfSubtotals() {
        var cart = Cart()
        cart.add(key("gone", "x"), quantity: 1, unitPrice: usd(500), at: t0)  // product no longer exists
        cart.add(key("clip", "black"), quantity: 1, unitPrice: usd(1299), at: t0)  // fine
        cart.add(key("clip", "glitter"), quantity: 1, unitPrice: usd(1299), at: t0)  // variant no longer exists
        cart.add(key("clip", "cream"), quantity: 1, unitPrice: usd(1299), at: t0)  // out of stock
        cart.add(key("lamp", "sunset"), quantity: 5, unitPrice: usd(3999), at: t0)  // only 2 in stock
        let summary = CartSummary(cart: cart, catalog: catalog())
        #expect(summary.lines.count == cart.lines.count, "nothing is dropped")
        func availability(_ product: String, _ variant: String) -> CartSummary.Availability? {
            summary.lines.first { $0.line.key == key(product, variant) }?.availability
        }
        #expect(availability("gone", "x") == .productMissing)
        #expect(availability("clip", "glitter") == .variantMissing)
        #expect(availability("clip", "cream") == .outOfStock)
        #expect(availability("lamp", "sunset") == .limitedStock(2))
        #expect(availability("clip", "black") == .available)
        for line in summary.lines where line.line.key != key("clip", "black") {
            #expect(!line.availability.canOrder, "\(line.line.key)")
            #expect(line.availability.label != nil)
        }
        #expect(availability("lamp", "sunset")?.label == "only 2 left")
        // Missing products gather in a last group without a marketplace.
        #expect(summary.groups.map { $0.marketplace?.id } == ["alpha", nil])
        #expect(summary.groups.last?.lines.map(\.line.key) == [key("gone", "x")])
        #expect(summary.groups.last?.lines.first?.title == "gone", "falls back to the id")
        #expect(summary.groups[0].subtotals == [usd(1299)], "only the available line counts")
        #expect(summary.groups.last?.subtotals == [])
        let glitter = summary.lines.first { $0.line.key == key("clip", "glitter") }
        #expect(glitter?.variantLabel == "glitter")
    }

    @Test func emptyCartHasAnEmptySummary() {
        let summary = CartSummary(cart: Cart(), catalog: catalog())
        #expect(summary.isEmpty)
        #expect(summary.groups.isEmpty)
        #expect(summary.lines.isEmpty)
    }

    @Test func subtotalsAreOnePerCurrency() {
        var cart = Cart()
        cart.add(key("clip", "black"), quantity: 2, unitPrice: usd(1299), at: t0)
        cart.add(key("lamp", "sunset"), quantity: 1, unitPrice: Money(minorUnits: 3500, currency: "EUR"), at: t0)
        let summary = CartSummary(cart: cart, catalog: catalog())
        #expect(summary.groups.first?.subtotals == [Money(minorUnits: 3500, currency: "EUR"), usd(2598)])
    }

    // MARK: - Money

    @Test(arguments: [
        (1299, "USD", "$12.99"),
        (-1299, "USD", "-$12.99"),
        (5, "USD", "$0.05"),
        (0, "USD", "$0.00"),
        (99_999, "USD", "$999.99"),
        (100_000, "USD", "$1,000.00"),
        (110_415, "USD", "$1,104.15"),
        (123_456, "USD", "$1,234.56"),
        (-123_456_789, "USD", "-$1,234,567.89"),
        (950, "EUR", "€9.50"),
        (1_000_050, "EUR", "€10,000.50"),
        (300, "GBP", "£3.00"),
        (999, "JPY", "¥999"),
        (1200, "JPY", "¥1,200"),
        (-1200, "JPY", "-¥1,200"),
        (1250, "CHF", "12.50 CHF"),
        (123_456_700, "CHF", "1,234,567.00 CHF"),
        (-7, "CHF", "-0.07 CHF"),
        (1234, "KWD", "1.234 KWD"),
        (1_234_567, "KWD", "1,234.567 KWD"),
        (5000, "KRW", "5,000 KRW"),
    ])
    func moneyFormatting(minorUnits: Int, currency: String, text: String) {
        let money = Money(minorUnits: minorUnits, currency: currency)
        #expect(money.formatted == text)
        #expect(money.description == text)
    }

    @Test func moneyArithmeticStaysInIntegerMinorUnits() {
        #expect(usd(1299) + usd(1) == usd(1300))
        #expect(usd(1000) - usd(1299) == usd(-299))
        #expect(usd(1299).times(3) == usd(3897))
        #expect(usd(1299).times(0) == .zero("USD"))
        #expect(Money.zero("JPY") == Money(minorUnits: 0, currency: "JPY"))
        // 0.1 + 0.2 in cents is exact, unlike Double.
        #expect((usd(10) + usd(20)).formatted == "$0.30")
        #expect(usd(1) < usd(2))
        #expect(!(usd(2) < usd(2)))
        #expect([usd(500), usd(-3), usd(20)].sorted() == [usd(-3), usd(20), usd(500)])
    }

    @Test func moneyEncodesAsCurrencyAndMinorUnits() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(Money(minorUnits: 1299, currency: "USD"))
        #expect(String(decoding: data, as: UTF8.self) == #"{"currency":"USD","minorUnits":1299}"#)
        let decoded = try JSONDecoder().decode(Money.self, from: Data(#"{"minorUnits":-5,"currency":"JPY"}"#.utf8))
        #expect(decoded == Money(minorUnits: -5, currency: "JPY"))
    }

    @Test func addingDifferentCurrenciesStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            _ = Money(minorUnits: 1, currency: "USD") + Money(minorUnits: 1, currency: "EUR")
        }
    }
}
