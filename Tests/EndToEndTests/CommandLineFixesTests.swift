import Foundation
import Testing

/// What a user met on the command line that was wrong (issue 11): media that does not decode
/// passing `catalog check`, a problem reported twice, missing `--json`, colours with
/// `--colors none`, an option demo refuses offered in its help, a trap on a huge `--size`,
/// errors without the `reelshop:` prefix, money without thousands separators.
@Suite("command-line fixes", .serialized)
struct CommandLineFixesTests {
    /// A copy of the bundled catalog (media copied, so files can be broken) in the sandbox.
    static func catalogCopy(in box: CLISandbox, _ edit: (inout [String: Any]) throws -> Void = { _ in }) throws -> URL {
        let directory = box.temp.appending("catalog-copy")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: bundledCatalog.appendingPathComponent("media"), to: directory.appendingPathComponent("media"))
        var json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: bundledCatalog.appendingPathComponent("catalog.json"))) as? [String: Any])
        try edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("catalog.json"))
        return directory
    }

    // MARK: - catalog check

    @Test func catalogCheckDecodesEveryMediaFile() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let catalog = try Self.catalogCopy(in: box)
        let media = catalog.appendingPathComponent("media")
        // A GIF cut inside its first frame, a PNG cut short, and text named .png.
        // Cut inside the first frame's picture data: after the header and the colour table.
        let gif = try Data(contentsOf: media.appendingPathComponent("runner-sneaker.gif"))
        try gif.prefix(1200).write(to: media.appendingPathComponent("runner-sneaker.gif"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: catalog.appendingPathComponent("catalog.json"))) as? [String: Any])
        let products = try #require(json["products"] as? [[String: Any]])
        let textFile = try #require(products.last?["media"] as? String)
        let png = try #require(
            products.compactMap { ($0["media"] as? String).map { ($0 as NSString).lastPathComponent } }
                .first { $0.hasSuffix(".png") && !textFile.hasSuffix($0) })
        let pngData = try Data(contentsOf: media.appendingPathComponent(png))
        try pngData.prefix(pngData.count / 2).write(to: media.appendingPathComponent(png))
        try Data("not a picture\n".utf8).write(to: catalog.appendingPathComponent(textFile))

        let check = try box.reelshop(["catalog", "check", catalog.path])
        #expect(check.status == 65, "\(check)")
        #expect(check.stdout.isEmpty, "no OK: \(check)")
        for name in ["runner-sneaker.gif", png, (textFile as NSString).lastPathComponent] {
            #expect(check.stderr.contains(name), "\(name) is reported: \(check.stderr)")
        }
        #expect(check.stderr.contains("$.products[\(products.count - 1)].media") || check.stderr.contains(".media"), "\(check.stderr)")
        #expect(check.stderr.contains("not a PNG or GIF"), "\(check.stderr)")
    }

    @Test func aBadPriceIsReportedOnce() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let catalog = try Self.catalogCopy(in: box) { json in
            var products = try #require(json["products"] as? [[String: Any]])
            let index = try #require(products.firstIndex { $0["id"] as? String == "claw-clip" })
            products[index]["price"] = -5
            json["products"] = products
        }
        let check = try box.reelshop(["catalog", "check", catalog.path])
        #expect(check.status == 65, "\(check)")
        #expect(check.stderr.contains("The catalog has 1 problem:"), "\(check.stderr)")
        #expect(check.stderr.contains(".price"), "\(check.stderr)")
        #expect(!check.stderr.contains("expected the id of a product"), "no second report as a dangling reference: \(check.stderr)")
    }

    @Test func catalogCheckPrintsJSON() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let good = try box.reelshop(["catalog", "check", "--json", bundledCatalog.path])
        #expect(good.status == 0, "\(good)")
        let ok = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any], "\(good)")
        #expect(ok["ok"] as? Bool == true)
        #expect((ok["problems"] as? [Any])?.isEmpty == true)
        #expect((ok["counts"] as? [String: Any])?["posts"] as? Int == 42, "\(ok)")

        let catalog = try Self.catalogCopy(in: box) { json in
            var products = try #require(json["products"] as? [[String: Any]])
            products[1]["price"] = "twelve"
            json["products"] = products
        }
        let bad = try box.reelshop(["catalog", "check", "--json", catalog.path])
        #expect(bad.status == 65, "\(bad)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any], "\(bad)")
        #expect(report["ok"] as? Bool == false)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?["path"] as? String == "$.products[1].price")
        #expect(problems.first?["kind"] as? String == "invalidValue")
        #expect((problems.first?["message"] as? String)?.contains("twelve") == true)
    }

    // MARK: - cart --json

    @Test func cartAddPrintsJSON() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let first = try box.cart("add", "claw-clip", "--json")
        #expect(first.status == 0, "\(first)")
        let added = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any], "\(first)")
        #expect(added["outcome"] as? String == "added")
        #expect(added["quantity"] as? Int == 1)
        #expect(added["productID"] as? String == "claw-clip")
        #expect(added["variantID"] as? String == "tortoise")
        #expect(added["itemCount"] as? Int == 1)
        #expect(added["title"] as? String == "Matte Claw Clip 4-Pack")
        let again = try box.cart("add", "claw-clip", "--quantity", "2", "--json")
        let merged = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any], "\(again)")
        #expect(merged["outcome"] as? String == "merged")
        #expect(merged["quantity"] as? Int == 3)
        #expect(merged["itemCount"] as? Int == 3)
    }

    @Test func cartShowJSONIncludesTheDealID() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        let cart = """
            {"version": 1, "lines": [
              {"productID": "claw-clip", "variantID": "tortoise", "quantity": 1, "unitPrice": {"minorUnits": 999, "currency": "USD"},
               "addedAt": "2026-11-20T10:00:00Z", "dealID": "live-clawclip/claw-clip"},
              {"productID": "claw-clip", "variantID": "tortoise", "quantity": 2, "unitPrice": {"minorUnits": 1299, "currency": "USD"},
               "addedAt": "2026-11-20T10:00:00Z"}]}
            """
        try Data(cart.utf8).write(to: box.cartFile)
        let lines = try box.shownLines()
        #expect(lines.count == 2)
        #expect(lines.first?["dealID"] as? String == "live-clawclip/claw-clip", "\(lines)")
        #expect(lines.last?["dealID"] == nil, "a regular line has no deal: \(lines)")
    }

    // MARK: - Money

    @Test func pricesOverAThousandHaveThousandsSeparators() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        #expect(try box.cart("add", "claw-clip", "--quantity", "99").status == 0)
        let show = try box.cart("show")
        #expect(show.status == 0, "\(show)")
        // 99 x $12.99
        #expect(show.stdout.contains("$1,286.01"), "\(show.stdout)")
    }

    // MARK: - media render

    @Test func mediaRenderWithoutColoursPrintsNoEscapes() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let result = try box.reelshop([
            "media", "render", bundledCatalog.appendingPathComponent("media/runner-sneaker.gif").path,
            "--size", "20x8", "--colors", "none",
        ])
        #expect(result.status == 0, "\(result)")
        #expect(!result.stdout.contains("\u{1B}"), "\(result.stdout.debugDescription)")
        let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 8 && rows.allSatisfy { $0.count == 20 }, "\(result.stdout)")
        #expect(rows.contains { $0.contains { $0 != " " } }, "the picture is there: \(result.stdout)")
    }

    @Test(arguments: [
        (["--size", "100000x100000"], "--size"),
        (["--size", "1001x10"], "--size"),
        (["--size", "wide"], "--size"),
        (["--colors", "rainbow"], "--colors"),
        (["--frame", "99"], "--frame"),
        (["--motion", "spin"], "--motion"),
        (["--background", "red"], "--background"),
        (["--symbols", "braille"], "--symbols"),
        (["--size", "40x20", "--size", "x"], "--size"),
    ])
    func mediaRenderRefusesBadOptionsWithAMessage(arguments: [String], names: String) throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let result = try box.reelshop(["media", "render", bundledCatalog.appendingPathComponent("media/runner-sneaker.gif").path] + arguments)
        #expect(!result.signalled, "\(result)")
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.hasPrefix("reelshop: "), "\(result)")
        #expect(result.stderr.contains(names), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test func mediaRenderErrorsStartWithReelshop() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let missing = try box.reelshop(["media", "render", box.temp.appending("none.gif").path])
        #expect(missing.status == 66, "\(missing)")
        #expect(missing.stderr == "reelshop: \(box.temp.appending("none.gif").path): cannot read the file (missing or no permission)\n", "\(missing)")
        let text = box.temp.appending("text.png")
        try Data("hello".utf8).write(to: text)
        let damaged = try box.reelshop(["media", "render", text.path])
        #expect(damaged.status == 65, "\(damaged)")
        #expect(damaged.stderr.hasPrefix("reelshop: \(text.path): not a PNG or GIF"), "\(damaged)")
    }

    // MARK: - demo --help

    @Test func demoHelpDoesNotOfferStateDir() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        let help = try box.reelshop(["demo", "--help"])
        #expect(help.status == 0, "\(help)")
        #expect(!help.stdout.contains("--state-dir <"), "\(help.stdout)")
        #expect(help.stdout.contains("--catalog"), "\(help.stdout)")
        #expect(help.stdout.contains("--speed"), "\(help.stdout)")
        // Still refused, with the reason.
        let refused = try box.reelshop(["demo", "--state-dir", box.state.path])
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderr.contains("throwaway state directory"), "\(refused)")
    }
}
