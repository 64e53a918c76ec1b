import Foundation
import ShopCore
import ShopMarketHTTP
import Testing

/// Drives the built `reelshop` binary as a second process next to an in-process storefront, both
/// clients of one real `reelshop market serve`: the storefront starts a link, `reelshop accounts
/// approve CODE` approves it from "another terminal" through the marketplace's verification
/// page. Needs the binary: `make test` builds it (REELSHOP_BIN), or `swift build` first.
@Suite("reelshop accounts / orders from a second process")
struct AccountsCommandTests {
    @Test("approve a link from another process, then list accounts and orders without any token")
    func approveFromSecondProcess() async throws {
        let binary = try MarketCLIHarness.binary()
        let harness = try MarketCLIHarness()
        defer { harness.remove() }

        // The "storefront": starts a link and shows its code.
        let authorization = try await harness.linker.start(marketplaceID: "riverstone")
        #expect(authorization.verificationURI == "\(harness.market.url)/riverstone/device")
        let listed = try harness.run(binary, ["accounts", "list", "--json"])
        #expect(listed.status == 0)

        // The "phone": another process types the code sloppily.
        let sloppy = authorization.userCode.normalized.lowercased()
        let approve = try harness.run(binary, ["accounts", "approve", sloppy])
        #expect(approve.status == 0, "stderr: \(approve.stderr)")
        #expect(approve.stdout == "Approved \(authorization.userCode.display): Reelshop will finish linking your Riverstone Market account.\n")

        guard case .linked(let account) = await harness.linker.poll(authorization) else {
            Issue.record("the link did not complete after approval")
            return
        }
        #expect(account.profile.membership?.name == "Riverstone Plus")
        let token = try #require(try harness.accounts.token(for: "riverstone")).unredactedValue

        // The code is spent: approving again fails on stderr with a non-zero status.
        let again = try harness.run(binary, ["accounts", "approve", authorization.userCode.display])
        #expect(again.status != 0)
        #expect(again.stderr.hasPrefix("reelshop: No marketplace is waiting for the code \(authorization.userCode.display)"))
        #expect(again.stdout.isEmpty)

        // Place an order in-process, then read it back through the CLI.
        _ = try harness.cart.add(productID: "kettle", quantity: 2)
        let plan = await harness.coordinator.quote(CheckoutPlan.cart(try harness.cart.load().cart, catalog: harness.catalog))
        let result = await harness.coordinator.place(plan)
        let order = try #require(result.newlyPlaced.first)

        let ordersJSON = try harness.run(binary, ["orders", "--json"])
        #expect(ordersJSON.status == 0, "stderr: \(ordersJSON.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode([Order].self, from: Data(ordersJSON.stdout.utf8))
        #expect(decoded.map(\.id) == [order.id])
        #expect(decoded.first?.total == order.total)

        let outputs = [
            listed, approve, again, ordersJSON,
            try harness.run(binary, ["orders"]),
            try harness.run(binary, ["accounts"]),
            try harness.run(binary, ["accounts", "list", "--json"]),
        ]
        for output in outputs {
            #expect(!output.stdout.contains(token) && !output.stderr.contains(token))
        }
        #expect(outputs[4].stdout.contains(order.id))
        #expect(outputs[5].stdout.contains("Pays with Visa ···· 4242"))

        // Unlink deletes the token from accounts.json.
        let unlink = try harness.run(binary, ["accounts", "unlink", "riverstone"])
        #expect(unlink.status == 0, "stderr: \(unlink.stderr)")
        #expect(unlink.stdout == "Unlinked Riverstone Market; its token is deleted.\n")
        let file = String(decoding: FileManager.default.contents(atPath: harness.accounts.url.path) ?? Data(), as: UTF8.self)
        #expect(!file.contains(token))
        #expect(try harness.accounts.accounts().isEmpty)
    }

    @Test("two shoppers race for the last unit at one marketplace: one order, one clear sold out")
    func twoShoppersRaceForTheLastUnit() async throws {
        let binary = try MarketCLIHarness.binary()
        let harness = try MarketCLIHarness()
        defer { harness.remove() }
        // Two people, two state directories, one marketplace server.
        let windows = [harness.root.appendingPathComponent("ana"), harness.root.appendingPathComponent("ben")]
        for window in windows {
            let linked = try harness.run(binary, ["debug", "link", "riverstone"], stateDirectory: window)
            #expect(linked.status == 0, "stderr: \(linked.stderr)")
        }
        for _ in 0..<3 {
            let racers = try windows.map { try harness.start(binary, ["debug", "buy", "lamp"], stateDirectory: $0) }
            let results = racers.map { $0.finish() }
            let won = results.filter { $0.status == 0 && $0.stdout.hasPrefix("ordered ") }
            let lost = results.filter { $0.status != 0 }
            // The first round sells the one lamp; later rounds find it gone for both.
            let orders = MarketDatabase.orders(in: harness.market.database, marketplaceID: "riverstone")
            #expect(orders.count == 1, "exactly one lamp sold: \(results)")
            #expect(won.count <= 1 && won.count + lost.count == 2, "\(results)")
            for loser in lost {
                #expect(loser.stderr.lowercased().contains("out of stock") || loser.stderr.lowercased().contains("sold out"), "\(loser.stderr)")
            }
        }
    }

    @Test("deny a link from another process; unknown codes and marketplaces fail with a message")
    func denyFromSecondProcess() async throws {
        let binary = try MarketCLIHarness.binary()
        let harness = try MarketCLIHarness()
        defer { harness.remove() }
        let authorization = try await harness.linker.start(marketplaceID: "lumen")
        let deny = try harness.run(binary, ["accounts", "deny", authorization.userCode.display])
        #expect(deny.status == 0, "stderr: \(deny.stderr)")
        #expect(deny.stdout.contains("Lumen Bazaar will not be linked"))
        #expect(await harness.linker.poll(authorization) == .denied)

        let malformed = try harness.run(binary, ["accounts", "approve", "hello"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("is not a link code"))
        let nothing = try harness.run(binary, ["accounts", "unlink", "lumen"])
        #expect(nothing.status != 0)
        #expect(nothing.stderr == "reelshop: No Lumen Bazaar account is linked; nothing to unlink.\n")
    }
}

/// A state directory and a tiny catalog shared by the test (the "storefront") and the binary.
struct MarketCLIHarness {
    let root: URL
    let state: StateDirectory
    let catalogDirectory: URL
    let catalog: Catalog
    let accounts: AccountStore
    let linker: AccountLinker
    let cart: CartStore
    let coordinator: CheckoutCoordinator
    let market: MarketServerProcess

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func binary() throws -> URL {
        let path =
            ProcessInfo.processInfo.environment["REELSHOP_BIN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/reelshop").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError("no reelshop binary at \(path); run `swift build` (or `make test`) first, or set REELSHOP_BIN")
        }
        return URL(fileURLWithPath: path)
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-e2e-market-\(UUID().uuidString)")
        state = StateDirectory(url: root.appendingPathComponent("state"))
        try state.create()
        catalogDirectory = root.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalogDirectory.appendingPathComponent("media"), withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: catalogDirectory.appendingPathComponent("media/a.png"))
        try Data(Self.catalogJSON.utf8).write(to: catalogDirectory.appendingPathComponent("catalog.json"))
        catalog = try Catalog.load(from: catalogDirectory)
        market = try MarketServerProcess(binary: MarketCLIHarness.binary(), catalog: catalogDirectory, database: root.appendingPathComponent("market.sqlite"))
        let registry = MarketplaceRegistry.http(catalog: catalog, baseURL: market.url)
        accounts = AccountStore(stateDirectory: state)
        linker = AccountLinker(registry: registry, accounts: accounts)
        cart = CartStore(stateDirectory: state, catalog: catalog)
        coordinator = CheckoutCoordinator(stateDirectory: state, catalog: catalog, registry: registry)
    }

    func remove() {
        market.stop()
        try? FileManager.default.removeItem(at: root)
    }

    func run(_ binary: URL, _ arguments: [String], stateDirectory: URL? = nil) throws -> Output {
        try start(binary, arguments, stateDirectory: stateDirectory).finish()
    }

    /// A started CLI process; `finish()` waits for it. Its output goes through files, so two
    /// running side by side never block on a pipe.
    struct Running {
        let process: Process
        let out: URL, err: URL

        func finish() -> Output {
            process.waitUntilExit()
            let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
            return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }
    }

    func start(_ binary: URL, _ arguments: [String], stateDirectory: URL? = nil) throws -> Running {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--state-dir", (stateDirectory ?? state.url).path, "--catalog", catalogDirectory.path, "--market", market.url]
        var environment = ProcessInfo.processInfo.environment
        environment["REELSHOP_STATE_DIR"] = nil
        process.environment = environment
        let out = root.appendingPathComponent("out-\(UUID().uuidString)"), err = root.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    static let catalogJSON = """
        {
          "version": 1,
          "marketplaces": [
            {"id": "riverstone", "name": "Riverstone Market", "shippingPromise": "Free delivery tomorrow with Plus",
             "deliveryDays": 3, "returnPolicy": "30 days"},
            {"id": "lumen", "name": "Lumen Bazaar", "shippingPromise": "Ships in 2 days", "deliveryDays": 2,
             "returnPolicy": "14 days"}
          ],
          "creators": [{"handle": "zoe", "displayName": "Zoe", "followers": 10}],
          "products": [
            {"id": "kettle", "marketplace": "riverstone", "title": "Gooseneck Kettle", "description": "Pours slowly.",
             "category": "Kitchen", "currency": "USD", "price": 4599, "rating": 4.7, "reviewCount": 12, "soldCount": 300,
             "media": "media/a.png", "variants": [{"id": "matte", "options": {"finish": "Matte"}, "stock": 9}]},
            {"id": "candle", "marketplace": "lumen", "title": "Fig Candle", "description": "Smells of figs.",
             "category": "Home", "currency": "USD", "price": 2400, "rating": 4.4, "reviewCount": 8, "soldCount": 90,
             "media": "media/a.png", "variants": [{"id": "std", "options": {}, "stock": 5}]},
            {"id": "lamp", "marketplace": "riverstone", "title": "Last Lamp", "description": "Only one left.",
             "category": "Home", "currency": "USD", "price": 3900, "rating": 4.9, "reviewCount": 3, "soldCount": 41,
             "media": "media/a.png", "variants": [{"id": "brass", "options": {"finish": "Brass"}, "stock": 1}]}
          ],
          "posts": [
            {"id": "p1", "creator": "zoe", "caption": "Slow pour", "hashtags": ["coffee"], "sound": "original",
             "media": "media/a.png", "product": "kettle", "likes": 1, "comments": 0, "shares": 0}
          ]
        }
        """
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
