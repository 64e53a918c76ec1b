import Foundation
import ShopTesting
import Testing
@testable import ShopCore

/// cart.json's hand-written writer and reader (issue 15) against Foundation's coders: the same
/// bytes as `JSONEncoder`, the same cart as `JSONDecoder`, and Foundation wherever either is
/// unsure (so a bad file is explained exactly as before).
@Suite struct CartJSONTests {
    /// Text as hand edits and odd catalogs make it: quotes, backslashes, slashes, non-ASCII,
    /// line and paragraph separators, DEL, emoji with joiners, combining marks.
    private static let pieces = [
        "a", "claw-clip", "Z", "0", "\"", "\\", "/", "\\\"", "é", "e\u{301}", "日本", "🧴", "👩‍👩‍👧", "\u{2028}", "\u{2029}",
        "\u{7F}", "\u{FEFF}", " ", "{", "}", "[", "]", ":", ",", "\u{10FFFF}", "<", "&",
    ]

    private static func text(_ random: inout SeededGenerator, control: Bool = false) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...6, using: &random) { text += pieces.randomElement(using: &random)! }
        if control { text += ["\n", "\t", "\u{0}", "\u{1B}", "\r", "\u{1F}"].randomElement(using: &random)! }
        return text
    }

    private static func cart(_ random: inout SeededGenerator, lines: Int, controls: Bool = false, dates: ClosedRange<Double>) -> Cart {
        var cart = Cart(
            lines: (0..<lines).map { _ in
                CartLine(
                    productID: text(&random, control: controls && Bool.random(using: &random)),
                    variantID: text(&random),
                    quantity: Int.random(in: Cart.quantityRange, using: &random),
                    unitPrice: Money(
                        minorUnits: [0, 1, 9, 10, 499, CartLine.maximumUnitPrice, Int.random(in: 0...CartLine.maximumUnitPrice, using: &random)]
                            .randomElement(using: &random)!,
                        currency: ["USD", "EUR", "JPY", "KWD"].randomElement(using: &random)!),
                    addedAt: Date(timeIntervalSince1970: Double.random(in: dates, using: &random)),
                    dealID: Bool.random(using: &random) ? text(&random) : nil)
            },
            settledCheckouts: Bool.random(using: &random) ? (0..<Int.random(in: 1...3, using: &random)).map { _ in text(&random) } : [])
        if Bool.random(using: &random), !cart.lines.isEmpty { cart.lines[0].addedAt = Date(timeIntervalSince1970: 0) }
        return cart
    }

    private static func foundationDecode(_ data: Data) -> Cart? {
        if case .success(let cart) = JSONDocumentStore<Cart>.codableDecode(data) { return cart }
        return nil
    }

    @Test(arguments: 0..<8)
    func theWriterWritesJSONEncodersBytes(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for size in [0, 1, 2, 5, 40] {
            let cart = Self.cart(&random, lines: size, dates: 0...CartJSON.endOfYear9999 - 1)
            let expected = try JSONDocumentStore<Cart>.codableEncode(cart)
            let written = try #require(CartJSON.encode(cart), "no control characters, dates in range: the fast path writes it")
            #expect(
                written == expected,
                "seed \(seed), \(size) lines:\n\(String(decoding: written, as: UTF8.self))\nJSONEncoder:\n\(String(decoding: expected, as: UTF8.self))")
            // And the reader gives back what Foundation's decoder gives for those bytes.
            let decoded = try #require(CartJSON.decode(written))
            #expect(decoded == Self.foundationDecode(expected))
            #expect(decoded == cart.storedForm(encoded: written))
        }
    }

    @Test func theEmptyCartAndATypicalOneAreJSONEncodersToo() throws {
        for cart in [Cart.empty, Cart(lines: [], settledCheckouts: ["k1"])] {
            #expect(CartJSON.encode(cart) == (try JSONDocumentStore<Cart>.codableEncode(cart)))
        }
        var cart = Cart.empty
        cart.add(
            CartLineKey(productID: "claw-clip", variantID: "black"), quantity: 2, unitPrice: Money(minorUnits: 1299, currency: "USD"),
            at: Date(timeIntervalSince1970: 1_763_700_000.75))
        cart.add(
            CartLineKey(productID: "lip-oil", variantID: "mocha", dealID: "deal-1"), quantity: 1,
            unitPrice: Money(minorUnits: 900, currency: "USD"), at: Date(timeIntervalSince1970: 1_763_700_001))
        #expect(CartJSON.encode(cart) == (try JSONDocumentStore<Cart>.codableEncode(cart)))
    }

    /// Control characters and dates outside 1970…9999 go to JSONEncoder: the store still writes
    /// what it always wrote, and it reads back.
    @Test(arguments: 0..<4)
    func whatTheWriterLeavesToFoundationIsWrittenAsBefore(seed: UInt64) throws {
        var random = SeededGenerator(seed: 100 + seed)
        for dates in [-62_135_596_800.0 ... -1, 0...CartJSON.endOfYear9999 - 1, CartJSON.endOfYear9999...CartJSON.endOfYear9999 * 2] {
            let cart = Self.cart(&random, lines: 6, controls: true, dates: dates)
            let stored = try JSONDocumentStore<Cart>.encode(cart)
            #expect(stored == (try JSONDocumentStore<Cart>.codableEncode(cart)))
            let decoded = JSONDocumentStore<Cart>.decode(stored)
            guard case .success(let cart) = decoded else {
                Issue.record("does not read back: \(decoded)")
                continue
            }
            #expect(cart == Self.foundationDecode(stored))
        }
    }

    /// Files written by hand or by other tools: the reader agrees with JSONDecoder, or leaves them
    /// to it.
    @Test(arguments: [
        #"{"version":1,"lines":[]}"#,
        #"{"lines":[{"productID":"a\/b","variantID":"v\u00e9","quantity":2.0,"unitPrice":{"minorUnits":1e3,"currency":"USD"},"addedAt":"2026-01-31T09:30:00Z","dealID":null,"extra":[1,{"x":null}]}],"version":1.0}"#,
        #"{"version":1,"lines":[{"productID":"p","productID":"second","variantID":"v","quantity":1,"unitPrice":{"minorUnits":0,"currency":"EUR"},"addedAt":"2024-02-29T23:59:59Z"}],"settledCheckouts":null}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-01-31T09:30:00.999Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-01-31T10:30:00+01:00"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"1969-12-31T23:59:59Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-02-30T00:00:00Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-01-01T24:00:00Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-01-01T00:00:60Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":0,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-01-01T00:00:00Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"usd"},"addedAt":"2026-01-01T00:00:00Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":-5,"currency":"USD"},"addedAt":"2026-01-01T00:00:00Z"}]}"#,
        #"{"version":1,"lines":[{"productID":"p","variantID":"v","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-01-01T00:00:00Z","dealID":7}]}"#,
        #"{"version":1,"lines":[{"productID":"p","quantity":1,"unitPrice":{"minorUnits":5,"currency":"USD"},"addedAt":"2026-01-01T00:00:00Z"}]}"#,
        #"{"version":1,"lines":[],"settledCheckouts":["a",2]}"#,
        #"{"version":2,"lines":[]}"#,
        #"{"version":1,"lines":{}}"#,
        #"[1,2]"#,
        #"{"version":1,"lines":[]} trailing"#,
    ])
    func theReaderReadsWhatJSONDecoderReads(text: String) {
        let data = Data(text.utf8)
        let foundation = Self.foundationDecode(data)
        if let fast = CartJSON.decode(data) {
            #expect(fast == foundation, "\(text)")
        }
        // What the store reads, and the reason it gives for a bad file, are Foundation's.
        switch (JSONDocumentStore<Cart>.decode(data), JSONDocumentStore<Cart>.codableDecode(data)) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a.reason == b.reason)
        default: Issue.record("the store and Foundation disagree on \(text)")
        }
    }

    @Test func datesReadAsFoundationReadsThem() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let seconds = Double(Int.random(in: 0..<Int(CartJSON.endOfYear9999), using: &random))
            let text = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
            let parsed = try #require(CartJSON.date(text), "\(text)")
            #expect(parsed == (try Date.ISO8601FormatStyle().parse(text)), "\(text)")
            #expect(parsed.timeIntervalSince1970 == seconds)
        }
    }
}
