import Foundation

/// A shop that sells and ships products (the demo's stand-ins for real marketplaces).
public struct Marketplace: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    /// How delivery is promised on the product sheet, e.g. "Free delivery in 2 days".
    public var shippingPromise: String
    public var deliveryDays: Int
    public var returnPolicy: String
    /// Buyers' rating of the seller (0–5) and how many rated it; shown on the product sheet.
    public var sellerRating: Double?
    public var sellerReviews: Int?

    public init(
        id: String, name: String, shippingPromise: String, deliveryDays: Int, returnPolicy: String,
        sellerRating: Double? = nil, sellerReviews: Int? = nil
    ) {
        self.id = id
        self.sellerRating = sellerRating
        self.sellerReviews = sellerReviews
        self.name = name
        self.shippingPromise = shippingPromise
        self.deliveryDays = deliveryDays
        self.returnPolicy = returnPolicy
    }
}

/// Someone who posts clips in the feed.
public struct Creator: Sendable, Hashable, Codable {
    public var handle: String
    public var displayName: String
    public var followers: Int
    public var verified: Bool

    public init(handle: String, displayName: String, followers: Int, verified: Bool = false) {
        self.handle = handle
        self.displayName = displayName
        self.followers = followers
        self.verified = verified
    }
}

/// One buyable version of a product, e.g. size M in black.
public struct Variant: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// Option name to value, e.g. ["size": "M", "colour": "Black"].
    public var options: [String: String]
    public var stock: Int

    public init(id: String, options: [String: String], stock: Int) {
        self.id = id
        self.options = options
        self.stock = stock
    }

    /// "Black · M" (values in the order of their option names), or "Standard" without options.
    public var label: String {
        options.isEmpty ? "Standard" : options.keys.sorted().compactMap { options[$0] }.joined(separator: " · ")
    }
}

public struct Product: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var marketplaceID: String
    public var title: String
    public var description: String
    public var category: String
    public var price: Money
    /// A "was" price, shown struck through; always greater than `price`.
    public var compareAtPrice: Money?
    public var rating: Double
    public var reviewCount: Int
    public var soldCount: Int
    public var variants: [Variant]
    /// Path of the product's picture, relative to the catalog folder.
    public var media: String
    /// Earlier prices, newest last; a compare-at price is only shown when this backs it.
    public var priceHistory: [PricePoint] = []

    public init(
        id: String, marketplaceID: String, title: String, description: String, category: String,
        price: Money, compareAtPrice: Money? = nil, rating: Double, reviewCount: Int, soldCount: Int,
        variants: [Variant], media: String
    ) {
        self.id = id
        self.marketplaceID = marketplaceID
        self.title = title
        self.description = description
        self.category = category
        self.price = price
        self.compareAtPrice = compareAtPrice
        self.rating = rating
        self.reviewCount = reviewCount
        self.soldCount = soldCount
        self.variants = variants
        self.media = media
    }

    /// Units in stock over all variants.
    public var stock: Int { variants.reduce(0) { $0 + max(0, $1.stock) } }

    /// What "add" picks when no variant is named: the first one in stock.
    public var defaultVariant: Variant? { variants.first { $0.stock > 0 } }

    public func variant(_ id: String) -> Variant? { variants.first { $0.id == id } }

    /// The compare-at ("was") price, only when the price history shows the product really sold
    /// at that price or more within the last 90 days before `date`.
    public func backedCompareAtPrice(asOf date: Date) -> Money? {
        guard let compareAt = compareAtPrice else { return nil }
        let since = date.addingTimeInterval(-90 * 86_400)
        return priceHistory.contains { $0.date >= since && $0.date <= date && $0.price.minorUnits >= compareAt.minorUnits }
            ? compareAt : nil
    }
}

/// One short clip in the feed, anchoring one product.
public struct Post: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var creatorHandle: String
    public var caption: String
    public var hashtags: [String]
    public var sound: String
    /// Path of the clip or still, relative to the catalog folder.
    public var media: String
    public var productID: String
    public var likes: Int
    public var comments: Int
    public var shares: Int
    /// The backdrop behind the clip, as "#rrggbb".
    public var background: CatalogColor
    /// How a still picture is given motion ("zoom", "pan", "float" or "none").
    public var motion: String
    /// The marketplace that paid for this post, shown as "Sponsored · Shop on <name>".
    public var sponsoredBy: String?

    public init(
        id: String, creatorHandle: String, caption: String, hashtags: [String], sound: String,
        media: String, productID: String, likes: Int, comments: Int, shares: Int,
        background: CatalogColor = CatalogColor.postBackground, motion: String = "zoom", sponsoredBy: String? = nil
    ) {
        self.sponsoredBy = sponsoredBy
        self.id = id
        self.creatorHandle = creatorHandle
        self.caption = caption
        self.hashtags = hashtags
        self.sound = sound
        self.media = media
        self.productID = productID
        self.likes = likes
        self.comments = comments
        self.shares = shares
        self.background = background
        self.motion = motion
    }
}

/// A 24-bit colour from the catalog (a post's backdrop). ShopMedia's pixel colour is `RGB`; this
/// one is the catalog's, Foundation-only, with its own field names.
public struct CatalogColor: Sendable, Hashable, Codable {
    /// The backdrop of a post or stream that names none.
    public static let postBackground = CatalogColor(red: 24, green: 24, blue: 32)

    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses "#rrggbb".
    public init?(hex: String) {
        guard hex.count == 7, hex.first == "#", let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        self.init(red: UInt8((value >> 16) & 0xFF), green: UInt8((value >> 8) & 0xFF), blue: UInt8(value & 0xFF))
    }

    public var hex: String {
        let digits = String(UInt32(red) << 16 | UInt32(green) << 8 | UInt32(blue), radix: 16)
        return "#" + String(repeating: "0", count: 6 - digits.count) + digits
    }
}

/// A price a product sold at from a date.
public struct PricePoint: Sendable, Hashable, Codable {
    public var date: Date
    public var price: Money

    public init(date: Date, price: Money) {
        self.date = date
        self.price = price
    }
}
