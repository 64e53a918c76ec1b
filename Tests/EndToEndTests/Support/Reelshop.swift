import Foundation
import Testing

/// One test's world for the CLI: its own state directory, home and catalog.
struct CLISandbox {
    let temp: TemporaryDirectory
    let state: URL
    var catalog: URL

    init(catalog: URL = bundledCatalog) throws {
        try requireBinary()
        temp = try TemporaryDirectory("cli")
        state = temp.appending("state")
        self.catalog = catalog
    }

    var cartFile: URL { state.appendingPathComponent("cart.json") }
    var environment: [String: String] { isolatedEnvironment(home: temp.appending("home")) }

    /// The arguments every cart command gets: the sandbox's state directory and catalog.
    var common: [String] { ["--state-dir", state.path, "--catalog", catalog.path] }

    /// `reelshop <arguments>` (no options added).
    func reelshop(_ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        try run(reelshopBinary, arguments, environment: environment, timeout: timeout)
    }

    /// `reelshop cart <arguments> --state-dir … --catalog …`.
    func cart(_ arguments: String...) throws -> ProcessResult {
        try reelshop(["cart"] + arguments + common)
    }

    /// `reelshop cart show --json`, parsed; records an issue and returns nil when it fails.
    func shownCart(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any]? {
        let result = try cart("show", "--json")
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        guard let data = result.stdout.data(using: .utf8),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            Issue.record("cart show --json printed no JSON object: \(result)", sourceLocation: sourceLocation)
            return nil
        }
        return json
    }

    /// The `lines` of `cart show --json`.
    func shownLines(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try shownCart(sourceLocation: sourceLocation)?["lines"] as? [[String: Any]] ?? []
    }

    func remove() { temp.remove() }

    /// Names in the state directory.
    func stateNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: state.path)) ?? []).sorted()
    }
}

/// "productID/variantID" of each shown line.
func keys(_ lines: [[String: Any]]) -> [String] {
    lines.map { "\($0["productID"] as? String ?? "?")/\($0["variantID"] as? String ?? "?")" }
}

/// A generated catalog of `count` products "p000"… in one marketplace, each with one variant "v",
/// all pictured by one tiny media file; for runs that need many distinct cart lines.
func writeManyProductCatalog(_ count: Int, to directory: URL) throws {
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("media"), withIntermediateDirectories: true)
    try tinyPNG.write(to: directory.appendingPathComponent("media/tiny.png"))
    let products: [[String: Any]] = (0..<count).map { index in
        [
            "id": productID(index), "marketplace": "m", "title": "Product \(index)", "description": "Number \(index).",
            "category": "Test", "currency": "USD", "price": 100 + index, "rating": 4.0, "reviewCount": 1,
            "soldCount": 1, "media": "media/tiny.png",
            "variants": [["id": "v", "options": [String: String](), "stock": 1000]],
        ]
    }
    let catalog: [String: Any] = [
        "version": 1,
        "marketplaces": [["id": "m", "name": "Test Market", "shippingPromise": "Soon", "deliveryDays": 1, "returnPolicy": "None"]],
        "creators": [["handle": "tester", "displayName": "Tester", "followers": 1]],
        "products": products,
        "posts": [
            [
                "id": "post-1", "creator": "tester", "caption": "A test", "hashtags": ["test"], "sound": "none",
                "media": "media/tiny.png", "product": productID(0), "likes": 0, "comments": 0, "shares": 0,
            ]
        ],
    ]
    try JSONSerialization.data(withJSONObject: catalog).write(to: directory.appendingPathComponent("catalog.json"))
}

func productID(_ index: Int) -> String { String(format: "p%03d", index) }

/// A valid 1x1 PNG.
let tinyPNG = Data(
    base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!
