import Foundation
import Logging
import ShopCore
import ShopTesting
import ShopMarketServer
import Testing
@testable import ShopMarketHTTP

/// The client against the real server, in this process on a free loopback port, both on one
/// manual clock: the whole link → quote → order → status → unlink path through HTTP.
@Suite("HTTPMarketplace against the reference server")
struct HTTPMarketplaceServerTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct World {
        let directory: URL
        let server: RunningMarketServer
        let clock: ManualClock
        let catalog: Catalog
        let riverstone: HTTPMarketplace

        static func start(publicURL: String? = nil, catalog: Catalog? = nil) async throws -> World {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-http-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let clock = ManualClock(Date())
            let catalog = try catalog ?? Catalog.load(from: packageRoot.appendingPathComponent("Assets"))
            let server = try await MarketServer.start(
                MarketServerConfiguration(
                    host: "127.0.0.1", port: 0, databasePath: directory.appendingPathComponent("market.sqlite").path, catalog: catalog,
                    publicURL: publicURL, speed: 1440, now: clock.now, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
            let name = catalog.marketplace("riverstone")?.name ?? "Riverstone Market"
            return World(
                directory: directory, server: server, clock: clock, catalog: catalog,
                riverstone: HTTPMarketplace(
                    id: "riverstone", name: name, baseURL: server.localURL,
                    // The server's handlers share this test process's small
                    // cooperative pool with suites that block it.
                    timeout: .seconds(60), now: clock.now))
        }

        func stop() async {
            await server.stop()
            try? FileManager.default.removeItem(at: directory)
        }

        /// Start, approve on the page as the demo shopper, poll after one interval.
        func link() async throws -> AccessToken {
            let authorization = try await riverstone.startLink()
            try await riverstone.answerAsDemoShopper(userCode: authorization.userCode, approve: true)
            clock.advance(by: Double(authorization.interval))
            guard case .linked(let token) = try await riverstone.pollLink(deviceCode: authorization.deviceCode) else {
                throw MarketplaceError(.invalidRequest, "not linked")
            }
            return token
        }
    }

    /// `serve --public-url` names the server by the address phones use, which the server's own
    /// machine may not reach (a tunnel, a LAN name). The storefront beside it reached it on
    /// loopback and keeps using that; the user is still shown the public page.
    @Test func aPublicNameTheClientCannotReachIsOnlyShownNotUsed() async throws {
        let world = try await World.start(publicURL: "http://phones.invalid:8710")
        let authorization = try await world.riverstone.startLink()
        #expect(authorization.verificationURI == "http://phones.invalid:8710/riverstone/device")
        #expect(authorization.verificationURIComplete?.hasPrefix("http://phones.invalid:8710/riverstone/device?user_code=") == true)
        let token = try await world.link()
        #expect(try await world.riverstone.profile(token: token).marketplaceID == "riverstone")
        #expect(try await !world.riverstone.stock(of: Set(world.catalog.products.map(\.id))).isEmpty)
        await world.stop()
    }

    @Test func endpointsMoveToTheReachedOriginOnlyWhenTheyShareTheIssuers() {
        var metadata = MarketWire.AuthorizationServerMetadata(
            issuer: "http://LAPTOP:8710/riverstone", deviceAuthorizationEndpoint: "http://laptop:8710/riverstone/oauth/device_authorization",
            tokenEndpoint: "http://LAPTOP:8710/riverstone/oauth/token", revocationEndpoint: "https://auth.example/revoke",
            grantTypesSupported: [], tokenEndpointAuthMethodsSupported: [], serviceDocumentation: nil,
            reelshopAPIBase: "http://LAPTOP:8710/riverstone/api/v1", reelshopVerificationURI: "http://LAPTOP:8710/riverstone/device")
        let moved = HTTPMarketplace.reachedAt("http://127.0.0.1:5000", metadata)
        #expect(moved.deviceAuthorizationEndpoint == "http://127.0.0.1:5000/riverstone/oauth/device_authorization")
        #expect(moved.tokenEndpoint == "http://127.0.0.1:5000/riverstone/oauth/token")
        #expect(moved.reelshopAPIBase == "http://127.0.0.1:5000/riverstone/api/v1")
        #expect(moved.revocationEndpoint == "https://auth.example/revoke", "another origin's endpoint stays")
        #expect(moved.issuer == metadata.issuer)
        metadata.issuer = "http://127.0.0.1:5000/riverstone"
        #expect(HTTPMarketplace.reachedAt("http://127.0.0.1:5000", metadata) == metadata, "reached by its own name: unchanged")
    }

    @Test func linkingFollowsTheDeviceFlowAndTheTokenWorksUntilUnlinked() async throws {
        let world = try await World.start()
        let market = world.riverstone
        let authorization = try await market.startLink()
        #expect(authorization.verificationURI == "\(world.server.baseURL)/riverstone/device")
        #expect(authorization.verificationURIComplete == "\(world.server.baseURL)/riverstone/device?user_code=\(authorization.userCode.display)")
        #expect(authorization.interval == 5)
        #expect(try await market.pollLink(deviceCode: authorization.deviceCode) == .pending)
        // Asked again at once: too soon.
        guard case .slowDown(let interval) = try await market.pollLink(deviceCode: authorization.deviceCode) else {
            Issue.record("expected slow_down")
            await world.stop()
            return
        }
        #expect(interval == 10)
        try await market.answerAsDemoShopper(userCode: authorization.userCode, approve: true)
        world.clock.advance(by: Double(interval))
        guard case .linked(let token) = try await market.pollLink(deviceCode: authorization.deviceCode) else {
            Issue.record("expected linked")
            await world.stop()
            return
        }
        let profile = try await market.profile(token: token)
        #expect(profile.marketplaceID == "riverstone" && profile.name == "Alex Rivera" && profile.paymentMethod.last4 == "4242")
        try await market.unlink(token: token)
        do throws(MarketplaceError) {
            _ = try await market.profile(token: token)
            Issue.record("a revoked token still works")
        } catch {
            #expect(error.kind == .unauthorized)
        }
        await world.stop()
    }

    @Test func aDeniedOrUnknownCodeSaysSo() async throws {
        let world = try await World.start()
        let market = world.riverstone
        let authorization = try await market.startLink()
        try await market.answerAsDemoShopper(userCode: authorization.userCode, approve: false)
        world.clock.advance(by: 5)
        #expect(try await market.pollLink(deviceCode: authorization.deviceCode) == .denied)
        let unknown = try #require(UserCode(parsing: "ZZZZ-ZZZZ"))
        await #expect(throws: MarketplaceError.self) { try await market.answerAsDemoShopper(userCode: unknown, approve: true) }
        await world.stop()
    }

    /// A big catalog's whole product list is more than the client reads of any answer (1 MiB):
    /// asked for whole, as the storefront did, the stock at 10,000 products never arrived and the
    /// catalog's numbers stayed on screen. Asked for by id, a unit another buyer holds is gone.
    @Test func aBigCatalogStillGetsLiveStockForTheProductsAsked() async throws {
        let bundled = try Catalog.load(from: Self.packageRoot.appendingPathComponent("Assets"))
        let template = try #require(bundled.products.first { $0.marketplaceID == "riverstone" && $0.variants.contains { $0.stock > 2 } })
        let extra = (0..<5_000).map { index in
            var product = template
            product.id = "big-\(index)"
            return product
        }
        let catalog = Catalog(
            directory: bundled.directory, marketplaces: bundled.marketplaces, creators: bundled.creators,
            products: bundled.products + extra, posts: bundled.posts, lives: bundled.lives)
        let world = try await World.start(catalog: catalog)
        let whole = try Data(contentsOf: URL(string: "\(world.server.localURL)/riverstone/api/v1/products")!)
        #expect(whole.count > HTTPMarketplace.maximumResponseBytes, "the whole list: \(whole.count) bytes")

        let product = try #require(extra.last), variant = try #require(product.variants.first { $0.stock > 2 })
        #expect(try await world.riverstone.stock(of: [product.id, "big-0"]).count == 2 * product.variants.count)
        let token = try await world.link()
        let line = OrderLine(
            productID: product.id, variantID: variant.id, title: product.title, variantLabel: variant.label, quantity: 2, unitPrice: product.price)
        let profile = try await world.riverstone.profile(token: token)
        _ = try await world.riverstone.quote(lines: [line], shipTo: profile.shippingAddress, voucherCode: nil, token: token)
        let levels = try await world.riverstone.stock(of: [product.id])
        #expect(levels.first { $0.variantID == variant.id }?.available == variant.stock - 2, "the held units are gone for others")
        await world.stop()
    }

    @Test func anOrderRetriedWithItsKeyIsOneOrderAndIsFoundByKey() async throws {
        let world = try await World.start()
        let market = world.riverstone
        let token = try await world.link()
        let product = try #require(world.catalog.products.first { $0.marketplaceID == "riverstone" && $0.variants.contains { $0.stock > 2 } })
        let variant = try #require(product.variants.first { $0.stock > 2 })
        let line = OrderLine(
            productID: product.id, variantID: variant.id, title: product.title, variantLabel: variant.label,
            quantity: 1, unitPrice: product.price)
        let profile = try await market.profile(token: token)
        let quote = try await market.quote(lines: [line], shipTo: profile.shippingAddress, voucherCode: nil, token: token)
        #expect(quote.quoteID != nil && quote.holdExpiresAt != nil)
        let request = PlaceOrderRequest(
            lines: [line], shipTo: profile.shippingAddress, idempotencyKey: "order-\(UUID().uuidString)",
            expectedTotal: quote.total, quoteID: quote.quoteID)
        #expect(try await market.order(idempotencyKey: request.idempotencyKey, token: token) == nil)
        func available() async throws -> Int? {
            try await market.stock(of: [product.id]).first { $0.productID == product.id && $0.variantID == variant.id }?.available
        }
        // Anonymous stock counts this buyer's live quote hold as taken.
        #expect(try await available() == variant.stock - 1)
        let first = try await market.placeOrder(request, token: token)
        let again = try await market.placeOrder(request, token: token)
        #expect(first.orderID == again.orderID)
        #expect(try await available() == variant.stock - 1, "one unit sold, once")
        // Asked for every product of every marketplace and more than one request holds (the
        // server answers at most 100 ids at a time): this marketplace's variants, each once.
        let everything = Set(world.catalog.products.map(\.id) + (0..<250).map { "not-sold-here-\($0)" })
        let levels = try await market.stock(of: everything)
        let sold = world.catalog.products.filter { $0.marketplaceID == "riverstone" }
        #expect(levels.count == sold.map(\.variants.count).reduce(0, +))
        #expect(Set(levels.map(\.productID)) == Set(sold.map(\.id)))
        #expect(try await market.order(idempotencyKey: request.idempotencyKey, token: token)?.orderID == first.orderID)
        let status = try await market.orderStatus(orderID: first.orderID, token: token)
        #expect(status.status == .placed)
        // A voucher the marketplace does not know is its own kind of refusal, with its words.
        await #expect(throws: MarketplaceError.self) {
            _ = try await market.quote(lines: [line], shipTo: profile.shippingAddress, voucherCode: "NOPE", token: token)
        }
        do throws(MarketplaceError) {
            _ = try await market.quote(lines: [line], shipTo: profile.shippingAddress, voucherCode: "NOPE", token: token)
        } catch {
            #expect(error.kind == .voucherRejected)
        }
        await world.stop()
    }
}
