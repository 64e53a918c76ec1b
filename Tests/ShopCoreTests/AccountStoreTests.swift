import Foundation
import Testing
@testable import ShopCore
import ShopTesting
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Accounts: private token file, redaction, unlinking")
struct AccountStoreTests {
    @Test("accounts.json, the test marketplace file and orders.json are 0600 even under a permissive umask")
    func fileModes() async throws {
        let old = umask(0o022)
        defer { umask(old) }
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        _ = try world.cartStore.add(productID: "headphones")
        _ = await world.coordinator.place(await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog)))
        #expect(fileMode(world.accounts.url) == 0o600)
        #expect(fileMode(world.store.url) == 0o600)
        #expect(fileMode(OrderStore(stateDirectory: world.dir.state).url) == 0o600)
    }

    @Test("a token never prints itself: description, debugDescription, interpolation, dump and Mirror redact")
    func tokenRedacts() {
        let token = AccessToken.random()
        let secret = token.unredactedValue
        #expect(secret.count > 32)
        var dumped = ""
        dump(token, to: &dumped)
        let shown = [
            "\(token)", String(describing: token), String(reflecting: token), dumped,
            "\(Mirror(reflecting: token).children.map { "\($0.value)" })", "\([token])", "\(Optional(token) as Any)",
        ]
        for text in shown {
            #expect(!text.contains(secret), "leaked in: \(text)")
        }
        #expect(token.description == "AccessToken(‹redacted›)")
        let device = DeviceCode.random()
        var dumpedDevice = ""
        dump(device, to: &dumpedDevice)
        #expect(!"\(device)".contains(device.unredactedValue))
        #expect(!dumpedDevice.contains(device.unredactedValue))
    }

    @Test("tokens appear in accounts.json only: never in the cart, orders, quotes, profiles or any encoded output")
    func tokensAbsentFromOutputs() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        let account = try await world.link("riverstone")
        try await world.link("lumen")
        let secrets = try ["riverstone", "lumen"].map { try #require(try world.accounts.token(for: $0)).unredactedValue }

        _ = try world.cartStore.add(productID: "headphones")
        _ = try world.cartStore.add(productID: "candle")
        let authorization = try await world.linker.start(marketplaceID: "lumen")
        let plan = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        let result = await world.coordinator.place(plan)
        let orders = try await world.coordinator.refreshOrders()
        let service = try #require(world.registry.service(for: "riverstone"))
        let report = try await service.orderStatus(orderID: orders[0].id, token: try #require(try world.accounts.token(for: "riverstone")))

        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var outputs: [String] = []
        func add<T: Encodable>(_ value: T) throws { outputs.append(String(decoding: try encoder.encode(value), as: UTF8.self)) }
        try add(account)
        try add(try world.accounts.accounts())
        try add(account.profile)
        try add(plan.groups.compactMap(\.quote))
        try add(result.newlyPlaced)
        try add(orders)
        try add(OrderBook(orders: orders))
        try add(report)
        try add(try world.store.pendingLinks())
        try add(try world.cartStore.load().cart)
        // Values the UI may print.
        outputs.append("\(plan)")
        outputs.append("\(result)")
        outputs.append("\(authorization)")
        outputs.append("\(LinkState(started: authorization, at: world.clock.date))")
        outputs.append("\(await world.linker.poll(authorization))")
        // Every file Reelshop writes but accounts.json (the marketplace double's own file is the
        // "server side", not Reelshop's; the real server keeps digests, ShopMarketServerTests).
        outputs.append(try world.dir.allFileText(excluding: [AccountStore.fileName, FileMarketplaceStore.fileName]))
        #expect(outputs.allSatisfy { !$0.isEmpty })

        for secret in secrets + [authorization.deviceCode.unredactedValue] {
            for output in outputs {
                #expect(!output.contains(secret), "a secret leaked into: \(output.prefix(200))")
            }
        }
        let accountsFile = String(decoding: FileManager.default.contents(atPath: world.accounts.url.path) ?? Data(), as: UTF8.self)
        #expect(secrets.allSatisfy { accountsFile.contains($0) })
    }

    @Test("unlinking deletes the token from accounts.json and the marketplace refuses it afterwards")
    func unlinkDeletesToken() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        try await world.link("riverstone")
        try await world.link("lumen")
        let token = try #require(try world.accounts.token(for: "riverstone"))
        #expect(try await world.linker.unlink(marketplaceID: "riverstone"))
        #expect(try world.accounts.token(for: "riverstone") == nil)
        #expect(try world.accounts.accounts().map(\.marketplaceID) == ["lumen"])
        let file = String(decoding: FileManager.default.contents(atPath: world.accounts.url.path) ?? Data(), as: UTF8.self)
        #expect(!file.contains(token.unredactedValue))
        let service = try #require(world.registry.service(for: "riverstone"))
        do {
            _ = try await service.profile(token: token)
            Issue.record("a revoked token was accepted")
        } catch {
            #expect(error.kind == .unauthorized)
        }
        #expect(try await world.linker.unlink(marketplaceID: "riverstone") == false)

        // A checkout then asks to link again.
        _ = try world.cartStore.add(productID: "headphones")
        let plan = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        #expect(plan.marketplacesNeedingLink == ["riverstone"])
    }

    @Test("a corrupt accounts.json is moved aside, not overwritten")
    func corruptFile() throws {
        let dir = try MarketStateDirectory()
        defer { dir.remove() }
        let store = AccountStore(stateDirectory: dir.state)
        try Data("{ not json".utf8).write(to: store.url)
        #expect(try store.accounts().isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(names.contains { $0.hasPrefix("accounts.json.corrupt-") })
    }
}
