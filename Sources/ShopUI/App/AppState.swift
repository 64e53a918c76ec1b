import ShopCore

/// Everything the screen shows, as a value.
public struct AppState: Sendable {
    /// The smallest terminal the storefront draws in.
    public static let minimumSize = Size(width: 40, height: 12)

    public let catalog: Catalog
    public var size: Size
    public var feed: FeedState
    /// Screens stacked over the feed; the last one is on top.
    public var routes: [Route] = []
    public var cart: Cart = Cart()
    public var toast: Toast?
    public var nextToastID = 1
    public var isRunning = true
    /// The clip clock of the current post (see `Reducer+Playback.swift`).
    public var playback = PlaybackState()
    /// Accounts, orders and the clock for the marketplace screens (issue 4).
    public var market = MarketState()
    /// Likes, saves and follows (social.json).
    public var social = SocialState()

    public init(catalog: Catalog, size: Size) {
        self.catalog = catalog
        self.size = size
        self.feed = FeedState(postIDs: catalog.posts.map(\.id))
    }

    public var top: Route? { routes.last }

    public var isTooSmall: Bool {
        size.width < AppState.minimumSize.width || size.height < AppState.minimumSize.height
    }

    public var currentPost: Post? {
        guard feed.postIDs.indices.contains(feed.index) else { return nil }
        return catalog.post(feed.postIDs[feed.index])
    }

    public var cartSummary: CartSummary { CartSummary(cart: cart, catalog: catalog) }
}

/// The vertical feed: which posts, in which order, and which one fills the screen.
public struct FeedState: Sendable, Equatable {
    public var postIDs: [String]
    public var index = 0

    public init(postIDs: [String]) { self.postIDs = postIDs }
}

/// A screen over the feed.
public enum Route: Sendable, Equatable {
    case product(ProductSheetState)
    case cart(CartScreenState)
    case help
    case accounts(AccountsScreenState)
    case link(LinkScreenState)
    case checkout(CheckoutState)
    case orders(OrdersScreenState)
}

/// The product sheet: which product, and the variant and quantity being chosen.
public struct ProductSheetState: Sendable, Equatable {
    public var productID: String
    public var variantIndex: Int
    public var quantity = 1

    public init(productID: String, variantIndex: Int) {
        self.productID = productID
        self.variantIndex = variantIndex
    }
}

/// The cart screen: which line is selected.
public struct CartScreenState: Sendable, Equatable {
    public var selection = 0
    public init() {}
}

/// A short message at the bottom of the screen.
public struct Toast: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, success, warning, error }
    public var id: Int
    public var message: String
    public var kind: Kind
}
