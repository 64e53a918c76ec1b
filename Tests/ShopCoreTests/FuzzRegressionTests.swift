import Foundation
import Testing
@testable import ShopCore

/// Inputs the fuzz targets (Fuzz/, docs/RELIABILITY.md "Fuzzing") crashed on, kept as tests.
@Suite struct FuzzRegressionTests {
    /// Fuzz/corpus/orders/crash-total-int-min.json: abs(Int.min) trapped in `Money.formatted`
    /// when the orders screen drew the total.
    @Test func theSmallestIntFormatsInsteadOfTrapping() {
        #expect(Money(minorUnits: Int.min, currency: "USD").formatted == "-$92,233,720,368,547,758.08")
        #expect(Money(minorUnits: Int.max, currency: "JPY").formatted == "¥9,223,372,036,854,775,807")
        #expect(Money(minorUnits: -5, currency: "KWD").formatted == "-0.005 KWD")
    }

    @Test(
        arguments: [
            ("crash-total-int-min.json", "total"),
            (nil, "lines[0].quantity"),
            (nil, "tax: expected USD"),
        ] as [(String?, String)])
    func anOrdersFileNoCheckoutCouldWriteIsMovedAside(corpusFile: String?, problem: String) throws {
        let directory = try TemporaryDirectory("orders-fuzz")
        defer { directory.remove() }
        let corpus = packageRoot.appendingPathComponent("Fuzz/corpus/orders")
        let data: Data
        if let corpusFile {
            data = try Data(contentsOf: corpus.appendingPathComponent(corpusFile))
        } else {
            // The valid seed, tampered the way the problem names.
            var root = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: corpus.appendingPathComponent("orders.json"))) as? [String: Any])
            var orders = try #require(root["orders"] as? [[String: Any]])
            if problem.hasPrefix("lines") {
                var lines = try #require(orders[0]["lines"] as? [[String: Any]])
                lines[0]["quantity"] = Int.max
                orders[0]["lines"] = lines
            } else {
                orders[0]["tax"] = ["minorUnits": 208, "currency": "EUR"]
            }
            root["orders"] = orders
            data = try JSONSerialization.data(withJSONObject: root)
        }
        let state = StateDirectory(url: directory.url)
        try data.write(to: state.file("orders.json"))

        let (orders, recovery) = try OrderStore(stateDirectory: state).load()
        #expect(orders.isEmpty)
        let moved = try #require(recovery)
        #expect(moved.reason.contains(problem), "the reason names the field: \(moved.reason)")
        #expect(try Data(contentsOf: moved.movedTo) == data, "the file is kept whole beside")
    }

    @Test func theOrdersSeedIsAReadableOrdersFile() throws {
        let directory = try TemporaryDirectory("orders-seed")
        defer { directory.remove() }
        let state = StateDirectory(url: directory.url)
        try Data(contentsOf: packageRoot.appendingPathComponent("Fuzz/corpus/orders/orders.json"))
            .write(to: state.file("orders.json"))
        let (orders, recovery) = try OrderStore(stateDirectory: state).load()
        #expect(recovery == nil)
        #expect(orders.map(\.total) == [Money(minorUnits: 2806, currency: "USD")])
    }
}

/// Fuzz/corpus/orders/crash-fractional-second-date.json: a date with a fraction of a second
/// ("…T10:00:001.5Z") was read with it and written without it, so saving changed the file.
@Suite struct FuzzDateRegressionTests {
    @Test func aDateWithAFractionReadsAsTheWholeSecondItIsWrittenAs() throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Fuzz/corpus/orders/crash-fractional-second-date.json"))
        let book = try JSONDocumentStore<OrderBook>.decode(data).get()
        let estimate = try #require(book.orders.first?.deliveryEstimate)
        #expect(estimate.timeIntervalSince1970 == estimate.timeIntervalSince1970.rounded(.down))
        let again = try JSONDocumentStore<OrderBook>.decode(JSONDocumentStore<OrderBook>.encode(book)).get()
        #expect(again == book, "what is read is what the next save writes")
    }

    /// Fuzz/corpus/cart/crash-fractional-second-date.json: the cart target failed the same
    /// round trip (its input was not kept; this one has the fraction in `addedAt`, the cart's only
    /// field that could lose anything).
    @Test func theCartRoundTripsToo() throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Fuzz/corpus/cart/crash-fractional-second-date.json"))
        let cart = try JSONDocumentStore<Cart>.decode(data).get()
        #expect(cart.lines.count == 1)
        #expect(try JSONDocumentStore<Cart>.decode(JSONDocumentStore<Cart>.encode(cart)).get() == cart)
    }

    @Test func aDateThatIsNotISO8601SaysSo() throws {
        let json =
            #"{"version": 1, "lines": [{"productID": "p", "variantID": "v", "quantity": 1, "unitPrice": {"minorUnits": 100, "currency": "USD"}, "addedAt": "yesterday"}]}"#
        guard case .failure(let failure) = JSONDocumentStore<Cart>.decode(Data(json.utf8)) else {
            Issue.record("a date of \"yesterday\" was accepted")
            return
        }
        #expect(failure.reason.contains("expected an ISO 8601 date"), "\(failure.reason)")
        #expect(failure.reason.contains("$.lines[0].addedAt"), "\(failure.reason)")
    }
}
