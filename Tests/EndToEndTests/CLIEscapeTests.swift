import Foundation
import Testing

/// Catalog and state-file text holding terminal escapes (ESC, OSC 52 clipboard, OSC 8 links,
/// OSC 0 titles, C1 controls) never reaches the terminal through a command's output: the real
/// binary, a real catalog, real state files.
@Suite("commands print hostile text safely", .serialized)
struct CLIEscapeTests {
    /// An OSC 52 clipboard write, an OSC 8 link, an OSC 0 title, a C1 CSI, a bare BEL/DEL and a
    /// right-to-left override (which would show the rest of the line reversed).
    static let hostile =
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\\u{1B}]0;pwned\u{07}\u{9B}31m\u{9D}0;t\u{9C}\u{7F}\u{202E}"

    /// The bundled catalog with hostile text in a product title, a marketplace name and a
    /// creator's name (media/ is a link to the bundled media).
    static func hostileCatalog(in box: CLISandbox, title: String = "Claw Clip " + hostile) throws -> URL {
        let directory = box.temp.appending("hostile-catalog")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("media"),
            withDestinationURL: bundledCatalog.appendingPathComponent("media"))
        var json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: bundledCatalog.appendingPathComponent("catalog.json"))) as? [String: Any])
        var products = try #require(json["products"] as? [[String: Any]])
        let index = try #require(products.firstIndex { $0["id"] as? String == "claw-clip" })
        products[index]["title"] = title
        json["products"] = products
        var marketplaces = try #require(json["marketplaces"] as? [[String: Any]])
        let market = try #require(marketplaces.firstIndex { $0["id"] as? String == products[index]["marketplace"] as? String })
        marketplaces[market]["name"] = "Riverstone " + hostile
        json["marketplaces"] = marketplaces
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("catalog.json"))
        return directory
    }

    /// True when `text` holds a character a terminal would act on (other than newline and tab).
    static func hasControls(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
                || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        }
    }

    static func expectSafe(_ result: ProcessResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            !hasControls(result.stdout), "\(what): stdout holds control characters: \(result.stdout.debugDescription)",
            sourceLocation: sourceLocation)
        #expect(
            !hasControls(result.stderr), "\(what): stderr holds control characters: \(result.stderr.debugDescription)",
            sourceLocation: sourceLocation)
    }

    @Test func cartAddAndShowPrintTitlesWithoutEscapes() throws {
        var box = try CLISandbox()
        defer { box.remove() }
        box.catalog = try Self.hostileCatalog(in: box)
        let add = try box.cart("add", "claw-clip")
        #expect(add.status == 0, "\(add)")
        Self.expectSafe(add, "cart add")
        #expect(add.stdout.contains("Claw Clip"), "\(add)")
        let show = try box.cart("show")
        #expect(show.status == 0, "\(show)")
        Self.expectSafe(show, "cart show")
        #expect(show.stdout.contains("Claw Clip"), "\(show)")
        // What was there is shown, visibly: a user can tell the catalog holds escapes.
        #expect(show.stdout.contains("\\u{1B}]52;c;"), "\(show.stdout.debugDescription)")
        // Errors quoting catalog text go the same way.
        let variant = try box.cart("add", "claw-clip", "--variant", "none-such")
        #expect(variant.status != 0)
        Self.expectSafe(variant, "cart add --variant none-such")
        #expect(variant.stderr.hasPrefix("reelshop: "), "\(variant)")
    }

    @Test func jsonOutputKeepsTheTextEscapedPerJSON() throws {
        var box = try CLISandbox()
        defer { box.remove() }
        box.catalog = try Self.hostileCatalog(in: box)
        #expect(try box.cart("add", "claw-clip").status == 0)
        let show = try box.cart("show", "--json")
        #expect(show.status == 0, "\(show)")
        Self.expectSafe(show, "cart show --json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let lines = try #require(json["lines"] as? [[String: Any]])
        // Not mangled: the value decodes to exactly the catalog's title.
        #expect(lines.first?["title"] as? String == "Claw Clip " + Self.hostile)
        // C0 as JSON requires, and DEL and C1 too (JSON allows any character escaped).
        #expect(show.stdout.contains("\\u001b]52;c;"), "\(show.stdout)")
        #expect(show.stdout.lowercased().contains("\\u009b31m"), "\(show.stdout)")
        #expect(show.stdout.lowercased().contains("\\u202e"), "\(show.stdout)")
    }

    @Test func ordersKeepTitlesAndPrintThemSafelyAfterTheCatalogIsFixed() throws {
        var box = try CLISandbox()
        defer { box.remove() }
        box.catalog = try Self.hostileCatalog(in: box)
        let link = try box.reelshop(["debug", "link", "riverstone"] + box.common)
        #expect(link.status == 0, "\(link)")
        let buy = try box.reelshop(["debug", "buy", "claw-clip"] + box.common)
        #expect(buy.status == 0, "\(buy)")
        let stored = try String(contentsOf: box.state.appendingPathComponent("orders.json"), encoding: .utf8)
        #expect(stored.contains("Claw Clip"), "orders.json keeps the title")
        // The catalog is fixed; orders.json still holds the title it was bought under.
        box.catalog = bundledCatalog
        for arguments in [["orders"], ["orders", "--json"], ["accounts"], ["accounts", "list", "--json"]] {
            let result = try box.reelshop(arguments + box.common)
            #expect(result.status == 0, "\(arguments): \(result)")
            Self.expectSafe(result, arguments.joined(separator: " "))
        }
        let orders = try box.reelshop(["orders"] + box.common)
        #expect(orders.stdout.contains("Claw Clip"), "\(orders)")
    }

    @Test func accountsPrintMarketplaceNamesSafely() throws {
        var box = try CLISandbox()
        defer { box.remove() }
        box.catalog = try Self.hostileCatalog(in: box)
        #expect(try box.reelshop(["debug", "link", "riverstone"] + box.common).status == 0)
        let list = try box.reelshop(["accounts"] + box.common)
        #expect(list.status == 0, "\(list)")
        Self.expectSafe(list, "accounts")
        #expect(list.stdout.contains("Riverstone"), "\(list)")
        let unlink = try box.reelshop(["accounts", "unlink", "riverstone"] + box.common)
        #expect(unlink.status == 0, "\(unlink)")
        Self.expectSafe(unlink, "accounts unlink")
    }

    @Test func catalogCheckQuotesBadValuesSafely() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let directory = try Self.hostileCatalog(in: box)
        let url = directory.appendingPathComponent("catalog.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var posts = try #require(json["posts"] as? [[String: Any]])
        posts[0]["product"] = "no-such" + Self.hostile
        json["posts"] = posts
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        let check = try box.reelshop(["catalog", "check", directory.path])
        #expect(check.status == 65, "\(check)")
        Self.expectSafe(check, "catalog check")
        #expect(check.stderr.contains("$.posts[0].product"), "\(check)")
        // The storefront refuses the same catalog with the same, safe, words.
        let open = try box.reelshop(["--catalog", directory.path, "--state-dir", box.state.path])
        #expect(open.status == 65, "\(open)")
        Self.expectSafe(open, "reelshop --catalog")
    }

    @Test func demoTourErrorsAreSafe() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let tour = box.temp.appending("tour.json")
        try Data(#"{"version": 1, "steps": [{"caption": "x", "keys": ["\u001b]52;c;aGk=\u0007"], "seconds": 1}]}"#.utf8).write(to: tour)
        let result = try box.reelshop(["demo", "--script", tour.path])
        #expect(result.status == 2, "\(result)")
        Self.expectSafe(result, "demo --script")
        #expect(result.stderr.contains("keys"), "\(result)")
    }

    @Test func movedAsideNotesAreSafe() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        // A cart whose date quotes hostile text back in the reason it could not be read.
        let cart =
            #"{"version": 1, "lines": [{"productID": "claw-clip", "variantID": "tortoise", "quantity": 1, "unitPrice": {"minorUnits": 1299, "currency": "USD"}, "addedAt": "\u001b]0;pwned\u0007\u009b31m"}]}"#
        try Data(cart.utf8).write(to: box.cartFile)
        let show = try box.cart("show")
        #expect(show.status == 0, "\(show)")
        #expect(show.stderr.contains("moved"), "\(show)")
        Self.expectSafe(show, "cart show with a corrupt cart")
    }

    @Test func argumentsEchoedBackAreSafe() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let result = try box.cart("remove", "x\u{1B}]0;pwned\u{07}")
        #expect(result.status != 0, "\(result)")
        Self.expectSafe(result, "cart remove")
        let media = try box.reelshop(["media", "render", box.temp.appending("no\u{1B}[2Jfile.gif").path])
        #expect(media.status != 0, "\(media)")
        Self.expectSafe(media, "media render")
    }
}
