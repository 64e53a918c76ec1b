import Foundation
import Testing
import ShopCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The cart on disk: real files in a fresh state directory, real locks, real threads.
@Suite("Cart store")
struct CartStoreTests {
    /// A fresh state directory (created by `StateDirectory.create()`) and a store over `catalog`.
    private struct Fixture {
        let temp: TemporaryDirectory
        let state: StateDirectory
        let store: CartStore

        init(catalog: Catalog? = nil, now: @escaping @Sendable () -> Date = { fixedDate }) throws {
            temp = try TemporaryDirectory("cartstore")
            state = StateDirectory(url: temp.appending("state"))
            try state.create()
            store = CartStore(stateDirectory: state, catalog: try catalog ?? Catalog.load(from: bundledCatalogDirectory), now: now)
        }

        /// A second store over the same file, as another process would have.
        func anotherStore() -> CartStore { CartStore(stateDirectory: state, catalog: store.catalog) }

        var cartURL: URL { state.cartFile }

        func names() throws -> [String] { try TemporaryDirectory.names(in: state.url) }

        func reload() throws -> Cart {
            let (cart, recovery) = try anotherStore().load()
            #expect(recovery == nil)
            return cart
        }
    }

    /// Writes a fixture catalog into its own folder and loads it.
    private static func load(_ fixture: CatalogFixture, in temp: TemporaryDirectory) throws -> Catalog {
        let directory = temp.appending("catalog")
        try fixture.write(to: directory)
        return try Catalog.load(from: directory)
    }

    // MARK: - Adding through the store

    @Test func addWithoutAVariantTakesTheFirstInStock() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let change = try f.store.add(productID: "claw-clip")
        #expect(change.outcome == .added(quantity: 1))
        #expect(change.cart.lines.map(\.variantID) == ["tortoise"])
        #expect(change.cart.lines.first?.unitPrice == f.store.catalog.product("claw-clip")?.price)
        #expect(change.recovery == nil)
        #expect(try f.reload() == change.cart, "the change is on disk")
    }

    @Test func defaultVariantSkipsOutOfStockVariants() throws {
        let temp = try TemporaryDirectory("cartstore")
        defer { temp.remove() }
        // "mug" lists a sold-out variant first.
        let f = try Fixture(catalog: Self.load(CatalogFixture(), in: temp))
        defer { f.temp.remove() }
        let change = try f.store.add(productID: "mug", quantity: 2)
        #expect(change.cart.lines.map(\.key) == [CartLineKey(productID: "mug", variantID: "cream")])
        #expect(change.cart.itemCount == 2)
    }

    @Test func productOutOfStockEverywhereCannotBeAdded() throws {
        let temp = try TemporaryDirectory("cartstore")
        defer { temp.remove() }
        let f = try Fixture(catalog: Self.load(CatalogFixture(), in: temp))
        defer { f.temp.remove() }
        let error = try #require(throws: CartError.self) { try f.store.add(productID: "lamp") }
        #expect(error.message.contains("out of stock"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: f.cartURL.path), "nothing was written")
    }

    @Test func namedVariantIsAdded() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        _ = try f.store.add(productID: "claw-clip", variantID: "black", quantity: 3)
        let change = try f.store.add(productID: "claw-clip", variantID: "black", quantity: 2)
        #expect(change.outcome == .merged(quantity: 5))
        #expect(try f.reload().lines.map(\.quantity) == [5])
    }

    @Test func outOfStockVariantIsRefused() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let error = try #require(throws: CartError.self) {
            _ = try f.store.add(productID: "claw-clip", variantID: "cream")
        }
        #expect(error.message.contains("out of stock"), "\(error)")
        #expect(error.message.contains("Cream"), "names the variant: \(error)")
        #expect(!FileManager.default.fileExists(atPath: f.cartURL.path))
    }

    @Test func unknownVariantIsRefusedNamingTheVariantsThereAre() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let error = try #require(throws: CartError.self) {
            _ = try f.store.add(productID: "claw-clip", variantID: "purple")
        }
        #expect(error.message.contains("purple"))
        #expect(error.message.contains("tortoise") && error.message.contains("black"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: f.cartURL.path))
    }

    @Test func unknownProductIsRefused() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        _ = try f.store.add(productID: "lip-oil")
        let before = try Data(contentsOf: f.cartURL)
        let error = try #require(throws: CartError.self) { try f.store.add(productID: "no-such-thing") }
        #expect(error.message.contains("no-such-thing"))
        #expect(try Data(contentsOf: f.cartURL) == before, "the cart is unchanged")
    }

    @Test(arguments: [0, -1, 100, 1000, Int.min])
    func quantityOutsideOneToNinetyNineIsRefused(quantity: Int) throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let error = try #require(throws: CartError.self) { try f.store.add(productID: "claw-clip", quantity: quantity) }
        #expect(error.message.contains("\(quantity)"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: f.cartURL.path))
    }

    @Test(arguments: [1, 99])
    func quantityAtTheBoundsIsAccepted(quantity: Int) throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        #expect(try f.store.add(productID: "claw-clip", quantity: quantity).cart.itemCount == quantity)
    }

    @Test func addingPastNinetyNineReportsTheCap() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        _ = try f.store.add(productID: "lip-oil", variantID: "cherry", quantity: 90)
        let change = try f.store.add(productID: "lip-oil", variantID: "cherry", quantity: 20)
        #expect(change.outcome == .capped(quantity: 99))
        #expect(try f.reload().itemCount == 99)
    }

    // MARK: - Adjust, remove, clear

    @Test func adjustRemoveAndClearPersist() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        _ = try f.store.add(productID: "claw-clip", variantID: "black", quantity: 2)
        _ = try f.store.add(productID: "claw-clip", variantID: "tortoise")
        _ = try f.store.add(productID: "lip-oil", variantID: "cherry", quantity: 4)
        let black = CartLineKey(productID: "claw-clip", variantID: "black")

        #expect(try f.store.adjust(black, by: 3).outcome == 5)
        #expect(try f.reload().line(black)?.quantity == 5)
        #expect(try f.store.adjust(black, by: -50).outcome == 1, "never below 1")
        #expect(try f.store.adjust(black, by: 500).outcome == 99, "never above 99")
        #expect(try f.store.adjust(CartLineKey(productID: "claw-clip", variantID: "cream"), by: 1).outcome == nil)

        #expect(try f.store.remove(productID: "claw-clip", variantID: "tortoise").outcome == 1)
        #expect(try f.reload().lines.map(\.key) == [black, CartLineKey(productID: "lip-oil", variantID: "cherry")])
        _ = try f.store.add(productID: "claw-clip", variantID: "tortoise")
        #expect(try f.store.remove(productID: "claw-clip").outcome == 2)
        #expect(try f.reload().lines.map(\.productID) == ["lip-oil"])

        #expect(try f.store.clear().outcome == 1)
        #expect(try f.reload() == Cart.empty)
        #expect(FileManager.default.fileExists(atPath: f.cartURL.path), "an empty cart is still a valid file")
    }

    @Test func aChangeThatChangesNothingDoesNotRewriteTheFile() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        _ = try f.store.add(productID: "claw-clip")
        let stamp = try #require(f.store.document.stamp())
        #expect(try f.store.remove(productID: "lip-oil").outcome == 0)
        #expect(try f.store.adjust(CartLineKey(productID: "x", variantID: "y"), by: 1).outcome == nil)
        #expect(f.store.document.stamp() == stamp)
        _ = try f.store.add(productID: "lip-oil")
        #expect(f.store.document.stamp() != stamp, "a real change replaces the file")
    }

    @Test func missingFileIsAnEmptyCart() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let (cart, recovery) = try f.store.load()
        #expect(cart == Cart.empty)
        #expect(recovery == nil)
        #expect(try f.names() == [], "loading creates nothing")
    }

    // MARK: - The file on disk

    @Test func fileIsPrettySortedVersionedJSON() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        _ = try f.store.add(productID: "claw-clip", variantID: "black", quantity: 2)
        _ = try f.store.add(productID: "lip-oil", variantID: "mocha")
        let data = try Data(contentsOf: f.cartURL)
        let text = String(decoding: data, as: UTF8.self)

        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(json.keys) == ["version", "lines"])
        #expect(json["version"] as? Int == 1)
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(lines.count == 2)
        let first = lines[0]
        #expect(Set(first.keys) == ["productID", "variantID", "quantity", "unitPrice", "addedAt"])
        #expect(first["productID"] as? String == "claw-clip")
        #expect(first["variantID"] as? String == "black")
        #expect(first["quantity"] as? Int == 2)
        let price = try #require(first["unitPrice"] as? [String: Any])
        #expect(price["currency"] as? String == "USD")
        #expect(price["minorUnits"] as? Int == 1299)
        let addedAt = try #require(first["addedAt"] as? String)
        #expect(addedAt == "2025-11-21T04:40:00Z", "ISO 8601 of the store's clock")
        #expect(ISO8601DateFormatter().date(from: addedAt) == fixedDate)

        // Pretty-printed: one key per line, indented; keys in sorted order.
        #expect(text.hasPrefix("{\n"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\n  \"lines\" : ["), "\(text)")
        func offset(_ needle: String) -> Int {
            text.range(of: needle).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? -1
        }
        #expect(offset("\"lines\"") < offset("\"version\""))
        let keys = ["\"addedAt\"", "\"productID\"", "\"quantity\"", "\"unitPrice\"", "\"variantID\""].map(offset)
        #expect(keys.allSatisfy { $0 > 0 })
        #expect(keys == keys.sorted(), "line keys sorted: \(keys)")
        #expect(offset("\"currency\"") < offset("\"minorUnits\""))
    }

    @Test func fileIsPrivateAndTheStateDirectoryToo() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        _ = try f.store.add(productID: "claw-clip")
        #expect(permissions(of: f.cartURL) == 0o600)
        #expect(permissions(of: f.state.url) == 0o700)
        // Rewrites keep the mode even if someone loosened it.
        chmod(f.cartURL.path, 0o644)
        _ = try f.store.add(productID: "lip-oil")
        #expect(permissions(of: f.cartURL) == 0o600)
    }

    @Test func noTemporaryFilesAreLeftBehind() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        for product in ["claw-clip", "lip-oil", "trail-tumbler", "cloud-mug"] {
            _ = try f.store.add(productID: product)
        }
        _ = try f.store.remove(productID: "lip-oil")
        _ = try f.store.adjust(CartLineKey(productID: "cloud-mug", variantID: "sky"), by: 2)
        _ = try? f.store.add(productID: "claw-clip", variantID: "cream")  // refused
        _ = try f.store.clear()
        #expect(try f.names() == ["cart.json", "cart.json.lock"])
    }

    // MARK: - Corrupt files

    /// Something unreadable to put at cart.json.
    enum Corruption: String, CaseIterable, Sendable {
        case garbage, unknownVersion, wrongShape, directory

        /// The file's bytes; nil for a directory.
        var bytes: Data? {
            switch self {
            case .garbage: return Data([0x00, 0xFF, 0xFE, 0x7B, 0x22, 0x0A, 0x13, 0x37])
            case .unknownVersion: return Data(#"{"version": 99, "lines": []}"#.utf8)
            case .wrongShape: return Data(#"{"version": 1, "lines": [{"productID": 5}]}"#.utf8)
            case .directory: return nil
            }
        }

        func plant(at url: URL) throws {
            if let bytes {
                try bytes.write(to: url)
            } else {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
                try Data("inside".utf8).write(to: url.appendingPathComponent("keep.txt"))
            }
        }

        /// Whether `url` holds exactly what `plant` put there.
        func isIntact(at url: URL) throws -> Bool {
            if let bytes { return try Data(contentsOf: url) == bytes }
            return try Data(contentsOf: url.appendingPathComponent("keep.txt")) == Data("inside".utf8)
        }
    }

    @Test(arguments: Corruption.allCases)
    func corruptFileIsMovedAsideOnLoad(_ corruption: Corruption) throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        try corruption.plant(at: f.cartURL)
        let (cart, recovery) = try f.store.load()
        #expect(cart == Cart.empty)
        let moved = try #require(recovery, "an unreadable file is reported")
        #expect(moved.original.path == f.cartURL.path)
        #expect(moved.movedTo.deletingLastPathComponent().path == f.state.url.path)
        #expect(moved.movedTo.lastPathComponent.hasPrefix("cart.json.corrupt-"))
        #expect(moved.movedTo.lastPathComponent.contains("20251121"), "named after the time: \(moved.movedTo.lastPathComponent)")
        #expect(try corruption.isIntact(at: moved.movedTo), "the original bytes are kept")
        #expect(!moved.reason.isEmpty)
        #expect(moved.description.contains(moved.movedTo.path), "the message says where: \(moved.description)")
        #expect(!FileManager.default.fileExists(atPath: f.cartURL.path))
        // Loading again is now clean.
        #expect(try f.store.load().recovery == nil)
    }

    @Test(arguments: Corruption.allCases)
    func corruptFileIsMovedAsideAndTheStoreGoesOn(_ corruption: Corruption) throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        try corruption.plant(at: f.cartURL)
        let change = try f.store.add(productID: "claw-clip", variantID: "black")
        let moved = try #require(change.recovery)
        #expect(change.cart.lines.map(\.variantID) == ["black"], "a new, empty cart plus the add")
        #expect(try f.reload().lines.map(\.variantID) == ["black"])
        #expect(try corruption.isIntact(at: moved.movedTo))
        #expect(try f.names() == ["cart.json", "cart.json.lock", moved.movedTo.lastPathComponent].sorted())
        #expect(try f.store.add(productID: "lip-oil").recovery == nil, "recovered once only")
    }

    @Test func unknownVersionRecoveryNamesTheVersion() throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        try Corruption.unknownVersion.plant(at: f.cartURL)
        let recovery = try #require(try f.store.load().recovery)
        #expect(recovery.reason.contains("99"), "\(recovery.reason)")
    }

    /// A hand-edited cart.json can hold quantities a cart never makes. Taking them as they are
    /// shows "500 items" and lets the next add *lower* the line to 99; the store must either
    /// treat the file as unreadable (moving it aside) or bring every line back into 1…99.
    @Test(arguments: [0, -3, 500])
    func quantitiesOutsideTheRangeInTheFileAreNotTakenAsTheyAre(quantity: Int) throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let text = """
            {"version": 1, "lines": [{"productID": "claw-clip", "variantID": "black", "quantity": \(quantity),
              "unitPrice": {"currency": "USD", "minorUnits": 1299}, "addedAt": "2025-11-21T04:40:00Z"}]}
            """
        try Data(text.utf8).write(to: f.cartURL)
        let (cart, recovery) = try f.store.load()
        #expect(
            recovery != nil || cart.lines.allSatisfy { Cart.quantityRange.contains($0.quantity) },
            "loaded quantities \(cart.lines.map(\.quantity)) with no recovery")
    }

    @Test func twoCorruptionsInTheSameSecondKeepBothFiles() throws {
        let f = try Fixture()  // the clock never moves
        defer { f.temp.remove() }
        try Data("first".utf8).write(to: f.cartURL)
        let first = try #require(try f.store.load().recovery)
        try Data("second".utf8).write(to: f.cartURL)
        let second = try #require(try f.store.load().recovery)
        #expect(first.movedTo != second.movedTo)
        #expect(try Data(contentsOf: first.movedTo) == Data("first".utf8))
        #expect(try Data(contentsOf: second.movedTo) == Data("second".utf8))
    }

    // MARK: - Locking

    @Test func anUpdateWaitsWhileAnotherHolderHasTheLock() async throws {
        let f = try Fixture()
        defer { f.temp.remove() }
        let lock = FileLock(url: f.state.file("cart.json.lock"))
        let events = Locked<[String]>([])
        let cartExistedDuringHold = Locked<Bool?>(nil)
        let held = DispatchSemaphore(value: 0)
        let adderStarted = DispatchSemaphore(value: 0)
        let store = f.anotherStore()
        let cartURL = f.cartURL
        await onThreads(2) { index in
            if index == 0 {
                try? lock.withLock {
                    events.withLock { $0.append("held") }
                    held.signal()
                    adderStarted.wait()
                    // Give the adder every chance to (wrongly) finish while we hold the lock.
                    Thread.sleep(forTimeInterval: 0.4)
                    cartExistedDuringHold.withLock { $0 = FileManager.default.fileExists(atPath: cartURL.path) }
                    events.withLock { $0.append("releasing") }
                }
            } else {
                held.wait()
                events.withLock { $0.append("adding") }
                adderStarted.signal()
                do {
                    _ = try store.add(productID: "claw-clip")
                    events.withLock { $0.append("added") }
                } catch {
                    events.withLock { $0.append("failed: \(error)") }
                }
            }
        }
        #expect(events.current == ["held", "adding", "releasing", "added"])
        #expect(cartExistedDuringHold.current == false, "nothing was written while the lock was held")
        #expect(try f.reload().lines.map(\.productID) == ["claw-clip"])
    }

    @Test func lockInAMissingDirectoryIsAStorageError() throws {
        let temp = try TemporaryDirectory("lock")
        defer { temp.remove() }
        let lock = FileLock(url: temp.appending("no/such/dir/cart.json.lock"))
        let error = try #require(throws: StorageError.self) { try lock.withLock { 1 } }
        #expect(error.path.hasSuffix("no/such/dir/cart.json.lock"))
    }

    @Test func manyThreadsAddingDistinctProductsLoseNothing() async throws {
        let temp = try TemporaryDirectory("cartstore")
        defer { temp.remove() }
        let threads = 8, addsPerThread = 50
        let f = try Fixture(catalog: Self.load(.many(threads * addsPerThread), in: temp), now: { Date() })
        defer { f.temp.remove() }
        let failures = Locked<[String]>([])
        let state = f.state, catalog = f.store.catalog
        await onThreads(threads) { thread in
            let store = CartStore(stateDirectory: state, catalog: catalog)  // one per thread, like processes
            for index in 0..<addsPerThread {
                let id = String(format: "p%03d", thread * addsPerThread + index)
                do { _ = try store.add(productID: id) } catch { failures.withLock { $0.append("\(id): \(error)") } }
            }
        }
        #expect(failures.current == [])
        let cart = try f.reload()
        #expect(cart.lines.count == threads * addsPerThread)
        #expect(Set(cart.lines.map(\.productID)) == Set((0..<threads * addsPerThread).map { String(format: "p%03d", $0) }))
        #expect(cart.lines.allSatisfy { $0.quantity == 1 && $0.variantID == "v" })
        #expect(try f.names() == ["cart.json", "cart.json.lock"])
    }

    @Test func manyThreadsIncrementingOneLineCountEveryUnit() async throws {
        let f = try Fixture(now: { Date() })
        defer { f.temp.remove() }
        let threads = 6, addsPerThread = 15  // 90 units: under the 99 cap
        let state = f.state, catalog = f.store.catalog
        let failures = Locked<Int>(0)
        await onThreads(threads) { _ in
            let store = CartStore(stateDirectory: state, catalog: catalog)
            for _ in 0..<addsPerThread {
                do { _ = try store.add(productID: "lip-oil", variantID: "cherry") } catch { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.current == 0)
        let cart = try f.reload()
        #expect(cart.lines.count == 1)
        #expect(cart.itemCount == threads * addsPerThread)
    }

    @Test func readersNeverSeeAHalfWrittenFile() async throws {
        let temp = try TemporaryDirectory("cartstore")
        defer { temp.remove() }
        let f = try Fixture(catalog: Self.load(.many(120), in: temp), now: { Date() })
        defer { f.temp.remove() }
        let state = f.state, catalog = f.store.catalog
        let done = Locked(false)
        let observations = Locked<(loads: Int, recoveries: Int, errors: Int, shrank: Int)>((0, 0, 0, 0))
        await onThreads(2) { thread in
            let store = CartStore(stateDirectory: state, catalog: catalog)
            if thread == 0 {
                for index in 0..<120 { _ = try? store.add(productID: String(format: "p%03d", index)) }
                done.withLock { $0 = true }
            } else {
                var last = 0
                repeat {
                    do {
                        let (cart, recovery) = try store.load()
                        observations.withLock {
                            $0.loads += 1
                            if recovery != nil { $0.recoveries += 1 }
                            if cart.lines.count < last { $0.shrank += 1 }
                        }
                        last = cart.lines.count
                    } catch {
                        observations.withLock { $0.errors += 1 }
                    }
                } while !done.current
            }
        }
        let seen = observations.current
        #expect(seen.loads > 0)
        #expect(seen.recoveries == 0, "a reader mistook a file being written for a corrupt one")
        #expect(seen.errors == 0)
        #expect(seen.shrank == 0)
        #expect(try f.reload().lines.count == 120)
        #expect(try f.names() == ["cart.json", "cart.json.lock"])
    }

    // MARK: - State directory

    private static let environment = [
        "REELSHOP_STATE_DIR": "/env/state",
        "XDG_DATA_HOME": "/xdg/data",
        "HOME": "/home/someone",
    ]

    @Test func resolvePrefersTheExplicitDirectory() {
        #expect(StateDirectory.resolve(explicit: "/explicit/dir", environment: Self.environment).url.path == "/explicit/dir")
        #expect(StateDirectory.resolve(explicit: "/explicit/a/../b", environment: Self.environment).url.path == "/explicit/b")
    }

    @Test func resolveThenUsesReelshopStateDir() {
        #expect(StateDirectory.resolve(explicit: nil, environment: Self.environment).url.path == "/env/state")
        #expect(
            StateDirectory.resolve(explicit: "", environment: Self.environment).url.path == "/env/state",
            "an empty --state-dir counts as none")
    }

    @Test func resolveThenUsesXDGDataHome() {
        var environment = Self.environment
        environment["REELSHOP_STATE_DIR"] = nil
        #expect(StateDirectory.resolve(explicit: nil, environment: environment).url.path == "/xdg/data/reelshop")
        environment["REELSHOP_STATE_DIR"] = ""
        #expect(StateDirectory.resolve(explicit: nil, environment: environment).url.path == "/xdg/data/reelshop")
    }

    @Test func resolveFallsBackToHome() {
        var environment = Self.environment
        environment["REELSHOP_STATE_DIR"] = nil
        environment["XDG_DATA_HOME"] = nil
        #expect(StateDirectory.resolve(explicit: nil, environment: environment).url.path == "/home/someone/.local/share/reelshop")
        // A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
        environment["XDG_DATA_HOME"] = "relative/data"
        #expect(StateDirectory.resolve(explicit: nil, environment: environment).url.path == "/home/someone/.local/share/reelshop")
    }

    @Test func stateDirectoryNamesItsFiles() {
        let state = StateDirectory(url: URL(fileURLWithPath: "/s"))
        #expect(state.cartFile.path == "/s/cart.json")
        #expect(state.file("orders.json").path == "/s/orders.json")
    }

    @Test func createMakesPrivateDirectoriesAndRefusesAFile() throws {
        let temp = try TemporaryDirectory("state")
        defer { temp.remove() }
        let state = StateDirectory(url: temp.appending("a/b/reelshop"))
        try state.create()
        #expect(permissions(of: state.url) == 0o700)
        try state.create()  // again: fine
        #expect(permissions(of: state.url) == 0o700)

        let file = temp.appending("plain-file")
        try Data("x".utf8).write(to: file)
        let error = try #require(throws: StorageError.self) { try StateDirectory(url: file).create() }
        #expect(error.path == file.path)
        #expect(error.reason.contains("not a directory"))
    }
}
