import Foundation

/// catalog.json read in one pass straight into the models, for `Catalog.load` (issue 15).
///
/// `CatalogLoader` parses the whole file into a `JSONValue` tree and then walks it, so that one
/// run can report every problem with its path. For a catalog of 10,000 products that tree is
/// about 110,000 dictionaries: most of start-up's CPU, and, freed among the models it leaves
/// behind, much of its resident memory. This reader builds the models as the parser reaches
/// each value and checks everything `CatalogLoader` checks; at the first thing that is not
/// plainly right (any problem `CatalogLoader` would report, a repeated member name, anything
/// unusual) it gives up, and `Catalog.load` hands the file to `CatalogLoader`, which explains
/// every problem exactly as before. So it only ever answers for a catalog `CatalogLoader`
/// accepts, with the same catalog (`CatalogFastReaderTests` checks both on generated and
/// mutated catalogs). Text warnings (control characters, over-long text) are `catalog check`'s
/// business, which always uses `CatalogLoader`; loading never failed on them.
///
/// Strings that many entries repeat (ids named by other entries, categories, media paths,
/// sounds, hashtags, option names and values) are kept once and shared: a copy of a Swift
/// string shares its storage.
struct CatalogFastReader {
    /// Anything the fast path does not take: `CatalogLoader` reads the file instead.
    struct GiveUp: Error {}

    private var parser: JSONParser
    private let directory: URL
    private let mediaFiles: MediaFileCheck
    private var shared: [String: String] = [:]
    private var goodMedia: Set<String> = []
    private var sharedOptions: [[String: String]: [String: String]] = [:]
    private var sharedTags: [[String]: [String]] = [:]

    /// The catalog in `data`, or nil when `CatalogLoader` must read it.
    static func read(_ data: Data, directory: URL, mediaFiles: MediaFileCheck) -> Catalog? {
        data.withUnsafeBytes { raw -> Catalog? in
            var reader = CatalogFastReader(
                parser: JSONParser(bytes: raw.bindMemory(to: UInt8.self)), directory: directory, mediaFiles: mediaFiles)
            return try? reader.catalog()
        }
    }

    private init(parser: JSONParser, directory: URL, mediaFiles: MediaFileCheck) {
        self.parser = parser
        self.directory = directory
        self.mediaFiles = mediaFiles
    }

    // MARK: - The document

    private mutating func catalog() throws -> Catalog {
        var version: Int?
        var marketplaces: [Marketplace]?, creators: [Creator]?, products: [Product]?, posts: [Post]?
        var lives: [LiveStream] = []
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "version": try seen.once(0); version = try nullable { try $0.int(in: 1...1) }
            case "marketplaces": try seen.once(1); marketplaces = try array { try $0.marketplace() }
            case "creators": try seen.once(2); creators = try array { try $0.creator() }
            case "products": try seen.once(3); products = try array { try $0.product() }
            case "posts": try seen.once(4); posts = try array { try $0.post() }
            case "lives": try seen.once(5); lives = try nullable { try $0.array { try $0.live() } } ?? []
            default: try skipValue(depth: 1)
            }
        }
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count, version != nil, let marketplaces, let creators, let products, let posts,
            !posts.isEmpty
        else { throw GiveUp() }

        let marketplaceIDs = try unique(marketplaces.map(\.id))
        let creatorHandles = try unique(creators.map(\.handle))
        let productIDs = try unique(products.map(\.id))
        _ = try unique(posts.map(\.id))
        _ = try unique(lives.map(\.id))
        for product in products {
            guard marketplaceIDs.contains(product.marketplaceID) else { throw GiveUp() }
            try media(product.media)
        }
        let dealProducts = Set(lives.flatMap { $0.deals.map(\.productID) })
        let productsByID = Dictionary(products.filter { dealProducts.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for post in posts {
            guard productIDs.contains(post.productID), creatorHandles.contains(post.creatorHandle),
                post.sponsoredBy.map(marketplaceIDs.contains) ?? true
            else { throw GiveUp() }
            try media(post.media)
        }
        for live in lives {
            guard creatorHandles.contains(live.hostHandle), live.pinnedProductIDs.allSatisfy(productIDs.contains) else { throw GiveUp() }
            for deal in live.deals {
                guard let product = productsByID[deal.productID], deal.dealPrice.minorUnits < product.price.minorUnits,
                    deal.dealPrice.currency == product.price.currency
                else { throw GiveUp() }
            }
            try media(live.media)
        }
        return Catalog(
            directory: directory, marketplaces: marketplaces, creators: creators, products: products, posts: posts, lives: lives)
    }

    // MARK: - Entities (the fields and bounds of `CatalogLoader`'s)

    private mutating func marketplace() throws -> Marketplace {
        var id: String?, name: String?, promise: String?, days: Int?, returns: String?
        var rating: Double?, reviews: Int?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "id": try seen.once(0); id = try nullable { try $0.identifier() }
            case "name": try seen.once(1); name = try nullable { try $0.text() }
            case "shippingPromise": try seen.once(2); promise = try nullable { try $0.text() }
            case "deliveryDays": try seen.once(3); days = try nullable { try $0.int(in: 0...60) }
            case "returnPolicy": try seen.once(4); returns = try nullable { try $0.text() }
            case "sellerRating": try seen.once(5); rating = try nullable { try $0.number(in: 0...5) }
            case "sellerReviews": try seen.once(6); reviews = try nullable { try $0.int(in: 0...Int.max) }
            default: try skipValue(depth: 3)
            }
        }
        guard let id, let name, let promise, let days, let returns else { throw GiveUp() }
        return Marketplace(
            id: id, name: name, shippingPromise: promise, deliveryDays: days, returnPolicy: returns, sellerRating: rating,
            sellerReviews: reviews)
    }

    private mutating func creator() throws -> Creator {
        var handle: String?, name: String?, followers: Int?, verified: Bool?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "handle": try seen.once(0); handle = try nullable { try $0.identifier() }
            case "displayName": try seen.once(1); name = try nullable { try $0.text() }
            case "followers": try seen.once(2); followers = try nullable { try $0.int(in: 0...Int.max) }
            case "verified": try seen.once(3); verified = try nullable { try $0.bool() }
            default: try skipValue(depth: 3)
            }
        }
        guard let handle, let name, let followers else { throw GiveUp() }
        return Creator(handle: handle, displayName: name, followers: followers, verified: verified ?? false)
    }

    private mutating func product() throws -> Product {
        var id: String?, marketplace: String?, title: String?, description: String?, category: String?, currency: String?
        var price: Int?, compareAt: Int?, rating: Double?, reviews: Int?, sold: Int?, media: String?
        var history: [(date: Date, price: Int)] = [], variants: [Variant]?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "id": try seen.once(0); id = try nullable { try $0.identifier() }
            case "marketplace": try seen.once(1); marketplace = try nullable { try $0.text(shared: true) }
            case "title": try seen.once(2); title = try nullable { try $0.text() }
            case "description": try seen.once(3); description = try nullable { try $0.text() }
            case "category": try seen.once(4); category = try nullable { try $0.text(shared: true) }
            case "currency": try seen.once(5); currency = try nullable { try $0.currency() }
            case "price": try seen.once(6); price = try nullable { try $0.int(in: 0...100_000_000) }
            case "compareAtPrice": try seen.once(7); compareAt = try nullable { try $0.int(in: 0...100_000_000) }
            case "rating": try seen.once(8); rating = try nullable { try $0.number(in: 0...5) }
            case "reviewCount": try seen.once(9); reviews = try nullable { try $0.int(in: 0...Int.max) }
            case "soldCount": try seen.once(10); sold = try nullable { try $0.int(in: 0...Int.max) }
            case "media": try seen.once(11); media = try nullable { try $0.text(shared: true) }
            case "priceHistory": try seen.once(12); history = try nullable { try $0.array { try $0.pricePoint() } } ?? []
            case "variants": try seen.once(13); variants = try nullable { try $0.array { try $0.variant() } }
            default: try skipValue(depth: 3)
            }
        }
        guard let id, let marketplace, let title, let description, let category, let currency, let price, let rating,
            let reviews, let sold, let media, let variants, !variants.isEmpty
        else { throw GiveUp() }
        if let compareAt, compareAt <= price { throw GiveUp() }
        _ = try unique(variants.map(\.id))
        var product = Product(
            id: id, marketplaceID: marketplace, title: title, description: description, category: category,
            price: Money(minorUnits: price, currency: currency),
            compareAtPrice: compareAt.map { Money(minorUnits: $0, currency: currency) },
            rating: rating, reviewCount: reviews, soldCount: sold, variants: variants, media: media)
        // As CatalogLoader: the points in file order, then sorted by date.
        product.priceHistory = history.map { PricePoint(date: $0.date, price: Money(minorUnits: $0.price, currency: currency)) }
            .sorted { $0.date < $1.date }
        return product
    }

    private mutating func pricePoint() throws -> (date: Date, price: Int) {
        var date: Date?, price: Int?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "date":
                try seen.once(0)
                date = try nullable { reader in
                    guard let day = CalendarDay.date(fromISO: try reader.text()) else { throw GiveUp() }
                    return day
                }
            case "price": try seen.once(1); price = try nullable { try $0.int(in: 0...100_000_000) }
            default: try skipValue(depth: 5)
            }
        }
        guard let date, let price else { throw GiveUp() }
        return (date, price)
    }

    private mutating func variant() throws -> Variant {
        var id: String?, stock: Int?, options: [String: String]?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "id": try seen.once(0); id = try nullable { try $0.identifier(shared: true) }
            case "stock": try seen.once(1); stock = try nullable { try $0.int(in: 0...1_000_000) }
            case "options":
                try seen.once(2)
                options = try nullable { reader in
                    var options: [String: String] = [:]
                    var member = 0
                    while let name = try reader.nextKey(&member) {
                        guard options[name] == nil else { throw GiveUp() }
                        options[reader.share(name)] = try reader.string(shared: true)
                    }
                    return reader.share(options)
                }
            default: try skipValue(depth: 5)
            }
        }
        guard let id, let stock, let options else { throw GiveUp() }
        return Variant(id: id, options: options, stock: stock)
    }

    private mutating func post() throws -> Post {
        var id: String?, creator: String?, caption: String?, hashtags: [String]?, sound: String?, media: String?
        var product: String?, likes: Int?, comments: Int?, shares: Int?, background: CatalogColor?, motion: String?
        var sponsoredBy: String?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "id": try seen.once(0); id = try nullable { try $0.identifier() }
            case "creator": try seen.once(1); creator = try nullable { try $0.text(shared: true) }
            case "caption": try seen.once(2); caption = try nullable { try $0.text() }
            case "hashtags":
                try seen.once(3);
                hashtags = try nullable { reader in
                    let tags = try reader.array { try $0.string(shared: true) }
                    return reader.share(tags)
                }
            case "sound": try seen.once(4); sound = try nullable { try $0.text(shared: true) }
            case "media": try seen.once(5); media = try nullable { try $0.text(shared: true) }
            case "product": try seen.once(6); product = try nullable { try $0.text(shared: true) }
            case "likes": try seen.once(7); likes = try nullable { try $0.int(in: 0...Int.max) }
            case "comments": try seen.once(8); comments = try nullable { try $0.int(in: 0...Int.max) }
            case "shares": try seen.once(9); shares = try nullable { try $0.int(in: 0...Int.max) }
            case "background": try seen.once(10); background = try nullable { try $0.colour() }
            case "motion":
                try seen.once(11)
                motion = try nullable { reader in
                    let choice = try reader.string()
                    guard ["zoom", "pan", "float", "none"].contains(choice) else { throw GiveUp() }
                    return choice
                }
            case "sponsoredBy": try seen.once(12); sponsoredBy = try nullable { try $0.text(shared: true) }
            default: try skipValue(depth: 3)
            }
        }
        guard let id, let creator, let caption, let hashtags, let sound, let media, let product, let likes, let comments,
            let shares
        else { throw GiveUp() }
        return Post(
            id: id, creatorHandle: creator, caption: caption, hashtags: hashtags, sound: sound, media: media, productID: product,
            likes: likes, comments: comments, shares: shares, background: background ?? CatalogColor.postBackground,
            motion: motion ?? "zoom", sponsoredBy: sponsoredBy)
    }

    private mutating func live() throws -> LiveStream {
        var id: String?, host: String?, title: String?, media: String?, pinned: [String]?, viewers: Int?
        var loop: Int?, background: CatalogColor?, chat: [ChatLine] = [], deals: [FlashDeal] = []
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "id": try seen.once(0); id = try nullable { try $0.identifier() }
            case "host": try seen.once(1); host = try nullable { try $0.text(shared: true) }
            case "title": try seen.once(2); title = try nullable { try $0.text() }
            case "media": try seen.once(3); media = try nullable { try $0.text(shared: true) }
            case "pinned": try seen.once(4); pinned = try nullable { try $0.array { try $0.string(shared: true) } }
            case "viewers": try seen.once(5); viewers = try nullable { try $0.int(in: 1...100_000_000) }
            case "loopSeconds": try seen.once(6); loop = try nullable { try $0.int(in: 10...3600) }
            case "background": try seen.once(7); background = try nullable { try $0.colour() }
            case "chat": try seen.once(8); chat = try nullable { try $0.array { try $0.chatLine() } } ?? []
            case "deals": try seen.once(9); deals = try nullable { try $0.array { try $0.deal() } } ?? []
            default: try skipValue(depth: 3)
            }
        }
        guard let id, let host, let title, let media, let pinned, let viewers else { throw GiveUp() }
        return LiveStream(
            id: id, hostHandle: host, title: title, media: media, background: background ?? CatalogColor.postBackground,
            pinnedProductIDs: pinned, chat: chat, deals: deals, baseViewers: viewers, loopSeconds: loop ?? 120)
    }

    private mutating func chatLine() throws -> ChatLine {
        var at: Double?, user: String?, text: String?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "at": try seen.once(0); at = try nullable { try $0.number(in: 0...3600) }
            case "user": try seen.once(1); user = try nullable { try $0.text(shared: true) }
            case "text": try seen.once(2); text = try nullable { try $0.text() }
            default: try skipValue(depth: 5)
            }
        }
        guard let at, let user, let text else { throw GiveUp() }
        return ChatLine(at: at, user: user, text: text)
    }

    private mutating func deal() throws -> FlashDeal {
        var product: String?, currency: String?, price: Int?, start: Double?, duration: Double?, units: Int?, limit: Int?
        var seen = Seen()
        var member = 0
        while let key = try nextKey(&member) {
            switch key {
            case "product": try seen.once(0); product = try nullable { try $0.text(shared: true) }
            case "currency": try seen.once(1); currency = try nullable { try $0.currency() }
            case "dealPrice": try seen.once(2); price = try nullable { try $0.int(in: 0...100_000_000) }
            case "startOffset": try seen.once(3); start = try nullable { try $0.number(in: 0...86_400) }
            case "duration": try seen.once(4); duration = try nullable { try $0.number(in: 1...86_400) }
            case "totalUnits": try seen.once(5); units = try nullable { try $0.int(in: 1...1_000_000) }
            case "perBuyerLimit": try seen.once(6); limit = try nullable { try $0.int(in: 1...99) }
            default: try skipValue(depth: 5)
            }
        }
        guard let product, let currency, let price, let start, let duration, let units, let limit else { throw GiveUp() }
        return FlashDeal(
            productID: product, dealPrice: Money(minorUnits: price, currency: currency), startOffset: start, duration: duration,
            totalUnits: units, perBuyerLimit: limit)
    }

    // MARK: - Checks shared with CatalogLoader

    private func unique(_ ids: [String]) throws -> Set<String> {
        var set = Set<String>(minimumCapacity: ids.count)
        for id in ids {
            guard set.insert(id).inserted else { throw GiveUp() }
        }
        return set
    }

    /// A media path inside the folder naming a file (`CatalogLoader.checkMedia`), each distinct
    /// path judged once: thousands of entries share a few dozen files.
    private mutating func media(_ relative: String) throws {
        if goodMedia.contains(relative) { return }
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains(".."), mediaFiles.exists(relative, in: directory)
        else { throw GiveUp() }
        goodMedia.insert(relative)
    }

    // MARK: - Values

    /// Each member name of an object at most once (a repeated one is `CatalogLoader`'s to judge).
    private struct Seen {
        var bits: UInt32 = 0
        mutating func once(_ bit: UInt32) throws {
            guard bits & (1 << bit) == 0 else { throw GiveUp() }
            bits |= 1 << bit
        }
    }

    /// A value that `null` leaves absent (`CatalogLoader` treats a null field as a missing one).
    private mutating func nullable<T>(_ read: (inout Self) throws -> T) throws -> T? {
        parser.skipWhitespace()
        if parser.current == UInt8(ascii: "n") {
            try parser.literal("null")
            return nil
        }
        return try read(&self)
    }

    /// The next member name of the object that starts (`member == 0`) or goes on here; nil at its end.
    private mutating func nextKey(_ member: inout Int) throws -> String? {
        parser.skipWhitespace()
        if member == 0 {
            guard parser.current == UInt8(ascii: "{") else { throw GiveUp() }
            parser.index += 1
            parser.skipWhitespace()
            if parser.current == UInt8(ascii: "}") {
                parser.index += 1
                return nil
            }
        } else {
            switch parser.current {
            case UInt8(ascii: ","): parser.index += 1; parser.skipWhitespace()
            case UInt8(ascii: "}"): parser.index += 1; return nil
            default: throw GiveUp()
            }
        }
        member += 1
        guard parser.current == UInt8(ascii: "\"") else { throw GiveUp() }
        let key = try parser.string()
        parser.skipWhitespace()
        guard parser.current == UInt8(ascii: ":") else { throw GiveUp() }
        parser.index += 1
        parser.skipWhitespace()
        return key
    }

    /// The elements of an array, each read by `element`.
    private mutating func array<T>(_ element: (inout Self) throws -> T) throws -> [T] {
        guard parser.current == UInt8(ascii: "[") else { throw GiveUp() }
        parser.index += 1
        var elements: [T] = []
        parser.skipWhitespace()
        if parser.current == UInt8(ascii: "]") {
            parser.index += 1
            return elements
        }
        while true {
            parser.skipWhitespace()
            elements.append(try element(&self))
            parser.skipWhitespace()
            switch parser.current {
            case UInt8(ascii: ","): parser.index += 1
            case UInt8(ascii: "]"): parser.index += 1; return elements
            default: throw GiveUp()
            }
        }
    }

    /// Skips a member `CatalogLoader` does not read, at the nesting depth `JSONParser` would
    /// count for it, so a value nested too deep is refused here as it is there.
    private mutating func skipValue(depth: Int) throws { _ = try parser.value(depth: depth) }

    private mutating func share(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }  // held inline, nothing to share
        if let known = shared[string] { return known }
        shared[string] = string
        return string
    }

    /// Variants' option sets and posts' hashtag lists repeat too (every "Black" / "M" variant,
    /// every post of one creator's series): one copy each.
    private mutating func share(_ options: [String: String]) -> [String: String] {
        if let known = sharedOptions[options] { return known }
        sharedOptions[options] = options
        return options
    }

    private mutating func share(_ tags: [String]) -> [String] {
        guard !tags.isEmpty else { return tags }
        if let known = sharedTags[tags] { return known }
        sharedTags[tags] = tags
        return tags
    }

    private mutating func string(shared: Bool = false) throws -> String {
        parser.skipWhitespace()
        guard parser.current == UInt8(ascii: "\"") else { throw GiveUp() }
        let string = try parser.string()
        return shared ? share(string) : string
    }

    /// A string with something other than blanks in it (`Fields.text`).
    private mutating func text(shared: Bool = false) throws -> String {
        let string = try self.string(shared: shared)
        guard string.unicodeScalars.contains(where: { !Fields.isBlank($0) }) else { throw GiveUp() }
        return string
    }

    private mutating func identifier(shared: Bool = false) throws -> String {
        let string = try text(shared: shared)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                continue
            default: throw GiveUp()
            }
        }
        return share(string)
    }

    private mutating func currency() throws -> String {
        let string = try text()
        guard string.utf8.count == 3, string.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
            throw GiveUp()
        }
        return string
    }

    private mutating func colour() throws -> CatalogColor {
        guard let colour = CatalogColor(hex: try string()) else { throw GiveUp() }
        return colour
    }

    private mutating func int(in range: ClosedRange<Int>) throws -> Int {
        guard parser.current.map({ $0 == UInt8(ascii: "-") || JSONParser.isDigit($0) }) == true,
            case .integer(let int) = try parser.number(), range.contains(int)
        else { throw GiveUp() }
        return int
    }

    private mutating func number(in range: ClosedRange<Double>) throws -> Double {
        guard parser.current.map({ $0 == UInt8(ascii: "-") || JSONParser.isDigit($0) }) == true else { throw GiveUp() }
        let double: Double
        switch try parser.number() {
        case .integer(let int): double = Double(int)
        case .number(let number): double = number
        default: throw GiveUp()
        }
        guard range.contains(double) else { throw GiveUp() }
        return double
    }

    private mutating func bool() throws -> Bool {
        switch parser.current {
        case UInt8(ascii: "t"): try parser.literal("true"); return true
        case UInt8(ascii: "f"): try parser.literal("false"); return false
        default: throw GiveUp()
        }
    }
}
