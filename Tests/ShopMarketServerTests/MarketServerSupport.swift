import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Logging
import ShopCore
import ShopTesting
@testable import ShopMarketServer

/// A small catalog: one marketplace, a plain product with 5 units, one with a single unit, and a
/// LIVE stream with a flash deal (limit 2 per buyer) on a third.
enum Fixture {
    static let usd = "USD"
    static let market = Marketplace(
        id: "riverstone", name: "Riverstone Market", shippingPromise: "Free delivery in 2 days",
        deliveryDays: 2, returnPolicy: "30 days")
    static let mug = Product(
        id: "mug", marketplaceID: "riverstone", title: "Stoneware Mug", description: "A mug", category: "home",
        price: Money(minorUnits: 1800, currency: usd), rating: 4.5, reviewCount: 10, soldCount: 3,
        variants: [Variant(id: "blue", options: ["colour": "Blue"], stock: 5)], media: "mug")
    static let lamp = Product(
        id: "lamp", marketplaceID: "riverstone", title: "Last Lamp", description: "One left", category: "home",
        price: Money(minorUnits: 4000, currency: usd), rating: 4, reviewCount: 1, soldCount: 0,
        variants: [Variant(id: "std", options: ["finish": "Brass"], stock: 1)], media: "lamp")
    static let kettle = Product(
        id: "kettle", marketplaceID: "riverstone", title: "Kettle", description: "Deal", category: "home",
        price: Money(minorUnits: 6000, currency: usd), rating: 4, reviewCount: 1, soldCount: 0,
        variants: [Variant(id: "std", options: ["colour": "Steel"], stock: 50)], media: "kettle")
    static let deal = FlashDeal(
        productID: "kettle", dealPrice: Money(minorUnits: 3000, currency: usd), startOffset: 0, duration: 600,
        totalUnits: 100_000, perBuyerLimit: 2)
    static let live = LiveStream(
        id: "live1", hostHandle: "host", title: "Live", media: "live", pinnedProductIDs: ["kettle"], chat: [],
        deals: [deal], baseViewers: 10)
    static let catalog = Catalog(
        directory: URL(fileURLWithPath: "/nonexistent"), marketplaces: [market], creators: [],
        products: [mug, lamp, kettle], posts: [], lives: [live])
    /// 10 s into a deal cycle (cycles are 600 s of wall time).
    static let start = Date(timeIntervalSince1970: 600 * 3_000_000 + 10)
    static let address = ShippingAddress(name: "Alex Rivera", line1: "1 Main St", city: "Portland", region: "OR", postalCode: "97209", country: "US")

    static func line(_ product: Product, quantity: Int = 1, price: Money? = nil, dealID: String? = nil) -> OrderLine {
        OrderLine(
            productID: product.id, variantID: product.variants[0].id, title: product.title, variantLabel: product.variants[0].label,
            quantity: quantity, unitPrice: price ?? product.price, dealID: dealID)
    }
}

struct Reply {
    var status: Int
    var data: Data
    var headers: [String: String]
    var text: String { String(decoding: data, as: UTF8.self) }
    func json() throws -> [String: Any] { (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:] }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try MarketWire.decoder().decode(T.self, from: data) }
}

/// A running server on port 0 over a temporary database, and an HTTP client for it.
final class Harness: Sendable {
    let server: RunningMarketServer
    /// Moved by hand: device-code expiry, slow_down intervals, deal cycles.
    let clock: ManualClock
    let databasePath: String
    let session: URLSession

    static func temporaryDatabase() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("market-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("marketplace.sqlite").path
    }

    init(databasePath: String = Harness.temporaryDatabase(), clock: ManualClock = ManualClock(Fixture.start)) async throws {
        self.clock = clock
        self.databasePath = databasePath
        var logger = Logger(label: "test.market")
        logger.logLevel = .warning
        server = try await MarketServer.start(
            MarketServerConfiguration(
                host: "127.0.0.1", port: 0, databasePath: databasePath, catalog: Fixture.catalog, publicURL: nil, speed: 1440,
                now: clock.now, logger: logger))
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
    }

    func stop() async { await server.stop() }

    var base: String { server.localURL }

    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, data: data, headers: fields)
    }

    func form(_ path: String, _ fields: [(String, String)]) async throws -> Reply {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return try await send("POST", path, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    func json(_ method: String, _ path: String, _ value: some Encodable, token: String?, headers: [String: String] = [:]) async throws -> Reply {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await send(method, path, body: try MarketWire.encoder().encode(value), contentType: "application/json", headers: headers)
    }

    func get(_ path: String, token: String? = nil) async throws -> Reply {
        try await send("GET", path, headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
    }

    // MARK: - Linking

    func startLink() async throws -> MarketWire.DeviceAuthorizationResponse {
        let reply = try await form("/riverstone/oauth/device_authorization", [("client_id", "reelshop")])
        guard reply.status == 200 else { throw HarnessError("device_authorization answered \(reply.status): \(reply.text)") }
        return try reply.decode(MarketWire.DeviceAuthorizationResponse.self)
    }

    func poll(_ deviceCode: String) async throws -> Reply {
        try await form("/riverstone/oauth/token", [("grant_type", MarketWire.deviceCodeGrantType), ("device_code", deviceCode), ("client_id", "reelshop")])
    }

    /// GETs the confirm page and submits its form with `decision`, as a browser would.
    func decide(_ userCode: String, _ decision: String) async throws -> Reply {
        let page = try await get("/riverstone/device?user_code=\(userCode)")
        guard page.status == 200, let token = Self.hidden("form_token", in: page.text), let code = Self.hidden("user_code", in: page.text) else {
            throw HarnessError("confirm page answered \(page.status): \(page.text)")
        }
        return try await form("/riverstone/device", [("user_code", code), ("form_token", token), ("decision", decision)])
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// A linked buyer's tokens.
    func link() async throws -> MarketWire.TokenResponse {
        let started = try await startLink()
        let decided = try await decide(started.userCode, "approve")
        guard decided.status == 200 else { throw HarnessError("approve answered \(decided.status)") }
        let reply = try await poll(started.deviceCode)
        guard reply.status == 200 else { throw HarnessError("token answered \(reply.status): \(reply.text)") }
        return try reply.decode(MarketWire.TokenResponse.self)
    }

    /// Units available of the product's first variant, as GET /products/{id} answers; the list
    /// (GET /products, read in one pass over the stock and holds tables) must answer the same.
    func available(_ product: String, token: String? = nil) async throws -> Int {
        let reply = try await get("/riverstone/api/v1/products/\(product)", token: token)
        let one = try reply.decode(MarketWire.ProductStock.self).variants[0].available
        let list = try await get("/riverstone/api/v1/products", token: token).decode([MarketWire.ProductStock].self)
        let listed = list.first { $0.productID == product }?.variants[0].available
        // What a storefront asks: a few products by id (the stock and holds read by key).
        let some = try await get("/riverstone/api/v1/products?ids=\(product),lamp,not-sold-here", token: token)
            .decode([MarketWire.ProductStock].self)
        let named = some.first { $0.productID == product }?.variants[0].available
        guard listed == one, named == one else {
            throw HarnessError(
                "GET /products says \(listed.map(String.init) ?? "nothing") of \(product), ?ids= \(named.map(String.init) ?? "nothing"), GET /products/\(product) \(one)"
            )
        }
        return one
    }

    func order(_ lines: [OrderLine], token: String, key: String, expectedTotal: Money? = nil) async throws -> Reply {
        try await json(
            "POST", "/riverstone/api/v1/orders",
            MarketWire.OrderBody(lines: lines, shipTo: Fixture.address, voucherCode: nil, expectedTotal: expectedTotal, quoteID: nil),
            token: token, headers: ["Idempotency-Key": key])
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
