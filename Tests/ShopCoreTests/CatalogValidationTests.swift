import Foundation
import Testing
import ShopCore

/// Catalog loading: the bundled catalog is valid, and every kind of broken catalog is reported
/// with the file, the JSON path and what was expected there — all problems at once.
@Suite("Catalog validation")
struct CatalogValidationTests {
    // MARK: - Helpers

    /// Applies `change` to a fresh valid fixture, loads it from a temporary folder, returns problems.
    private func problems(after change: (inout CatalogFixture) -> Void) throws -> (problems: [CatalogProblem], file: String) {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        var fixture = CatalogFixture()
        change(&fixture)
        let problems = try fixture.problems(in: temp.url)
        return (problems, temp.appending("catalog.json").path)
    }

    // MARK: - Valid catalogs

    @Test func bundledCatalogLoadsAndEveryReferenceResolves() throws {
        let catalog = try Catalog.load(from: bundledCatalogDirectory)
        #expect(catalog.products.count >= 12)
        #expect(catalog.posts.count >= 16)
        #expect(!catalog.marketplaces.isEmpty)
        for post in catalog.posts {
            #expect(catalog.product(post.productID) != nil, "post \(post.id) names unknown product \(post.productID)")
            #expect(catalog.creator(post.creatorHandle) != nil, "post \(post.id) names unknown creator \(post.creatorHandle)")
            #expect(FileManager.default.fileExists(atPath: catalog.mediaURL(post.media).path), "post \(post.id) media")
        }
        for product in catalog.products {
            #expect(catalog.marketplace(product.marketplaceID) != nil, "product \(product.id) marketplace")
            #expect(!product.variants.isEmpty, "product \(product.id) has no variants")
            #expect(FileManager.default.fileExists(atPath: catalog.mediaURL(product.media).path), "product \(product.id) media")
            if let compareAt = product.compareAtPrice { #expect(compareAt > product.price) }
        }
        #expect(Set(catalog.products.map(\.id)).count == catalog.products.count)
        #expect(Set(catalog.posts.map(\.id)).count == catalog.posts.count)
    }

    @Test func bundledClawClipHasTheDocumentedVariants() throws {
        let catalog = try Catalog.load(from: bundledCatalogDirectory)
        let clip = try #require(catalog.product("claw-clip"))
        #expect(clip.variants.map(\.id) == ["tortoise", "black", "cream"])
        #expect(clip.variant("cream")?.stock == 0)
        #expect(clip.defaultVariant?.id == "tortoise")
    }

    @Test func fixtureLoadsWithTheValuesWritten() throws {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        var fixture = CatalogFixture()
        fixture.posts[0]["background"] = "#1a2b3c"
        fixture.posts[0]["motion"] = "pan"
        try fixture.write(to: temp.url)
        let catalog = try Catalog.load(from: temp.url)
        #expect(catalog.marketplaces.map(\.id) == ["beta", "alpha", "gamma"])
        #expect(catalog.creators.map(\.handle) == ["zoe", "sam", "kim"])
        #expect(catalog.creator("zoe")?.verified == true)
        #expect(catalog.creator("sam")?.verified == false, "verified defaults to false")
        let clip = try #require(catalog.product("clip"))
        #expect(clip.price == Money(minorUnits: 1299, currency: "USD"))
        #expect(clip.compareAtPrice == Money(minorUnits: 1800, currency: "USD"))
        #expect(clip.rating == 4.5)
        #expect(clip.variants.map(\.id) == ["tortoise", "black", "cream"])
        #expect(clip.variant("black")?.options == ["colour": "Black"])
        #expect(catalog.product("mug")?.compareAtPrice == nil)
        #expect(catalog.product("mug")?.defaultVariant?.id == "cream", "the first variant in stock")
        #expect(catalog.product("lamp")?.defaultVariant == nil, "no variant in stock")
        #expect(catalog.posts.map(\.id) == ["post-1", "post-2"])
        #expect(catalog.posts[0].background == CatalogColor(red: 0x1a, green: 0x2b, blue: 0x3c))
        #expect(catalog.posts[0].motion == "pan")
        #expect(catalog.posts[1].motion == "zoom", "motion defaults to zoom")
        #expect(catalog.posts[1].hashtags == ["one", "two"])
    }

    // MARK: - One problem of each kind

    @Test(arguments: [
        ("title", "$.products[2].title", "expected a string"),
        ("price", "$.products[2].price", "expected a whole number"),
        ("variants", "$.products[2].variants", "expected an array"),
        ("media", "$.products[2].media", "expected a string"),
    ])
    func missingProductFieldIsReported(field: String, path: String, expected: String) throws {
        let (problems, file) = try problems { $0.products[2][field] = nil }
        #expect(problems.count == 1, "\(problems)")
        let problem = try #require(problems.first)
        #expect(problem.kind == .missingField)
        #expect(problem.file == file)
        #expect(problem.path == path)
        #expect(problem.message.contains(expected), "\(problem.message)")
        #expect(problem.message.contains("missing"), "\(problem.message)")
    }

    @Test func missingFieldsInOtherEntitiesNameTheirPaths() throws {
        let (problems, _) = try problems {
            $0.posts[1]["product"] = nil
            $0.creators[2]["followers"] = nil
            $0.marketplaces[2]["name"] = nil
        }
        #expect(problems.allSatisfy { $0.kind == .missingField }, "\(problems)")
        #expect(Set(problems.map(\.path)) == ["$.posts[1].product", "$.creators[2].followers", "$.marketplaces[2].name"])
    }

    @Test func nullCountsAsAMissingField() throws {
        let (problems, _) = try problems { $0.products[2]["title"] = NSNull() }
        #expect(problems.map(\.kind) == [.missingField])
        #expect(problems.map(\.path) == ["$.products[2].title"])
    }

    /// One way to put a wrong value into an otherwise valid catalog.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var expected: String
        var found: String?
        var change: @Sendable (inout CatalogFixture) -> Void
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(name: "price is a string", path: "$.products[2].price", expected: "a whole number", found: "\"cheap\"") {
            $0.products[2]["price"] = "cheap"
        },
        InvalidCase(name: "price is negative", path: "$.products[2].price", expected: "a whole number", found: "-5") {
            $0.products[2]["price"] = -5
        },
        InvalidCase(name: "price has a fraction", path: "$.products[2].price", expected: "a whole number", found: "12.5") {
            $0.products[2]["price"] = 12.5
        },
        InvalidCase(name: "rating above 5", path: "$.products[2].rating", expected: "a number from 0", found: "7") {
            $0.products[2]["rating"] = 7
        },
        InvalidCase(name: "currency in lower case", path: "$.products[2].currency", expected: "three-letter currency code", found: "\"usd\"") {
            $0.products[2]["currency"] = "usd"
        },
        InvalidCase(name: "compare-at not above price", path: "$.products[2].compareAtPrice", expected: "compare-at price above the price", found: "1000") {
            $0.products[2]["compareAtPrice"] = 1000
        },
        InvalidCase(name: "id with a space", path: "$.products[2].id", expected: "an id of ASCII letters", found: "\"my lamp\"") {
            $0.products[2]["id"] = "my lamp"
        },
        InvalidCase(name: "blank title", path: "$.products[2].title", expected: "a non-empty string", found: "\"  \"") {
            $0.products[2]["title"] = "  "
        },
        InvalidCase(name: "no variants", path: "$.products[2].variants", expected: "at least one variant", found: nil) {
            $0.products[2]["variants"] = [[String: Any]]()
        },
        InvalidCase(name: "negative stock", path: "$.products[2].variants[1].stock", expected: "a whole number", found: "-1") {
            $0.changeVariant(product: 2, variant: 1) { $0["stock"] = -1 }
        },
        InvalidCase(name: "option value not a string", path: "$.products[2].variants[0].options.colour", expected: "a string", found: "7") {
            $0.changeVariant(product: 2, variant: 0) { $0["options"] = ["colour": 7] }
        },
        InvalidCase(name: "hashtag not a string", path: "$.posts[0].hashtags[1]", expected: "a string", found: "3") {
            $0.posts[0]["hashtags"] = ["one", 3]
        },
        InvalidCase(name: "background not a colour", path: "$.posts[0].background", expected: "a colour such as", found: "\"red\"") {
            $0.posts[0]["background"] = "red"
        },
        InvalidCase(name: "unknown motion", path: "$.posts[1].motion", expected: "one of \"zoom\"", found: "\"spin\"") {
            $0.posts[1]["motion"] = "spin"
        },
        InvalidCase(name: "verified not a bool", path: "$.creators[0].verified", expected: "true or false", found: "\"yes\"") {
            $0.creators[0]["verified"] = "yes"
        },
        InvalidCase(name: "version 2", path: "$.version", expected: "expected 1", found: "2") {
            $0.version = 2
        },
        InvalidCase(name: "products is an object", path: "$.products", expected: "an array", found: "an object") {
            $0.topLevelOverrides["products"] = ["clip": "x"]
            $0.posts = []  // posts would otherwise name products that no longer load
        },
        InvalidCase(name: "a post that is not an object", path: "$.posts[0]", expected: "an object", found: "\"post\"") {
            $0.topLevelOverrides["posts"] = ["post", CatalogFixture.post(id: "post-2", creator: "sam", product: "mug")]
        },
    ]

    @Test(arguments: invalidCases)
    func invalidValueIsReported(_ invalid: InvalidCase) throws {
        let (problems, file) = try problems(after: invalid.change)
        #expect(problems.count == 1, "expected only the problem at \(invalid.path), got \(problems)")
        let problem = try #require(problems.first { $0.path == invalid.path }, "no problem at \(invalid.path): \(problems)")
        #expect(problem.kind == .invalidValue)
        #expect(problem.file == file)
        #expect(problem.message.hasPrefix("expected "), "\(problem.message)")
        #expect(problem.message.contains(invalid.expected), "\(problem.message)")
        if let found = invalid.found {
            #expect(problem.message.contains("found \(found)"), "\(problem.message)")
        }
    }

    @Test func emptyPostsListIsInvalid() throws {
        let (problems, _) = try problems { $0.posts = [] }
        #expect(problems.map(\.kind) == [.invalidValue])
        #expect(problems.map(\.path) == ["$.posts"])
        #expect(problems.first?.message.contains("at least one post") == true)
    }

    @Test func topLevelThatIsNotAnObjectIsInvalid() throws {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        try Data("[1, 2]".utf8).write(to: temp.appending("catalog.json"))
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: temp.url) }
        #expect(error.problems.map(\.kind) == [.invalidValue])
        #expect(error.problems.map(\.path) == ["$"])
        #expect(error.problems.first?.message.contains("expected an object") == true)
    }

    @Test(arguments: [
        ("products", "$.products[2]", "product id", "\"clip\"", "$.products[0]"),
        ("posts", "$.posts[1]", "post id", "\"post-1\"", "$.posts[0]"),
        ("creators", "$.creators[1]", "creator handle", "\"zoe\"", "$.creators[0]"),
        ("marketplaces", "$.marketplaces[1]", "marketplace id", "\"beta\"", "$.marketplaces[0]"),
        ("variants", "$.products[0].variants[2]", "variant id", "\"tortoise\"", "$.products[0].variants[0]"),
    ])
    func duplicateIDIsReportedAtTheSecondUse(
        collection: String, path: String, what: String, id: String, firstPath: String
    ) throws {
        let (problems, file) = try problems { fixture in
            switch collection {
            case "products": fixture.products[2]["id"] = "clip"
            case "posts": fixture.posts[1]["id"] = "post-1"
            case "creators":
                fixture.creators[1]["handle"] = "zoe"
                fixture.posts[1]["creator"] = "zoe"
            case "marketplaces":
                fixture.marketplaces[1]["id"] = "beta"
                for index in fixture.products.indices { fixture.products[index]["marketplace"] = "beta" }
            case "variants":
                var variants = fixture.products[0]["variants"] as! [[String: Any]]
                variants[2]["id"] = "tortoise"
                fixture.products[0]["variants"] = variants
            default: Issue.record("unknown collection \(collection)")
            }
        }
        #expect(problems.count == 1, "\(problems)")
        let problem = try #require(problems.first)
        #expect(problem.kind == .duplicateID)
        #expect(problem.file == file)
        #expect(problem.path == path)
        #expect(problem.message.contains("unique \(what)"), "\(problem.message)")
        #expect(problem.message.contains(id), "\(problem.message)")
        #expect(problem.message.contains(firstPath), "names where the id was first used: \(problem.message)")
    }

    @Test(arguments: [
        ("post product", "$.posts[1].product", "the id of a product", "\"nope\""),
        ("post creator", "$.posts[0].creator", "the handle of a creator", "\"ghost\""),
        ("product marketplace", "$.products[1].marketplace", "the id of a marketplace", "\"delta\""),
    ])
    func unknownReferenceIsReported(reference: String, path: String, expected: String, found: String) throws {
        let (problems, file) = try problems { fixture in
            switch reference {
            case "post product": fixture.posts[1]["product"] = "nope"
            case "post creator": fixture.posts[0]["creator"] = "ghost"
            case "product marketplace": fixture.products[1]["marketplace"] = "delta"
            default: Issue.record("unknown reference \(reference)")
            }
        }
        #expect(problems.count == 1, "\(problems)")
        let problem = try #require(problems.first)
        #expect(problem.kind == .unknownReference)
        #expect(problem.file == file)
        #expect(problem.path == path)
        #expect(problem.message.contains("expected \(expected)"), "\(problem.message)")
        #expect(problem.message.contains("found \(found)"), "\(problem.message)")
    }

    @Test func unknownMarketplaceMessageListsTheKnownOnes() throws {
        let (problems, _) = try problems { $0.products[0]["marketplace"] = "delta" }
        let message = try #require(problems.first?.message)
        #expect(message.contains("alpha, beta, gamma"), "\(message)")
    }

    @Test func missingMediaFileIsReported() throws {
        let (problems, file) = try problems { fixture in
            fixture.products[1]["media"] = "media/missing.png"
            fixture.posts[0]["media"] = "media"  // a directory, not a file
        }
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.allSatisfy { $0.kind == .missingMedia && $0.file == file })
        let byPath = Dictionary(uniqueKeysWithValues: problems.map { ($0.path, $0.message) })
        #expect(byPath["$.products[1].media"]?.contains("media/missing.png") == true, "\(byPath)")
        #expect(byPath["$.posts[0].media"] != nil, "a directory is not a media file: \(byPath)")
    }

    @Test(arguments: ["../outside.png", "/etc/passwd", "media/../../outside.png", "../"])
    func mediaPathEscapingTheFolderIsRejected(media: String) throws {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        // The escaping targets exist, so only the path's shape can make the loader refuse them.
        try tinyPNG.write(to: temp.appending("outside.png"))
        let catalogDirectory = temp.appending("catalog")
        var fixture = CatalogFixture()
        fixture.posts[1]["media"] = media
        let problems = try fixture.problems(in: catalogDirectory)
        #expect(problems.count == 1, "\(problems)")
        let problem = try #require(problems.first)
        #expect(problem.kind == .invalidValue)
        #expect(problem.path == "$.posts[1].media")
        #expect(problem.message.contains("inside the catalog folder"), "\(problem.message)")
        #expect(problem.message.contains(media), "\(problem.message)")
    }

    // MARK: - Many problems at once

    @Test func everyProblemInTheFileIsReportedAtOnce() throws {
        let (problems, file) = try problems { fixture in
            fixture.products[2]["title"] = nil  // missingField
            fixture.posts[0]["likes"] = "many"  // invalidValue
            fixture.posts[1]["product"] = "nope"  // unknownReference
            fixture.products[0]["media"] = "media/gone.png"  // missingMedia
        }
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.allSatisfy { $0.file == file })
        let found = Set(problems.map { "\($0.kind.rawValue) \($0.path)" })
        #expect(
            found == [
                "missingField $.products[2].title",
                "invalidValue $.posts[0].likes",
                "unknownReference $.posts[1].product",
                "missingMedia $.products[0].media",
            ])
    }

    /// A post names a product that is in the file but has a wrong field: the one problem is the
    /// field. Reporting the post's reference as unknown too would send the user looking for an id
    /// that is plainly there.
    @Test(arguments: [
        ("$.products[0].title", "$.posts[0].product"),
        ("$.products[1].price", "$.posts[1].product"),
        ("$.creators[1].followers", "$.posts[1].creator"),
        ("$.marketplaces[0].name", "$.products[1].marketplace"),
    ])
    func aBrokenEntryIsNotAlsoReportedAsAnUnknownReference(broken: String, referrer: String) throws {
        let (problems, _) = try problems { fixture in
            switch broken {
            case "$.products[0].title": fixture.products[0]["title"] = nil
            case "$.products[1].price": fixture.products[1]["price"] = "free"
            case "$.creators[1].followers": fixture.creators[1]["followers"] = -3
            case "$.marketplaces[0].name": fixture.marketplaces[0]["name"] = nil
            default: Issue.record("unknown case \(broken)")
            }
        }
        #expect(problems.map(\.path) == [broken], "only the broken field, not \(referrer): \(problems)")
    }

    @Test func errorDescriptionCountsAndListsEveryProblem() throws {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        var fixture = CatalogFixture()
        fixture.products[2]["title"] = nil
        fixture.posts[0]["creator"] = "ghost"
        fixture.marketplaces[2]["deliveryDays"] = 365
        try fixture.write(to: temp.url)
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: temp.url) }
        #expect(error.problems.count == 3)
        #expect(error.description.contains("3 problems"), "\(error.description)")
        for problem in error.problems {
            #expect(error.description.contains(problem.description))
            #expect(problem.description == "\(problem.file): \(problem.path): \(problem.message)")
        }
    }

    // MARK: - Unreadable

    @Test(arguments: ["{ \"version\": 1, ", "not json at all", "", "\u{FF}\u{FE}garbage"])
    func nonJSONIsUnreadable(contents: String) throws {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        let file = temp.appending("catalog.json")
        try Data(contents.utf8).write(to: file)
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: temp.url) }
        #expect(error.problems.count == 1)
        let problem = try #require(error.problems.first)
        #expect(problem.kind == .unreadable)
        #expect(problem.file == file.path)
        #expect(problem.path == "$")
        #expect(problem.message.contains("expected valid JSON"), "\(problem.message)")
    }

    @Test func missingCatalogFileIsUnreadable() throws {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: temp.url) }
        #expect(error.problems.map(\.kind) == [.unreadable])
        #expect(error.problems.first?.file == temp.appending("catalog.json").path)
        #expect(error.problems.first?.message.contains("catalog.json") == true)
        #expect(error.problems.first?.message.contains(temp.url.path) == true, "names the folder searched")
    }

    @Test func missingFolderIsUnreadable() throws {
        let temp = try TemporaryDirectory("catalog")
        defer { temp.remove() }
        let error = try #require(throws: CatalogError.self) {
            try Catalog.load(from: temp.appending("does-not-exist"))
        }
        #expect(error.problems.map(\.kind) == [.unreadable])
    }
}
