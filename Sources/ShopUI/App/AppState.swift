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
    /// How far `?` help is scrolled (j/k); back to the top each time it opens.
    public var helpScroll = 0
    /// The demo tour's caption while `reelshop demo` drives the app (nil otherwise).
    public var demo: DemoCaption?

    /// The first-run interest picker is offered once social.json is read (false: never).
    public var offersInterestPicker = true
    /// Built the first time search opens (a large catalog need not pay for it at start-up).
    public var searchIndex: SearchIndex?

    public init(catalog: Catalog, size: Size) {
        self.catalog = catalog
        self.size = size
        self.feed = FeedState(items: FeedComposer().items(for: .forYou, catalog: catalog, social: SocialState()))
    }

    public var top: Route? { routes.last }

    public var isTooSmall: Bool {
        size.width < AppState.minimumSize.width || size.height < AppState.minimumSize.height
    }

    public var currentItem: FeedItem? { feed.items.indices.contains(feed.index) ? feed.items[feed.index] : nil }

    /// The post on screen; a LIVE stream shows as its `clipPost`.
    public var currentPost: Post? { currentItem.flatMap(post(for:)) }

    /// The LIVE stream on screen, if the current item is one.
    public var currentLive: LiveStream? {
        guard case .live(let id) = currentItem else { return nil }
        return catalog.live(id)
    }

    public func post(for item: FeedItem) -> Post? {
        switch item {
        case .post(let id): return catalog.post(id)
        case .live(let id): return catalog.live(id)?.clipPost
        }
    }

    /// Flash deals as they stand at the wall clock, for this buyer's orders.
    public var deals: DealDesk { DealDesk(catalog: catalog, orders: market.orders, date: market.now) }

    /// The cart at today's prices: a flash deal's while it holds a line, else the catalog's.
    public var cartSummary: CartSummary { CartSummary(cart: cart, catalog: catalog, deals: deals) }
}

/// The vertical feed: which tab, its posts in order, and which one fills the screen.
public struct FeedState: Sendable, Equatable {
    public var tab: FeedTab = .forYou
    public var items: [FeedItem]
    public var index = 0
    /// Where each tab was left, so coming back shows the same item.
    public var positions: [FeedTab: FeedItem] = [:]

    public init(items: [FeedItem]) { self.items = items }
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
    case search(SearchState)
    case interests(InterestPickerState)
}

/// The product sheet: which product, and the variant and quantity being chosen.
public struct ProductSheetState: Sendable, Equatable {
    public var productID: String
    public var variantIndex: Int
    public var quantity = 1
    /// Set when `a` or `b` on a post opened the sheet to ask which option (size, colour): nothing
    /// is added or bought until one is picked (`Reducer+OptionChoice.swift`).
    public var choice: OptionChoice?

    public init(productID: String, variantIndex: Int, choice: OptionChoice? = nil) {
        self.productID = productID
        self.variantIndex = variantIndex
        self.choice = choice
    }

    /// Whether an option is chosen: always on a sheet opened with ⏎, only after ←/→ on one that asks.
    public var hasChosenVariant: Bool { choice?.made ?? true }
}

/// `a` / `b` on a post whose product comes in more than one option: what to do once one is picked.
public struct OptionChoice: Sendable, Equatable {
    public enum Intent: Sendable, Equatable {
        case add
        case buy
    }

    public var intent: Intent
    /// The LIVE flash deal the unit is taken at (nil: the regular price).
    public var dealID: String?
    /// False until ←/→ picks an option; until then the sheet highlights none and adds nothing.
    public var made = false

    public init(intent: Intent, dealID: String? = nil) {
        self.intent = intent
        self.dealID = dealID
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
