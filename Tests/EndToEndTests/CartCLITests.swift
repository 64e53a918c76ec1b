import Foundation
import Testing
import ShopCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real `reelshop` binary driving the cart and catalog commands, each test in its own state
/// directory, with real files, real locks and real processes.
@Suite("reelshop cart and catalog commands", .serialized)
struct CartCLITests {
    private let catalog: Catalog

    init() throws {
        catalog = try Catalog.load(from: bundledCatalog)
    }

    private func price(_ product: String) -> Money? { catalog.product(product)?.price }

    private static func money(_ json: Any?) -> Money? {
        guard let object = json as? [String: Any], let currency = object["currency"] as? String,
            let minorUnits = object["minorUnits"] as? Int
        else { return nil }
        return Money(minorUnits: minorUnits, currency: currency)
    }

    // MARK: - Version and help

    @Test func versionPrintsAVersionNumber() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let result = try box.reelshop(["--version"])
        #expect(result.status == 0, "\(result)")
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "\(result)")
    }

    @Test func helpListsTheCommands() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let top = try box.reelshop(["--help"])
        #expect(top.status == 0, "\(top)")
        for word in ["cart", "catalog", "--state-dir", "--catalog"] {
            #expect(top.stdout.contains(word), "--help mentions \(word): \(top.stdout)")
        }
        let cart = try box.reelshop(["cart", "--help"])
        #expect(cart.status == 0, "\(cart)")
        for word in ["add", "show", "remove", "clear"] {
            #expect(cart.stdout.contains(word), "cart --help mentions \(word): \(cart.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: box.state.path), "help touches no state")
    }

    // MARK: - Cart commands

    @Test func addThenShowJSONReportsEveryLine() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let before = Date().addingTimeInterval(-2)
        for arguments in [["claw-clip"], ["lip-oil", "--variant", "mocha", "--quantity", "3"], ["claw-clip", "--quantity", "2"]] {
            let result = try box.reelshop(["cart", "add"] + arguments + box.common)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(result.stderr.isEmpty, "\(result)")
        }
        let after = Date().addingTimeInterval(2)
        let shown = try #require(try box.shownCart())
        let lines = try #require(shown["lines"] as? [[String: Any]])
        #expect(keys(lines) == ["claw-clip/tortoise", "lip-oil/mocha"], "the default variant is the first in stock; adds merge")
        #expect(lines.map { $0["quantity"] as? Int } == [3, 3])
        #expect(shown["itemCount"] as? Int == 6)
        #expect(Self.money(lines[0]["unitPrice"]) == price("claw-clip"))
        #expect(Self.money(lines[1]["unitPrice"]) == price("lip-oil"))
        let iso = ISO8601DateFormatter()
        for line in lines {
            #expect(line["available"] as? Bool == true)
            let addedAt = try #require((line["addedAt"] as? String).flatMap(iso.date(from:)), "addedAt is ISO 8601: \(line)")
            #expect(addedAt >= before && addedAt <= after)
        }

        // The file itself: what ShopCore reads, private, in a private directory.
        let data = try Data(contentsOf: box.cartFile)
        let cart = try JSONDocumentStore<Cart>.decode(data).get()
        #expect(cart.lines.map { "\($0.productID)/\($0.variantID)x\($0.quantity)" } == ["claw-clip/tortoisex3", "lip-oil/mochax3"])
        #expect(permissions(of: box.cartFile) == 0o600)
        #expect(permissions(of: box.state) == 0o700)
        #expect(box.stateNames() == ["cart.json", "cart.json.lock"], "no temporary files left")
    }

    @Test func showTextNamesProductsAndTotals() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        #expect(try box.cart("add", "lip-oil", "--variant", "cherry", "--quantity", "2").status == 0)
        let result = try box.cart("show")
        #expect(result.status == 0, "\(result)")
        let lipOil = try #require(catalog.product("lip-oil"))
        #expect(result.stdout.contains(lipOil.title), "\(result.stdout)")
        #expect(result.stdout.contains(lipOil.price.times(2).formatted), "\(result.stdout)")
        let marketplace = try #require(catalog.marketplace(lipOil.marketplaceID))
        #expect(result.stdout.contains(marketplace.name), "\(result.stdout)")
    }

    @Test func showOfAnEmptyCartIsEmptyAndCreatesNoCartFile() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let shown = try #require(try box.shownCart())
        #expect((shown["lines"] as? [Any])?.isEmpty == true)
        #expect(shown["itemCount"] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: box.cartFile.path))
    }

    @Test func removeOneVariantOrAllVariants() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        for arguments in [["claw-clip", "--variant", "tortoise"], ["claw-clip", "--variant", "black"], ["lip-oil"]] {
            let result = try box.reelshop(["cart", "add"] + arguments + box.common)
            #expect(result.status == 0, "\(result)")
        }
        let one = try box.cart("remove", "claw-clip", "--variant", "black")
        #expect(one.status == 0, "\(one)")
        #expect(try keys(box.shownLines()) == ["claw-clip/tortoise", "lip-oil/cherry"])

        #expect(try box.cart("add", "claw-clip", "--variant", "black").status == 0)
        let all = try box.cart("remove", "claw-clip")
        #expect(all.status == 0, "\(all)")
        #expect(try keys(box.shownLines()) == ["lip-oil/cherry"])

        let absent = try box.cart("remove", "claw-clip")
        #expect(absent.status != 0, "removing what is not there is an error: \(absent)")
        #expect(absent.stderr.contains("claw-clip"), "\(absent)")
        #expect(try keys(box.shownLines()) == ["lip-oil/cherry"])
    }

    @Test func clearEmptiesTheCart() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        #expect(try box.cart("add", "claw-clip").status == 0)
        #expect(try box.cart("add", "trail-tumbler", "--variant", "sage", "--quantity", "4").status == 0)
        #expect(try box.shownCart()?["itemCount"] as? Int == 5)
        let result = try box.cart("clear")
        #expect(result.status == 0, "\(result)")
        let shown = try #require(try box.shownCart())
        #expect((shown["lines"] as? [Any])?.isEmpty == true)
        #expect(shown["itemCount"] as? Int == 0)
        let cart = try JSONDocumentStore<Cart>.decode(Data(contentsOf: box.cartFile)).get()
        #expect(cart == Cart.empty)
    }

    /// `cart show` prices lines as a checkout will (issue 11: it printed the price each line was
    /// added at), and says what moved.
    @Test func showPricesLinesAtTodaysPriceAndSaysWhatMoved() throws {
        let box0 = try CLISandbox()
        defer { box0.remove() }
        var box = box0
        #expect(try box.cart("add", "lip-oil", "--quantity", "2").status == 0)
        let before = try #require(try box.shownLines().first)
        let added = try #require((before["unitPrice"] as? [String: Any])?["minorUnits"] as? Int)
        #expect(before["priceNote"] == nil, "nothing moved yet: \(before)")
        // The same state on a catalog where lip oil costs 5.00 more.
        box.catalog = try CommandLineFixesTests.catalogCopy(in: box) { json in
            var products = try #require(json["products"] as? [[String: Any]])
            let index = try #require(products.firstIndex { $0["id"] as? String == "lip-oil" })
            products[index]["price"] = added + 500
            products[index]["compareAtPrice"] = nil
            json["products"] = products
        }
        let line = try #require(try box.shownLines().first)
        #expect((line["currentUnitPrice"] as? [String: Any])?["minorUnits"] as? Int == added + 500)
        #expect((line["currentLineTotal"] as? [String: Any])?["minorUnits"] as? Int == 2 * (added + 500))
        #expect((line["lineTotal"] as? [String: Any])?["minorUnits"] as? Int == 2 * added, "the added price is kept too")
        let note = try #require(line["priceNote"] as? String)
        #expect(note.contains("each now, was"), "\(note)")
        let text = try box.cart("show")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains(note), "\(text.stdout)")
        let now = Double(2 * (added + 500)) / 100
        #expect(text.stdout.contains(String(format: "$%.2f", now)), "line total at today's price: \(text.stdout)")
    }

    @Test func aLineWhoseProductLeftTheCatalogIsKeptAndShownUnavailable() throws {
        let box0 = try CLISandbox()
        defer { box0.remove() }
        var box = box0
        #expect(try box.cart("add", "lip-oil").status == 0)
        // The same state with another catalog, which has no lip-oil.
        box.catalog = box.temp.appending("other-catalog")
        try writeManyProductCatalog(2, to: box.catalog)
        #expect(try box.cart("add", "p001").status == 0)
        let shown = try #require(try box.shownCart())
        let lines = try #require(shown["lines"] as? [[String: Any]])
        #expect(Set(keys(lines)) == ["lip-oil/cherry", "p001/v"])
        let lipOil = try #require(lines.first { $0["productID"] as? String == "lip-oil" })
        let p001 = try #require(lines.first { $0["productID"] as? String == "p001" })
        #expect(lipOil["available"] as? Bool == false)
        #expect(p001["available"] as? Bool == true)
        #expect(shown["itemCount"] as? Int == 2)
        // Back on the bundled catalog, lip-oil is available again and p001 is the missing one.
        box.catalog = bundledCatalog
        let again = try #require(try box.shownLines().first { $0["productID"] as? String == "lip-oil" })
        #expect(again["available"] as? Bool == true)
    }

    @Test(arguments: [
        (["nope-product"], "nope-product"),
        (["claw-clip", "--quantity", "0"], "0"),
        (["claw-clip", "--quantity", "100"], "100"),
        (["claw-clip", "--variant", "cream"], "out of stock"),
        (["claw-clip", "--variant", "purple"], "purple"),
    ])
    func refusedAddsExitNonZeroWithAMessageOnStderr(arguments: [String], mention: String) throws {
        let box = try CLISandbox()
        defer { box.remove() }
        #expect(try box.cart("add", "lip-oil").status == 0)
        let before = try Data(contentsOf: box.cartFile)
        let result = try box.reelshop(["cart", "add"] + arguments + box.common)
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains(mention), "\(result)")
        #expect(!result.stdout.contains("Added"), "\(result)")
        #expect(try Data(contentsOf: box.cartFile) == before, "the cart is unchanged")
    }

    @Test func aBrokenCatalogStopsCartCommandsWithEveryProblem() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let broken = box.temp.appending("broken")
        try writeBrokenCatalog(to: broken)
        let result = try box.reelshop(["cart", "add", "p000", "--state-dir", box.state.path, "--catalog", broken.path])
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains("$.posts[0].product"), "\(result)")
        #expect(result.stderr.contains("$.products[1].price"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: box.cartFile.path))
    }

    @Test func aCorruptCartIsMovedAsideAndReported() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        let garbage = Data("{\"version\": 1, \"lines\": [ oops".utf8)
        try garbage.write(to: box.cartFile)
        let result = try box.cart("add", "claw-clip")
        #expect(result.status == 0, "\(result)")
        let moved = box.stateNames().filter { $0.hasPrefix("cart.json.corrupt-") }
        #expect(moved.count == 1, "\(box.stateNames())")
        if let name = moved.first {
            #expect(result.stderr.contains(name), "the user is told where the old file went: \(result)")
            #expect(try Data(contentsOf: box.state.appendingPathComponent(name)) == garbage)
        }
        #expect(try keys(box.shownLines()) == ["claw-clip/tortoise"])
    }

    /// A cart.json that is valid JSON of the right shape but holds an absurd price must not crash
    /// the program (an overflow trap in the line total) every time the cart is shown.
    @Test func anAbsurdPriceInTheCartFileDoesNotCrashShow() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        let text = """
            {"version": 1, "lines": [{"productID": "claw-clip", "variantID": "black", "quantity": 2,
              "unitPrice": {"currency": "USD", "minorUnits": 9000000000000000000}, "addedAt": "2025-11-21T04:40:00Z"}]}
            """
        try Data(text.utf8).write(to: box.cartFile)
        for arguments in [["show"], ["show", "--json"]] {
            let result = try box.reelshop(["cart"] + arguments + box.common)
            #expect(!result.signalled, "cart \(arguments.joined(separator: " ")) crashed: \(result.description.prefix(300))")
        }
    }

    // MARK: - catalog check

    @Test func catalogCheckAcceptsTheBundledCatalog() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let result = try box.reelshop(["catalog", "check", bundledCatalog.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test func catalogCheckPrintsEveryProblemOfABrokenCatalog() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let broken = box.temp.appending("broken")
        try writeBrokenCatalog(to: broken)
        let result = try box.reelshop(["catalog", "check", broken.path])
        #expect(result.status != 0, "\(result)")
        for path in ["$.posts[0].product", "$.products[1].price", "$.products[0].title", "$.products[2].media"] {
            #expect(result.stderr.contains(path), "stderr names \(path): \(result)")
        }
        // Every problem the library finds is printed, with its message.
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: broken) }
        for problem in error.problems {
            #expect(result.stderr.contains(problem.message), "\(problem) missing from: \(result.stderr)")
        }
    }

    @Test func catalogCheckOfAMissingFolderFails() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let result = try box.reelshop(["catalog", "check", box.temp.appending("nothing-here").path])
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains("catalog.json"), "\(result)")
    }

    /// A catalog with four problems: an unknown product, a bad price, a missing title, missing media.
    private func writeBrokenCatalog(to directory: URL) throws {
        try writeManyProductCatalog(3, to: directory)
        let url = directory.appendingPathComponent("catalog.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var products = try #require(json["products"] as? [[String: Any]])
        var posts = try #require(json["posts"] as? [[String: Any]])
        posts[0]["product"] = "no-such-product"
        products[1]["price"] = "twelve"
        products[0]["title"] = nil
        products[2]["media"] = "media/none.png"
        json["products"] = products
        json["posts"] = posts
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    // MARK: - Several processes

    @Test func aHeldLockMakesTheCommandWait() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        let lock = FileLock(url: box.state.appendingPathComponent("cart.json.lock"))
        let process = Process()
        var runningWhileHeld = false
        var cartExistedWhileHeld = true
        try lock.withLock {
            process.executableURL = reelshopBinary
            process.arguments = ["cart", "add", "claw-clip"] + box.common
            process.environment = box.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Plenty of time for the command to start, load the catalog and reach the lock.
            Thread.sleep(forTimeInterval: 1.5)
            runningWhileHeld = process.isRunning
            cartExistedWhileHeld = FileManager.default.fileExists(atPath: box.cartFile.path)
        }
        let exited = waitForExit(process, timeout: 30)
        #expect(exited)
        #expect(runningWhileHeld, "the command waited for the lock")
        #expect(!cartExistedWhileHeld, "nothing was written while the lock was held")
        #expect(process.terminationStatus == 0)
        #expect(try keys(box.shownLines()) == ["claw-clip/tortoise"])
    }

    @Test func twoProcessesAddingConcurrentlyLoseNothing() throws {
        let perProcess = 200
        let box0 = try CLISandbox()
        defer { box0.remove() }
        var box = box0
        box.catalog = box.temp.appending("catalog-400")
        try writeManyProductCatalog(2 * perProcess, to: box.catalog)

        // Two shell loops, started together: A adds p000…p199, B adds p200…p399.
        let loops: [Process] = (0..<2).map { half in
            let ids = (half * perProcess..<(half + 1) * perProcess).map(productID).joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [
                "-c",
                """
                failed=0
                for id in \(ids); do
                  "$REELSHOP" cart add "$id" --state-dir "$STATE" --catalog "$CATALOG" >/dev/null || failed=$((failed + 1))
                done
                exit $failed
                """,
            ]
            var environment = box.environment
            environment["REELSHOP"] = reelshopBinary.path
            environment["STATE"] = box.state.path
            environment["CATALOG"] = box.catalog.path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for loop in loops { try loop.run() }
        for loop in loops {
            let exited = waitForExit(loop, timeout: 600)
            #expect(exited, "the loop finished")
            if !exited { kill(loop.processIdentifier, SIGKILL) }
            #expect(loop.terminationStatus == 0, "failed adds: \(loop.terminationStatus)")
        }
        let lines = try box.shownLines()
        #expect(lines.count == 2 * perProcess)
        #expect(Set(lines.compactMap { $0["productID"] as? String }) == Set((0..<2 * perProcess).map(productID)))
        #expect(lines.allSatisfy { $0["quantity"] as? Int == 1 })
        #expect(box.stateNames() == ["cart.json", "cart.json.lock"])
    }

    @Test func killingAddsMidStreamLeavesAValidCart() throws {
        let box0 = try CLISandbox()
        defer { box0.remove() }
        var box = box0
        box.catalog = box.temp.appending("catalog-kill")
        let rounds = 5, perRound = 60
        try writeManyProductCatalog(rounds * perRound, to: box.catalog)

        var printedAdds = 0, killedChildren = 0
        for round in 0..<rounds {
            let ids = (round * perRound..<(round + 1) * perRound).map(productID).joined(separator: " ")
            let log = box.temp.appending("loop-\(round).out")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let output = try FileHandle(forWritingTo: log)
            let loop = Process()
            loop.executableURL = URL(fileURLWithPath: "/bin/sh")
            loop.arguments = [
                "-c",
                """
                for id in \(ids); do
                  "$REELSHOP" cart add "$id" --state-dir "$STATE" --catalog "$CATALOG"
                done
                """,
            ]
            var environment = box.environment
            environment["REELSHOP"] = reelshopBinary.path
            environment["STATE"] = box.state.path
            environment["CATALOG"] = box.catalog.path
            loop.environment = environment
            loop.standardOutput = output
            loop.standardError = FileHandle.nullDevice
            try loop.run()

            Thread.sleep(forTimeInterval: Double.random(in: 0.4...2.0))
            // Freeze the loop so it starts nothing new, then SIGKILL its running child and itself.
            let pid = loop.processIdentifier
            kill(pid, SIGSTOP)
            let children = childProcesses(of: pid)
            for child in children where kill(child, SIGKILL) == 0 { killedChildren += 1 }
            kill(pid, SIGKILL)
            waitForExit(loop, timeout: 10)
            try output.close()

            // Every add that printed its result had committed before the kill.
            let printed = String(decoding: try Data(contentsOf: log), as: UTF8.self)
                .split(separator: "\n").filter { $0.hasPrefix("Added") }.count
            printedAdds += printed

            let shown = try box.cart("show", "--json")
            #expect(shown.status == 0, "round \(round): \(shown)")
            #expect(!shown.stderr.contains("moved"), "round \(round): the cart needed no recovery: \(shown)")
            let json = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            let lines = try #require(json?["lines"] as? [[String: Any]], "round \(round): \(shown)")
            let cart = try JSONDocumentStore<Cart>.decode(Data(contentsOf: box.cartFile)).get()
            #expect(cart.lines.count == lines.count)
            // At most one add per kill can have committed without printing.
            #expect(
                lines.count >= printedAdds && lines.count <= printedAdds + round + 1,
                "round \(round): \(lines.count) lines, \(printedAdds) printed adds")
            #expect(Set(cart.lines.map(\.productID)).count == cart.lines.count, "no line twice")
            #expect(box.stateNames().filter { $0.contains("corrupt") } == [], "round \(round)")
        }
        // The killed holders' locks died with them: a new add goes through.
        let after = try box.cart("add", productID(rounds * perRound - 1))
        #expect(after.status == 0, "\(after)")
        #expect(printedAdds > 0, "the loops got to add something before being killed")
        #expect(killedChildren > 0, "at least one reelshop was killed mid-run")
    }
}
