import Foundation

/// Reads catalog.json field by field so that one run reports every problem, not just the first
/// (a `Decodable` decode stops at the first error).
struct CatalogLoader {
    let directory: URL
    private let problems = ProblemList()
    /// Text the storefront can show but a catalog author should fix (controls, over-long
    /// fields): `catalog check` reports these; loading does not fail on them.
    let textWarnings = ProblemList()
    private let mediaFiles = MediaFileCheck()
    /// Every media path that names a file, with where it is named: `catalog check` decodes them.
    let mediaReferences = MediaReferenceList()

    init(directory: URL) { self.directory = directory }

    private var file: String { directory.appendingPathComponent("catalog.json").path }

    func load() throws(CatalogError) -> Catalog { try load(data: try contents()) }

    /// `load()` for start-up: a catalog with nothing to report is read in one pass by
    /// `CatalogFastReader`; any other goes through `load(data:)`, which reports every problem.
    /// Text warnings and media references are not collected (`Catalog.inspect` uses `load()`).
    func loadForUse() throws(CatalogError) -> Catalog {
        let data = try contents()
        if let catalog = CatalogFastReader.read(data, directory: directory, mediaFiles: mediaFiles) { return catalog }
        return try load(data: data)
    }

    private func contents() throws(CatalogError) -> Data {
        let url = directory.appendingPathComponent("catalog.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CatalogError(problems: [
                CatalogProblem(
                    kind: .unreadable, file: url.path, path: "$",
                    message: "expected a readable catalog.json in \(directory.path)")
            ])
        }
        return data
    }

    /// Checks catalog.json's bytes; media paths still resolve against `directory`.
    /// Split from `load()` so the fuzzer feeds bytes without writing a file each time.
    func load(data: Data) throws(CatalogError) -> Catalog {
        let url = directory.appendingPathComponent("catalog.json")
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw CatalogError(problems: [
                CatalogProblem(
                    kind: .unreadable, file: url.path, path: "$", message: "expected valid JSON; \(error)")
            ])
        }
        guard let top = Fields(root, path: "$", file: file, problems: problems, warnings: textWarnings, expected: "an object") else {
            throw CatalogError(problems: problems.items)
        }
        if let version = top.int("version"), version != 1 {
            problems.add(.invalidValue, file, "$.version", "expected 1, found \(version)")
        }

        let marketplaceFields = top.array("marketplaces"), creatorFields = top.array("creators")
        let productFields = top.array("products"), postFields = top.array("posts")
        let marketplaces = marketplaceFields.compactMap(marketplace)
        let creators = creatorFields.compactMap(creator)
        let products = productFields.compactMap(product)
        let posts = postFields.compactMap(post)
        let liveFields = top.has("lives") ? top.array("lives") : []
        let lives = liveFields.compactMap(live)

        checkUnique(marketplaces.map { ($0.value.id, $0.path) }, what: "marketplace id")
        checkUnique(creators.map { ($0.value.handle, $0.path) }, what: "creator handle")
        checkUnique(products.map { ($0.value.id, $0.path) }, what: "product id")
        checkUnique(posts.map { ($0.value.id, $0.path) }, what: "post id")
        checkUnique(lives.map { ($0.value.id, $0.path) }, what: "live stream id")

        // References resolve against every entry that names itself, even one broken elsewhere,
        // so one problem is not reported twice (once where it is, once as a dangling reference);
        // and every entry's references are checked, even one that failed other checks.
        let marketplaceIDs = Set(marketplaceFields.compactMap { $0.peek("id") })
        let creatorHandles = Set(creatorFields.compactMap { $0.peek("handle") })
        let productIDs = Set(productFields.compactMap { $0.peek("id") })
        for fields in productFields {
            if let id = fields.peek("marketplace"), !marketplaceIDs.contains(id) {
                problems.add(
                    .unknownReference, file, "\(fields.path).marketplace",
                    "expected the id of a marketplace (\(list(marketplaceIDs))), found \"\(id)\"")
            }
        }
        for fields in postFields {
            if let id = fields.peek("product"), !productIDs.contains(id) {
                problems.add(
                    .unknownReference, file, "\(fields.path).product",
                    "expected the id of a product, found \"\(id)\"")
            }
            if let handle = fields.peek("creator"), !creatorHandles.contains(handle) {
                problems.add(
                    .unknownReference, file, "\(fields.path).creator",
                    "expected the handle of a creator, found \"\(handle)\"")
            }
        }
        for fields in postFields {
            if let id = fields.peek("sponsoredBy"), !marketplaceIDs.contains(id) {
                problems.add(
                    .unknownReference, file, "\(fields.path).sponsoredBy",
                    "expected the id of a marketplace (\(list(marketplaceIDs))), found \"\(id)\"")
            }
        }
        for entry in lives {
            if !creatorHandles.contains(entry.value.hostHandle) {
                problems.add(.unknownReference, file, "\(entry.path).host", "expected the handle of a creator, found \"\(entry.value.hostHandle)\"")
            }
            for (index, id) in entry.value.pinnedProductIDs.enumerated() where !productIDs.contains(id) {
                problems.add(.unknownReference, file, "\(entry.path).pinned[\(index)]", "expected the id of a product, found \"\(id)\"")
            }
            for (index, deal) in entry.value.deals.enumerated() {
                // Against every product that names itself, like the references above: a product
                // with a bad price is reported once, for its price, not again here.
                guard productIDs.contains(deal.productID) else {
                    problems.add(.unknownReference, file, "\(entry.path).deals[\(index)].product", "expected the id of a product, found \"\(deal.productID)\"")
                    continue
                }
                let product = products.first { $0.value.id == deal.productID }?.value
                if let product, deal.dealPrice.minorUnits >= product.price.minorUnits || deal.dealPrice.currency != product.price.currency {
                    problems.add(
                        .invalidValue, file, "\(entry.path).deals[\(index)].dealPrice",
                        "expected a deal price below the product's price (\(product.price.minorUnits) \(product.price.currency)), found \(deal.dealPrice.minorUnits)"
                    )
                }
            }
            checkMedia(entry.value.media, at: "\(entry.path).media")
        }
        for entry in products { checkMedia(entry.value.media, at: "\(entry.path).media") }
        for entry in posts { checkMedia(entry.value.media, at: "\(entry.path).media") }
        if posts.isEmpty && problems.items.isEmpty {
            problems.add(.invalidValue, file, "$.posts", "expected at least one post")
        }

        guard problems.items.isEmpty else { throw CatalogError(problems: problems.items) }
        return Catalog(
            directory: directory, marketplaces: marketplaces.map(\.value), creators: creators.map(\.value),
            products: products.map(\.value), posts: posts.map(\.value), lives: lives.map(\.value))
    }

    // MARK: - Entities

    private func marketplace(_ fields: Fields) -> Located<Marketplace>? {
        let id = fields.identifier("id"), name = fields.text("name")
        let promise = fields.text("shippingPromise"), days = fields.int("deliveryDays", in: 0...60)
        let returns = fields.text("returnPolicy")
        let rating = fields.has("sellerRating") ? fields.number("sellerRating", in: 0...5) : nil
        let reviews = fields.optionalInt("sellerReviews", in: 0...Int.max)
        guard let id, let name, let promise, let days, let returns else { return nil }
        return Located(
            Marketplace(
                id: id, name: name, shippingPromise: promise, deliveryDays: days, returnPolicy: returns,
                sellerRating: rating, sellerReviews: reviews), fields.path)
    }

    private func creator(_ fields: Fields) -> Located<Creator>? {
        let handle = fields.identifier("handle"), name = fields.text("displayName")
        let followers = fields.int("followers", in: 0...Int.max)
        let verified = fields.optionalBool("verified") ?? false
        guard let handle, let name, let followers else { return nil }
        return Located(Creator(handle: handle, displayName: name, followers: followers, verified: verified), fields.path)
    }

    private func product(_ fields: Fields) -> Located<Product>? {
        let id = fields.identifier("id"), marketplace = fields.text("marketplace")
        let title = fields.text("title"), description = fields.text("description")
        let category = fields.text("category"), currency = fields.currency("currency")
        let price = fields.int("price", in: 0...100_000_000)
        let compareAt = fields.optionalInt("compareAtPrice", in: 0...100_000_000)
        let rating = fields.number("rating", in: 0...5)
        let reviews = fields.int("reviewCount", in: 0...Int.max), sold = fields.int("soldCount", in: 0...Int.max)
        let media = fields.text("media")
        let history = fields.has("priceHistory") ? fields.array("priceHistory").compactMap { pricePoint($0, currency: currency) } : []
        let variantFields = fields.array("variants")
        if fields.has("variants") && variantFields.isEmpty {
            problems.add(.invalidValue, file, "\(fields.path).variants", "expected at least one variant")
        }
        let variants = variantFields.compactMap(variant)
        checkUnique(variants.map { ($0.value.id, $0.path) }, what: "variant id")
        if let price, let compareAt, compareAt <= price {
            problems.add(
                .invalidValue, file, "\(fields.path).compareAtPrice",
                "expected a compare-at price above the price (\(price)), found \(compareAt)")
        }
        guard let id, let marketplace, let title, let description, let category, let currency, let price,
            let rating, let reviews, let sold, let media, variants.count == variantFields.count, !variants.isEmpty
        else { return nil }
        var product = Product(
            id: id, marketplaceID: marketplace, title: title, description: description, category: category,
            price: Money(minorUnits: price, currency: currency),
            compareAtPrice: compareAt.map { Money(minorUnits: $0, currency: currency) },
            rating: rating, reviewCount: reviews, soldCount: sold, variants: variants.map(\.value), media: media)
        product.priceHistory = history.sorted { $0.date < $1.date }
        return Located(product, fields.path)
    }

    private func pricePoint(_ fields: Fields, currency: String?) -> PricePoint? {
        let date = fields.text("date"), price = fields.int("price", in: 0...100_000_000)
        guard let date, let price, let currency else { return nil }
        guard let parsed = CalendarDay.date(fromISO: date) else {
            problems.add(.invalidValue, file, "\(fields.path).date", "expected a date such as \"2026-10-01\", found \"\(date)\"")
            return nil
        }
        return PricePoint(date: parsed, price: Money(minorUnits: price, currency: currency))
    }

    private func live(_ fields: Fields) -> Located<LiveStream>? {
        let id = fields.identifier("id"), host = fields.text("host"), title = fields.text("title"), media = fields.text("media")
        let pinned = fields.stringArray("pinned"), viewers = fields.int("viewers", in: 1...100_000_000)
        let loop = fields.optionalInt("loopSeconds", in: 10...3600) ?? 120
        let background = fields.optionalColour("background") ?? CatalogColor.postBackground
        let chat: [ChatLine] = (fields.has("chat") ? fields.array("chat") : []).compactMap { line in
            let at = line.number("at", in: 0...3600), user = line.text("user"), text = line.text("text")
            guard let at, let user, let text else { return nil }
            return ChatLine(at: at, user: user, text: text)
        }
        let deals: [FlashDeal] = (fields.has("deals") ? fields.array("deals") : []).compactMap { deal in
            let product = deal.text("product"), currency = deal.currency("currency")
            let price = deal.int("dealPrice", in: 0...100_000_000), start = deal.number("startOffset", in: 0...86_400)
            let duration = deal.number("duration", in: 1...86_400), units = deal.int("totalUnits", in: 1...1_000_000)
            let limit = deal.int("perBuyerLimit", in: 1...99)
            guard let product, let currency, let price, let start, let duration, let units, let limit else { return nil }
            return FlashDeal(
                productID: product, dealPrice: Money(minorUnits: price, currency: currency),
                startOffset: start, duration: duration, totalUnits: units, perBuyerLimit: limit)
        }
        guard let id, let host, let title, let media, let pinned, let viewers else { return nil }
        return Located(
            LiveStream(
                id: id, hostHandle: host, title: title, media: media, background: background,
                pinnedProductIDs: pinned, chat: chat, deals: deals, baseViewers: viewers, loopSeconds: loop), fields.path)
    }

    private func variant(_ fields: Fields) -> Located<Variant>? {
        let id = fields.identifier("id"), stock = fields.int("stock", in: 0...1_000_000)
        let options = fields.stringDictionary("options")
        guard let id, let stock, let options else { return nil }
        return Located(Variant(id: id, options: options, stock: stock), fields.path)
    }

    private func post(_ fields: Fields) -> Located<Post>? {
        let id = fields.identifier("id"), creator = fields.text("creator"), caption = fields.text("caption")
        let hashtags = fields.stringArray("hashtags"), sound = fields.text("sound"), media = fields.text("media")
        let product = fields.text("product")
        let likes = fields.int("likes", in: 0...Int.max), comments = fields.int("comments", in: 0...Int.max)
        let shares = fields.int("shares", in: 0...Int.max)
        let background = fields.optionalColour("background") ?? CatalogColor.postBackground
        let motion = fields.optionalChoice("motion", from: ["zoom", "pan", "float", "none"]) ?? "zoom"
        let sponsoredBy = fields.has("sponsoredBy") ? fields.text("sponsoredBy") : nil
        guard let id, let creator, let caption, let hashtags, let sound, let media, let product,
            let likes, let comments, let shares
        else { return nil }
        return Located(
            Post(
                id: id, creatorHandle: creator, caption: caption, hashtags: hashtags, sound: sound, media: media,
                productID: product, likes: likes, comments: comments, shares: shares,
                background: background, motion: motion, sponsoredBy: sponsoredBy), fields.path)
    }

    // MARK: - Cross checks

    private func checkUnique(_ entries: [(String, String)], what: String) {
        var seen: [String: String] = [:]
        for (id, path) in entries {
            if let first = seen[id] {
                problems.add(.duplicateID, file, path, "expected a unique \(what), but \"\(id)\" is already used at \(first)")
            } else {
                seen[id] = path
            }
        }
    }

    private func checkMedia(_ relative: String, at path: String) {
        let components = relative.split(separator: "/")
        guard !relative.hasPrefix("/"), !components.contains("..") else {
            problems.add(.invalidValue, file, path, "expected a path inside the catalog folder, found \"\(relative)\"")
            return
        }
        if !mediaFiles.exists(relative, in: directory) {
            problems.add(.missingMedia, file, path, "expected a media file at \(relative) in the catalog folder; there is none")
        } else {
            mediaReferences.items.append(CatalogMediaReference(relativePath: relative, jsonPath: path))
        }
    }

    private func list(_ ids: Set<String>) -> String {
        ids.isEmpty ? "none defined" : ids.sorted().joined(separator: ", ")
    }
}

/// A value found at a JSON path.
private struct Located<Value> {
    var value: Value
    var path: String
    init(_ value: Value, _ path: String) {
        self.value = value
        self.path = path
    }
}

/// Whether each media path names a file, asked of the file system once per path: a large catalog
/// shares a few dozen files among thousands of entries, and 20,000 `stat` calls with their URL
/// building were a quarter of loading a 10,000-product catalog.
final class MediaFileCheck {
    private var known: [String: Bool] = [:]

    func exists(_ relative: String, in directory: URL) -> Bool {
        if let answer = known[relative] { return answer }
        var isDirectory: ObjCBool = false
        let url = directory.appendingPathComponent(relative)
        let answer = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        known[relative] = answer
        return answer
    }
}

/// Media references collected while walking the JSON.
final class MediaReferenceList {
    var items: [CatalogMediaReference] = []
}

/// Problems collected while walking the JSON; a class so every reader appends to one list.
final class ProblemList {
    var items: [CatalogProblem] = []
    func add(_ kind: CatalogProblem.Kind, _ file: String, _ path: String, _ message: String) {
        items.append(CatalogProblem(kind: kind, file: file, path: path, message: message))
    }
}

/// Typed access to one JSON object that records a problem for each absent or mistyped field.
struct Fields {
    let object: [String: JSONValue]
    let path: String
    let file: String
    let problems: ProblemList
    let warnings: ProblemList

    init?(_ value: JSONValue, path: String, file: String, problems: ProblemList, warnings: ProblemList, expected: String) {
        guard case .object(let object) = value else {
            problems.add(.invalidValue, file, path, "expected \(expected), found \(value.summary)")
            return nil
        }
        self.object = object
        self.path = path
        self.file = file
        self.problems = problems
        self.warnings = warnings
    }

    /// A string field's value without recording anything when it is absent or mistyped.
    func peek(_ key: String) -> String? {
        guard case .string(let value)? = object[key] else { return nil }
        return value
    }

    func has(_ key: String) -> Bool {
        guard let value = object[key] else { return false }
        return value != .null
    }

    private func raw(_ key: String, expected: String) -> JSONValue? {
        guard has(key), let value = object[key] else {
            problems.add(.missingField, file, "\(path).\(key)", "expected \(expected), but the field is missing")
            return nil
        }
        return value
    }

    private func wrong(_ key: String, _ expected: String, _ value: JSONValue) {
        problems.add(.invalidValue, file, "\(path).\(key)", "expected \(expected), found \(value.summary)")
    }

    func text(_ key: String) -> String? {
        guard let value = raw(key, expected: "a string") else { return nil }
        guard case .string(let string) = value, string.unicodeScalars.contains(where: { !Self.isBlank($0) }) else {
            wrong(key, "a non-empty string", value)
            return nil
        }
        checkText(string, key: key, at: "\(path).\(key)")
        return string
    }

    /// The longest text each field should hold, in Unicode scalars; longer is reported.
    static func maximumLength(_ key: String) -> Int {
        switch key {
        case "description": return 2_000
        case "caption", "text": return 500
        default: return 200
        }
    }

    /// Records (as a warning) control characters and over-long text: the screen copes with
    /// both, but a catalog holding ESC or a megabyte caption is a mistake or an attack.
    /// Line breaks are allowed in descriptions and captions, which wrap them as paragraphs.
    func checkText(_ string: String, key: String, at jsonPath: String) {
        let allowsNewlines = key == "description" || key == "caption"
        var count = 0
        var reportedControl = false
        for scalar in string.unicodeScalars {
            count += 1
            if !reportedControl, TerminalText.isControl(scalar), !(allowsNewlines && scalar == "\n") {
                reportedControl = true
                warnings.add(
                    .controlCharacter, file, jsonPath,
                    "expected text without control characters, found \(TerminalText.printable(String(scalar))) at character \(NumberText.grouped(count)) (a terminal acts on it; the screen drops it)"
                )
            }
        }
        let limit = Self.maximumLength(key)
        if count > limit {
            warnings.add(
                .tooLong, file, jsonPath,
                "expected at most \(NumberText.grouped(limit)) characters, found \(NumberText.grouped(count)) (the screen shows what fits)")
        }
    }

    /// What `CharacterSet.whitespaces` holds (tab and the space separators), tested without
    /// bridging to NSString: `trimmingCharacters` was a tenth of loading a 10,000-product catalog.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }

    /// A string id: ASCII letters, digits, '-', '_' and '.'.
    func identifier(_ key: String) -> String? {
        guard let string = text(key) else { return nil }
        let ok = string.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": return true
            default: return false
            }
        }
        guard ok else {
            wrong(key, "an id of ASCII letters, digits, '-', '_' or '.'", .string(string))
            return nil
        }
        return string
    }

    func currency(_ key: String) -> String? {
        guard let string = text(key) else { return nil }
        guard string.count == 3, string.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            wrong(key, "a three-letter currency code such as \"USD\"", .string(string))
            return nil
        }
        return string
    }

    func int(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard let value = raw(key, expected: "a whole number") else { return nil }
        return checkedInt(key, value, range)
    }

    func optionalInt(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard has(key), let value = object[key] else { return nil }
        return checkedInt(key, value, range)
    }

    private func checkedInt(_ key: String, _ value: JSONValue, _ range: ClosedRange<Int>) -> Int? {
        let bounds = range.upperBound == Int.max ? "\(range.lowerBound) or more" : "\(range.lowerBound)…\(range.upperBound)"
        guard case .integer(let int) = value, range.contains(int) else {
            wrong(key, "a whole number, \(bounds)", value)
            return nil
        }
        return int
    }

    func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let value = raw(key, expected: "a number") else { return nil }
        let double: Double?
        switch value {
        case .integer(let int): double = Double(int)
        case .number(let number): double = number
        default: double = nil
        }
        guard let double, range.contains(double) else {
            wrong(key, "a number from \(range.lowerBound) to \(range.upperBound)", value)
            return nil
        }
        return double
    }

    func optionalBool(_ key: String) -> Bool? {
        guard has(key), let value = object[key] else { return nil }
        guard case .bool(let bool) = value else {
            wrong(key, "true or false", value)
            return nil
        }
        return bool
    }

    func optionalColour(_ key: String) -> CatalogColor? {
        guard has(key), let value = object[key] else { return nil }
        guard case .string(let string) = value, let colour = CatalogColor(hex: string) else {
            wrong(key, "a colour such as \"#1a2b3c\"", value)
            return nil
        }
        return colour
    }

    func optionalChoice(_ key: String, from choices: [String]) -> String? {
        guard has(key), let value = object[key] else { return nil }
        guard case .string(let string) = value, choices.contains(string) else {
            wrong(key, "one of \(choices.map { "\"\($0)\"" }.joined(separator: ", "))", value)
            return nil
        }
        return string
    }

    func stringArray(_ key: String) -> [String]? {
        guard let value = raw(key, expected: "an array of strings") else { return nil }
        guard case .array(let array) = value else {
            wrong(key, "an array of strings", value)
            return nil
        }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard case .string(let string) = element else {
                problems.add(.invalidValue, file, "\(path).\(key)[\(index)]", "expected a string, found \(element.summary)")
                return nil
            }
            checkText(string, key: key, at: "\(path).\(key)[\(index)]")
            strings.append(string)
        }
        return strings
    }

    func stringDictionary(_ key: String) -> [String: String]? {
        guard let value = raw(key, expected: "an object of option names to values") else { return nil }
        guard case .object(let dictionary) = value else {
            wrong(key, "an object of option names to values", value)
            return nil
        }
        var strings: [String: String] = [:]
        for (name, element) in dictionary {
            guard case .string(let string) = element else {
                problems.add(.invalidValue, file, "\(path).\(key).\(name)", "expected a string, found \(element.summary)")
                return nil
            }
            checkText(name, key: key, at: "\(path).\(key).\(TerminalText.printable(name))")
            checkText(string, key: key, at: "\(path).\(key).\(TerminalText.printable(name))")
            strings[name] = string
        }
        return strings
    }

    /// The objects of an array field; a missing or mistyped field yields none (and a problem).
    func array(_ key: String) -> [Fields] {
        guard let value = raw(key, expected: "an array") else { return [] }
        guard case .array(let array) = value else {
            wrong(key, "an array", value)
            return []
        }
        return array.enumerated().compactMap { index, element in
            Fields(element, path: "\(path).\(key)[\(index)]", file: file, problems: problems, warnings: warnings, expected: "an object")
        }
    }
}
