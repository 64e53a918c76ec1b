import Foundation

/// A validated catalog: every reference resolves and every media file exists.
public struct Catalog: Sendable, Equatable {
    /// The folder holding catalog.json and media/.
    public let directory: URL
    public let marketplaces: [Marketplace]
    public let creators: [Creator]
    /// Changed only by `withStock` (the marketplaces' live stock), in place.
    public internal(set) var products: [Product]
    public let posts: [Post]
    /// LIVE shopping streams (optional in catalog.json).
    public let lives: [LiveStream]

    private let marketplaceIndex: [String: Int]
    private let creatorIndex: [String: Int]
    /// Where each product is in `products` (`withStock` changes them in place).
    let productIndex: [String: Int]
    private let postIndex: [String: Int]

    public init(
        directory: URL, marketplaces: [Marketplace], creators: [Creator], products: [Product], posts: [Post],
        lives: [LiveStream] = []
    ) {
        self.directory = directory
        self.lives = lives
        self.marketplaces = marketplaces
        self.creators = creators
        self.products = products
        self.posts = posts
        marketplaceIndex = Dictionary(marketplaces.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        creatorIndex = Dictionary(creators.enumerated().map { ($1.handle, $0) }, uniquingKeysWith: { first, _ in first })
        productIndex = Dictionary(products.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        postIndex = Dictionary(posts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func marketplace(_ id: String) -> Marketplace? { marketplaceIndex[id].map { marketplaces[$0] } }
    public func creator(_ handle: String) -> Creator? { creatorIndex[handle].map { creators[$0] } }
    public func product(_ id: String) -> Product? { productIndex[id].map { products[$0] } }
    /// The post with `id`; the feed asks several times a frame, so not a search of `posts`.
    public func post(_ id: String) -> Post? { postIndex[id].map { posts[$0] } }
    public func live(_ id: String) -> LiveStream? { lives.first { $0.id == id } }

    /// The absolute location of a media path from the catalog.
    public func mediaURL(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }

    /// Loads and validates `catalog.json` in `directory`, reporting every problem at once.
    public static func load(from directory: URL) throws(CatalogError) -> Catalog {
        try CatalogLoader(directory: directory).loadForUse()
    }

    /// Validates `catalog.json` in `directory` like `load`, and also says where each media file
    /// is named (even when other problems keep the catalog from loading), so a checker can
    /// decode them: ShopCore only sees that the files exist.
    public static func inspect(_ directory: URL) -> CatalogInspection {
        let loader = CatalogLoader(directory: directory)
        do {
            let catalog = try loader.load()
            return CatalogInspection(catalog: catalog, problems: loader.textWarnings.items, media: loader.mediaReferences.items)
        } catch {
            return CatalogInspection(
                catalog: nil, problems: error.problems + loader.textWarnings.items,
                media: loader.mediaReferences.items)
        }
    }
}

/// A media path in catalog.json that names a file, and where it is named.
public struct CatalogMediaReference: Sendable, Equatable {
    /// The path as written, relative to the catalog folder (`media/x.gif`).
    public var relativePath: String
    /// The JSON path naming it, e.g. `$.posts[3].media`.
    public var jsonPath: String
}

/// What `Catalog.inspect` found: the catalog when it loads, every problem, every media reference.
public struct CatalogInspection: Sendable {
    public var catalog: Catalog?
    public var problems: [CatalogProblem]
    public var media: [CatalogMediaReference]
}
