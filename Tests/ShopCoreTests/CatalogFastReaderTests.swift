import Foundation
import ShopTesting
import Testing
@testable import ShopCore

/// The one-pass catalog reader (issue 15) against `CatalogLoader`, which explains problems: on
/// every catalog the reader answers for, the same `Catalog`; on every catalog `CatalogLoader`
/// refuses, no answer (so the problems reported are `CatalogLoader`'s, unchanged).
@Suite struct CatalogFastReaderTests {
    private static var bundled: [String: Any] {
        let data = FileManager.default.contents(atPath: bundledCatalogDirectory.appendingPathComponent("catalog.json").path)!
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    private static func slow(_ data: Data) -> Result<Catalog, CatalogError> {
        Result { () throws(CatalogError) -> Catalog in try CatalogLoader(directory: bundledCatalogDirectory).load(data: data) }
    }

    private static func fast(_ data: Data) -> Catalog? {
        CatalogFastReader.read(data, directory: bundledCatalogDirectory, mediaFiles: MediaFileCheck())
    }

    /// The reader's answer is CatalogLoader's catalog, or none when CatalogLoader refuses.
    private static func agree(_ data: Data, _ what: String) {
        switch slow(data) {
        case .success(let catalog):
            if let fast = fast(data) { #expect(fast == catalog, "\(what)") }
        case .failure(let error):
            let accepted = fast(data) != nil
            #expect(!accepted, "CatalogLoader refuses it (\(error.problems.first?.message ?? "")), the reader took it: \(what)")
        }
    }

    private static func json(_ object: Any) -> Data { try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }

    @Test func theBundledCatalogReadsTheSameBothWays() throws {
        let data = try #require(FileManager.default.contents(atPath: bundledCatalogDirectory.appendingPathComponent("catalog.json").path))
        let fast = try #require(Self.fast(data), "the bundled catalog is plain: the reader answers")
        #expect(fast == (try Self.slow(data).get()))
        #expect(fast == (try Catalog.load(from: bundledCatalogDirectory)))
        #expect(!fast.lives.isEmpty && !fast.products.isEmpty)
    }

    /// As Benchmarks/make-catalog.py builds them: many products and posts copied from the
    /// bundled ones, with nulls for optional fields and members the loader does not read.
    @Test func aLargeCatalogReadsTheSameBothWays() throws {
        var catalog = Self.bundled
        let products = catalog["products"] as! [[String: Any]], posts = catalog["posts"] as! [[String: Any]]
        // The bundled entries stay (the LIVE streams pin them), the copies come after.
        var bigProducts = products, bigPosts = posts
        for i in 0..<300 {
            var product = products[i % products.count]
            product["id"] = "\(product["id"]!)-\(i)"
            product["title"] = "\(product["title"]!) #\(i)"
            if i % 5 == 0 { product["compareAtPrice"] = NSNull() }
            if i % 7 == 0 { product["notes"] = ["nested": [1, 2.5, ["deep": true]], "more": NSNull()] }
            bigProducts.append(product)
            var post = posts[i % posts.count]
            post["id"] = "post-\(i)"
            post["product"] = product["id"]
            if i % 3 == 0 { post["motion"] = NSNull() }
            bigPosts.append(post)
        }
        catalog["products"] = bigProducts
        catalog["posts"] = bigPosts
        catalog["generator"] = "test"
        let data = Self.json(catalog)
        let fast = try #require(Self.fast(data))
        #expect(fast == (try Self.slow(data).get()))
        #expect(fast.products.count == products.count + 300 && fast.posts.count == posts.count + 300)
    }

    private enum Mutation: CaseIterable {
        case remove, null, wrongType, blank, outOfRange, negative, fraction, duplicateID, unknownReference, empty,
            extraMember, badText
    }

    /// One random field of one random entry changed in a way CatalogLoader may or may not accept.
    private static func mutate(_ catalog: [String: Any], _ random: inout SeededGenerator) -> ([String: Any], String) {
        var catalog = catalog
        let section = ["marketplaces", "creators", "products", "posts", "lives"].randomElement(using: &random)!
        var entries = catalog[section] as! [[String: Any]]
        let index = Int.random(in: 0..<entries.count, using: &random)
        var entry = entries[index]
        // Sometimes a nested entry: a variant, a price point, a deal, a chat line.
        let nested = ["variants", "priceHistory", "deals", "chat"].first { entry[$0] is [[String: Any]] && !(entry[$0] as! [Any]).isEmpty }
        var inner: (key: String, index: Int, entries: [[String: Any]])?
        if let nested, Bool.random(using: &random) {
            let list = entry[nested] as! [[String: Any]]
            inner = (nested, Int.random(in: 0..<list.count, using: &random), list)
        }
        var target = inner.map { $0.entries[$0.index] } ?? entry
        let key = target.keys.sorted().randomElement(using: &random)!
        let mutation = Mutation.allCases.randomElement(using: &random)!
        switch mutation {
        case .remove: target[key] = nil
        case .null: target[key] = NSNull()
        case .wrongType: target[key] = target[key] is String ? 7 : "seven"
        case .blank: target[key] = [" ", "", "\t", "\u{3000}"].randomElement(using: &random)!
        case .outOfRange: target[key] = [1_000_000_001, 61, 100, 6, 4000, 0].randomElement(using: &random)!
        case .negative: target[key] = -1
        case .fraction: target[key] = [2.5, 4.0, 1e3, 0.5].randomElement(using: &random)!
        case .duplicateID:
            let other = entries[(index + 1) % entries.count]
            if inner == nil, let id = other[key] { target[key] = id } else { target[key] = "claw-clip" }
        case .unknownReference: target[key] = "no-such-thing"
        case .empty: target[key] = target[key] is [Any] ? [] : (target[key] is [String: Any] ? [:] : "")
        case .extraMember: target["unread-\(key)"] = ["a": [1, [2, [3]]]]
        case .badText:
            target[key] = ["../escape.gif", "/etc/passwd", "media/none.gif", "2026-02-30", "#12345", "ZOOM", "usd", "a b", "x\u{1B}[31m"]
                .randomElement(using: &random)!
        }
        if var inner {
            inner.entries[inner.index] = target
            entry[inner.key] = inner.entries
        } else {
            entry = target
        }
        entries[index] = entry
        catalog[section] = entries
        return (catalog, "\(section)[\(index)]\(inner.map { ".\($0.key)[\($0.index)]" } ?? "").\(key): \(mutation)")
    }

    /// Every field of the first entry of each kind (and of a variant, a price point, a deal and a
    /// chat line) given each value below in turn: every bound, type and reference CatalogLoader
    /// checks is met at least once, which random mutations alone reach only by luck (a reader
    /// taking `deliveryDays` 61 passed them).
    @Test(
        arguments: [
            ("marketplaces", nil), ("creators", nil), ("products", nil), ("products", "variants"), ("products", "priceHistory"),
            ("posts", nil), ("lives", nil), ("lives", "deals"), ("lives", "chat"),
        ] as [(String, String?)])
    func everyFieldGivenEachOddValueIsReadAsCatalogLoaderReadsIt(section: String, nested: String?) throws {
        // Just past each bound CatalogLoader sets (60 days, 5 stars, 99 per buyer, 3,600 s, ...),
        // each wrong type, and the references and paths it checks.
        let values: [Any?] = [
            nil, NSNull(), "seven", " ", 100_000_001, 1_000_001, 61, 6, 0, 9, 3601, 86_401, -1, 2.5, [] as [Any], ["k": 1], [1],
            "no-such-thing", "riverstone", "../escape.gif", "media/none.gif", "2026-02-30", "#12345", "ZOOM", "usd", true,
        ]
        let bundled = Self.bundled
        var entries = try #require(bundled[section] as? [[String: Any]])
        let index = try #require(entries.firstIndex { entry in nested.map { (entry[$0] as? [Any])?.isEmpty == false } ?? true })
        let original = nested.map { (entries[index][$0] as! [[String: Any]])[0] } ?? entries[index]
        for key in original.keys.sorted() {
            for value in values {
                var target = original
                target[key] = value
                var entry = entries[index]
                if let nested {
                    var list = entry[nested] as! [[String: Any]]
                    list[0] = target
                    entry[nested] = list
                } else {
                    entry = target
                }
                entries[index] = entry
                var catalog = bundled
                catalog[section] = entries
                Self.agree(Self.json(catalog), "\(section)[\(index)]\(nested.map { ".\($0)[0]" } ?? "").\(key) = \(value ?? "(removed)")")
            }
        }
    }

    @Test(arguments: 0..<6)
    func mutatedCatalogsAreReadAsCatalogLoaderReadsThem(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let bundled = Self.bundled
        for _ in 0..<60 {
            var (catalog, what) = Self.mutate(bundled, &random)
            if Bool.random(using: &random) {
                let (twice, more) = Self.mutate(catalog, &random)
                catalog = twice
                what += "; " + more
            }
            Self.agree(Self.json(catalog), what)
        }
    }

    /// Text changes the dictionaries above cannot make: repeated members, deep nesting,
    /// trailing bytes, bad top-level shapes.
    @Test func textTheTreeWouldReadDifferentlyIsLeftToCatalogLoader() throws {
        let original = String(decoding: Self.json(Self.bundled), as: UTF8.self)
        let variants = [
            original.replacingOccurrences(of: "{\"category\"", with: "{\"id\":\"first\",\"category\""),
            original.replacingOccurrences(of: "\"version\":1", with: "\"version\":1,\"version\":2"),
            original.replacingOccurrences(of: "\"version\":1", with: "\"version\":1.0"),
            original.replacingOccurrences(
                of: "\"version\":1", with: "\"version\":1,\"deep\":" + String(repeating: "[", count: 511) + String(repeating: "]", count: 511)),
            original.replacingOccurrences(
                of: "\"version\":1", with: "\"version\":1,\"deep\":" + String(repeating: "[", count: 509) + String(repeating: "]", count: 509)),
            original + " x",
            original + "\n",
            " \n" + original,
            "[" + original + "]",
            "{}",
            "",
            original.replacingOccurrences(of: "\"version\":1", with: "\"version\":2"),
            original.replacingOccurrences(of: "\"stock\":", with: "\"stock\":1,\"stock\":"),
        ]
        for text in variants {
            Self.agree(Data(text.utf8), String(text.prefix(80)))
        }
        #expect(Self.fast(Data(variants[0].utf8)) == nil, "a repeated member is CatalogLoader's to judge")
    }
}
