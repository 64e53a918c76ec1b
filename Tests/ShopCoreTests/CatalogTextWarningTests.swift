import Foundation
import Testing
import ShopCore

/// `catalog check` reports control characters and over-long text (issue 11); the storefront
/// still loads such a catalog, since its screen drops controls and shows what fits.
@Suite struct CatalogTextWarningTests {
    private func inspect(_ change: (inout CatalogFixture) -> Void) throws -> CatalogInspection {
        let temp = try TemporaryDirectory("catalog-text")
        defer { temp.remove() }
        var fixture = CatalogFixture()
        change(&fixture)
        try fixture.write(to: temp.url)
        #expect(try fixture.problems(in: temp.url).isEmpty, "loading still succeeds")
        return Catalog.inspect(temp.url)
    }

    @Test func aControlCharacterIsReportedWithItsPath() throws {
        let inspection = try inspect { $0.posts[0]["caption"] = "Hi \u{1B}]52;c;cQ==\u{07} there" }
        let problem = try #require(inspection.problems.first)
        #expect(inspection.problems.count == 1, "one report per field: \(inspection.problems)")
        #expect(problem.kind == .controlCharacter)
        #expect(problem.path == "$.posts[0].caption")
        #expect(problem.message.contains("\\u{1B}"), "shown as a visible escape: \(problem.message)")
        #expect(!problem.message.contains("\u{1B}"), "never raw")
    }

    @Test(arguments: ["\u{9B}", "\u{202E}", "\t", "\u{7F}"])
    func otherControlsAreReportedToo(control: String) throws {
        let inspection = try inspect { $0.products[0]["title"] = "Claw\(control)clip" }
        #expect(inspection.problems.map(\.kind) == [.controlCharacter])
        #expect(inspection.problems.first?.path == "$.products[0].title")
    }

    @Test func lineBreaksAreAllowedInDescriptionsOnly() throws {
        let allowed = try inspect { $0.products[0]["description"] = "Line one.\nLine two." }
        #expect(allowed.problems.isEmpty)
        let refused = try inspect { $0.products[0]["title"] = "Two\nlines" }
        #expect(refused.problems.map(\.kind) == [.controlCharacter])
    }

    @Test func overLongFieldsAreReportedWithTheirLength() throws {
        let inspection = try inspect {
            $0.posts[0]["caption"] = String(repeating: "x", count: 1_000_000)
            $0.products[0]["title"] = String(repeating: "t", count: 201)
        }
        let kinds = inspection.problems.map(\.kind)
        #expect(kinds == [.tooLong, .tooLong], "\(inspection.problems)")
        let caption = try #require(inspection.problems.first { $0.path == "$.posts[0].caption" })
        #expect(caption.message.contains("1,000,000"), "\(caption.message)")
        #expect(caption.message.contains("500"), "\(caption.message)")
        #expect(inspection.problems.contains { $0.path == "$.products[0].title" })
    }

    @Test func optionValuesAndHashtagsAreChecked() throws {
        let inspection = try inspect {
            var variants = $0.products[0]["variants"] as? [[String: Any]] ?? []
            variants[0]["options"] = ["colour": "Tor\u{1B}[2Jtoise"]
            $0.products[0]["variants"] = variants
            $0.posts[0]["hashtags"] = ["ok", "bad\u{07}"]
        }
        let paths = Set(inspection.problems.map(\.path))
        #expect(paths.contains("$.products[0].variants[0].options.colour"), "\(paths)")
        #expect(paths.contains("$.posts[0].hashtags[1]"), "\(paths)")
    }

    @Test func theBundledCatalogHasNoTextWarnings() {
        #expect(Catalog.inspect(bundledCatalogDirectory).problems.isEmpty)
    }
}
