import Foundation
import ShopCore
import ShopMedia
@testable import ShopUI

/// A small catalog built in code, so screen tests do not change when the bundled one grows.
enum Fixtures {
    static let riverstone = Marketplace(
        id: "riverstone", name: "Riverstone Market", shippingPromise: "Free delivery in 2 days",
        deliveryDays: 2, returnPolicy: "Free returns within 30 days", sellerRating: 4.8, sellerReviews: 212_400)
    static let lumen = Marketplace(
        id: "lumen", name: "Lumen Bazaar", shippingPromise: "Arrives in 4–6 days",
        deliveryDays: 5, returnPolicy: "Returns within 14 days")

    /// The clip's "was" price is backed by its price history (a month before `date`).
    static let clip: Product = {
        var product = clipWithoutHistory
        product.priceHistory = [PricePoint(date: date.addingTimeInterval(-30 * 86_400), price: Money(minorUnits: 1800, currency: "USD"))]
        return product
    }()
    static let clipWithoutHistory = Product(
        id: "clip", marketplaceID: "riverstone", title: "Matte Claw Clip", description: "Holds thick hair all day.",
        category: "Hair accessories", price: Money(minorUnits: 1299, currency: "USD"),
        compareAtPrice: Money(minorUnits: 1800, currency: "USD"), rating: 4.7, reviewCount: 18234, soldCount: 96500,
        variants: [
            Variant(id: "cream", options: ["colour": "Cream"], stock: 0),
            Variant(id: "tortoise", options: ["colour": "Tortoise"], stock: 3),
            Variant(id: "black", options: ["colour": "Black"], stock: 140),
        ],
        media: "media/clip.png")
    static let mug = Product(
        id: "mug", marketplaceID: "lumen", title: "Cloud Mug", description: "A mug with a cloud handle.",
        category: "Home", price: Money(minorUnits: 1800, currency: "USD"), rating: 4.9, reviewCount: 1402,
        soldCount: 6100, variants: [Variant(id: "sky", options: ["colour": "Sky"], stock: 38)], media: "media/mug.png")
    static let headphones = Product(
        id: "hush", marketplaceID: "riverstone", title: "Hush ANC Headphones", description: "Quiet.",
        category: "Headphones", price: Money(minorUnits: 12999, currency: "USD"), rating: 4.6, reviewCount: 12880,
        soldCount: 40300, variants: [Variant(id: "graphite", options: [:], stock: 70)], media: "media/hush.png")

    /// The tests' own clip library: goldens never share the storefront's `ClipLibrary.shared`.
    static let clips = ClipLibrary(store: MediaStore())

    /// The catalog folder with a real picture for every post (`FixtureMedia`), written once.
    static let directory = FixtureMedia.writeCatalogFolder()

    static let catalog = Catalog(
        directory: directory,
        marketplaces: [riverstone, lumen],
        creators: [
            Creator(handle: "hairbyzoe", displayName: "Zoe Park", followers: 482_000, verified: true),
            Creator(handle: "tinyhomejules", displayName: "Jules Moreau", followers: 96_400),
        ],
        products: [clip, mug, headphones],
        posts: [
            Post(
                id: "p1", creatorHandle: "hairbyzoe", caption: "The only claw clip that survives my curls",
                hashtags: ["hairtok", "clawclip"], sound: "original sound - hairbyzoe", media: "media/clip.png",
                productID: "clip", likes: 184_000, comments: 2310, shares: 9120),
            Post(
                id: "p2", creatorHandle: "tinyhomejules", caption: "Morning coffee, cloud edition",
                hashtags: ["cozy"], sound: "Coffee - beabadoobee", media: "media/mug.png",
                productID: "mug", likes: 320_000, comments: 5100, shares: 12800),
            Post(
                id: "p3", creatorHandle: "hairbyzoe", caption: "Quiet at last", hashtags: ["audiotok"],
                sound: "original sound", media: "media/hush.png", productID: "hush", likes: 9, comments: 0, shares: 1),
        ])

    /// The same catalog in a folder that does not exist: every clip is a missing file, drawn as
    /// the broken-media placeholder.
    static let catalogWithoutMedia = Catalog(
        directory: URL(fileURLWithPath: "/nonexistent"), marketplaces: catalog.marketplaces, creators: catalog.creators,
        products: catalog.products, posts: catalog.posts)

    /// A LIVE stream by @hairbyzoe: the clip deal for 5 minutes, then the mug deal (10 minute cycle).
    static let live = LiveStream(
        id: "live-1", hostHandle: "hairbyzoe", title: "Claw clip drop LIVE", media: "media/clip.png",
        pinnedProductIDs: ["clip", "mug"],
        chat: [
            ChatLine(at: 2, user: "ana", text: "hi from Lisbon"), ChatLine(at: 5, user: "bo", text: "does it hold thick hair?"),
            ChatLine(at: 9, user: "hairbyzoe", text: "@bo all day"), ChatLine(at: 14, user: "cy", text: "bought 2!"),
        ],
        deals: [
            FlashDeal(
                productID: "clip", dealPrice: Money(minorUnits: 899, currency: "USD"), startOffset: 0, duration: 300,
                totalUnits: 40, perBuyerLimit: 2),
            FlashDeal(
                productID: "mug", dealPrice: Money(minorUnits: 1200, currency: "USD"), startOffset: 300, duration: 300,
                totalUnits: 10, perBuyerLimit: 1),
        ],
        baseViewers: 12_840, loopSeconds: 20)

    /// The same shop with the stream and a sponsored post.
    static let liveCatalog = Catalog(
        directory: catalog.directory, marketplaces: catalog.marketplaces, creators: catalog.creators, products: catalog.products,
        posts: catalog.posts + [
            Post(
                id: "ad1", creatorHandle: "tinyhomejules", caption: "Riverstone picks: quiet at last",
                hashtags: ["ad"], sound: "Riverstone", media: "media/hush.png", productID: "hush",
                likes: 1200, comments: 10, shares: 5, sponsoredBy: "riverstone")
        ],
        lives: [live])

    /// 60 s into the clip deal (1.8e9 s is a whole number of 10-minute cycles).
    static let liveDate = Date(timeIntervalSince1970: 1_800_000_060)

    static func liveState(_ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = AppState(catalog: liveCatalog, size: Size(width: width, height: height))
        state.market.now = liveDate
        return state
    }

    static func state(_ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = AppState(catalog: catalog, size: Size(width: width, height: height))
        state.market.now = date
        return state
    }

    /// `state()` over `catalogWithoutMedia`.
    static func stateWithoutMedia(_ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = AppState(catalog: catalogWithoutMedia, size: Size(width: width, height: height))
        state.market.now = date
        return state
    }

    static let date = Date(timeIntervalSince1970: 1_790_000_000)

    static func line(_ product: String, _ variant: String, _ quantity: Int, cents: Int = 1000) -> CartLine {
        CartLine(
            productID: product, variantID: variant, quantity: quantity,
            unitPrice: Money(minorUnits: cents, currency: "USD"), addedAt: date)
    }
}

extension AppState {
    /// Applies actions in order and returns every effect asked for.
    @discardableResult
    mutating func send(_ actions: Action...) -> [Effect] {
        actions.flatMap { Reducer.reduce(&self, $0) }
    }

    /// Presses keys given as characters ("j", "a") in order.
    @discardableResult
    mutating func press(_ keys: String) -> [Effect] {
        keys.flatMap { Reducer.reduce(&self, .key(.character($0))) }
    }
}
