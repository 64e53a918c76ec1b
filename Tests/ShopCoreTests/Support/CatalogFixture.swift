import Foundation
import ShopCore

/// A small, valid catalog that a test changes field by field and writes to a folder, so each
/// validation test starts from something known to load and breaks exactly one thing.
///
/// Three marketplaces ("beta" is listed before "alpha" so catalog order differs from sorted order),
/// three creators, three products, two posts, and one media file.
struct CatalogFixture {
    var version: Any = 1
    var marketplaces: [[String: Any]] = [
        [
            "id": "beta", "name": "Beta Bazaar", "shippingPromise": "Ships in 1 day", "deliveryDays": 4,
            "returnPolicy": "14 days",
        ],
        [
            "id": "alpha", "name": "Alpha Market", "shippingPromise": "Free delivery in 2 days", "deliveryDays": 2,
            "returnPolicy": "30 days",
        ],
        // Nothing sells through "gamma" and "kim" posts nothing: breaking them cannot make a
        // reference dangle.
        [
            "id": "gamma", "name": "Gamma Goods", "shippingPromise": "Slow boat", "deliveryDays": 30,
            "returnPolicy": "None",
        ],
    ]
    var creators: [[String: Any]] = [
        ["handle": "zoe", "displayName": "Zoe", "followers": 1200, "verified": true],
        ["handle": "sam", "displayName": "Sam", "followers": 15],
        ["handle": "kim", "displayName": "Kim", "followers": 0],
    ]
    var products: [[String: Any]] = [
        CatalogFixture.product(
            id: "clip", marketplace: "alpha", price: 1299, compareAt: 1800,
            variants: [
                ["id": "tortoise", "options": ["colour": "Tortoise"], "stock": 140],
                ["id": "black", "options": ["colour": "Black"], "stock": 85],
                ["id": "cream", "options": ["colour": "Cream"], "stock": 0],
            ]),
        CatalogFixture.product(
            id: "mug", marketplace: "beta", price: 2450,
            variants: [
                ["id": "sold-out", "options": ["colour": "Sky"], "stock": 0],
                ["id": "cream", "options": ["colour": "Cream"], "stock": 3],
            ]),
        // No post shows the lamp, so breaking it cannot make a post's reference dangle.
        CatalogFixture.product(
            id: "lamp", marketplace: "alpha", price: 3999,
            variants: [
                ["id": "sunset", "options": [:], "stock": 0],
                ["id": "rainbow", "options": ["colour": "Rainbow"], "stock": 0],
            ]),
    ]
    var posts: [[String: Any]] = [
        CatalogFixture.post(id: "post-1", creator: "zoe", product: "clip"),
        CatalogFixture.post(id: "post-2", creator: "sam", product: "mug"),
    ]
    /// Media files to create (relative to the catalog folder).
    var mediaFiles: [String] = ["media/a.png"]

    static func product(
        id: String, marketplace: String, price: Int, compareAt: Int? = nil, currency: String = "USD",
        variants: [[String: Any]], media: String = "media/a.png"
    ) -> [String: Any] {
        var product: [String: Any] = [
            "id": id, "marketplace": marketplace, "title": "Title of \(id)", "description": "About \(id).",
            "category": "Things", "currency": currency, "price": price, "rating": 4.5, "reviewCount": 10,
            "soldCount": 100, "media": media, "variants": variants,
        ]
        if let compareAt { product["compareAtPrice"] = compareAt }
        return product
    }

    static func post(id: String, creator: String, product: String, media: String = "media/a.png") -> [String: Any] {
        [
            "id": id, "creator": creator, "caption": "Caption of \(id)", "hashtags": ["one", "two"],
            "sound": "original sound", "media": media, "product": product, "likes": 5, "comments": 2, "shares": 1,
        ]
    }

    /// Top-level values that replace the typed ones, for shapes they cannot hold (e.g. a post
    /// that is a string, or "products" that is an object).
    var topLevelOverrides: [String: Any] = [:]

    var json: [String: Any] {
        var json: [String: Any] = [
            "version": version, "marketplaces": marketplaces, "creators": creators, "products": products, "posts": posts,
        ]
        json.merge(topLevelOverrides) { _, override in override }
        return json
    }

    /// Changes one variant of one product.
    mutating func changeVariant(product: Int, variant: Int, _ change: (inout [String: Any]) -> Void) {
        var variants = products[product]["variants"] as? [[String: Any]] ?? []
        change(&variants[variant])
        products[product]["variants"] = variants
    }

    /// Writes catalog.json and the media files into `directory` (created if needed).
    func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: directory.appendingPathComponent("catalog.json"))
        for media in mediaFiles {
            let url = directory.appendingPathComponent(media)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try tinyPNG.write(to: url)
        }
    }

    /// Writes the catalog and loads it, returning the problems (empty when it loads).
    func problems(in directory: URL) throws -> [CatalogProblem] {
        try write(to: directory)
        do {
            _ = try Catalog.load(from: directory)
            return []
        } catch {
            return error.problems
        }
    }

    /// A catalog of `count` products "p000"... in one marketplace, each with one variant "v" in
    /// stock, all sharing one media file; for tests that need many distinct cart lines.
    static func many(_ count: Int) -> CatalogFixture {
        var fixture = CatalogFixture()
        fixture.products = (0..<count).map { index in
            product(
                id: String(format: "p%03d", index), marketplace: "alpha", price: 100 + index,
                variants: [
                    ["id": "v", "options": [:], "stock": 1000]
                ])
        }
        fixture.posts = [post(id: "post-1", creator: "zoe", product: "p000")]
        return fixture
    }
}

/// A valid 1x1 PNG, so media files are real pictures.
let tinyPNG = Data(
    base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!
