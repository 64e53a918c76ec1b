import ShopCore

/// Everything the screen shows, as a value.
public struct AppState: Sendable, Equatable {
    /// The smallest terminal the storefront draws in.
    public static let minimumSize = Size(width: 40, height: 12)

    /// The bundled catalog, with each variant's `stock` the marketplaces' live `available` once
    /// they have answered (`MarketAction.stockLoaded`).
    public internal(set) var catalog: Catalog
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
    /// The terminal's graphics mode: in kitty the feed clip is a real picture over its box.
    public var graphics = GraphicsStatus.cells
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

    public var currentItem: FeedItem? { feed.currentItem }

    /// The post on screen; a LIVE stream shows as its `clipPost`.
    public var currentPost: Post? { feed.currentPost(in: catalog) }

    /// The LIVE stream on screen, if the current item is one.
    public var currentLive: LiveStream? { feed.currentLive(in: catalog) }

    public func post(for item: FeedItem) -> Post? { FeedState.post(for: item, in: catalog) }

    /// Flash deals as they stand at the wall clock, for this buyer's orders.
    public var deals: DealDesk { DealDesk(catalog: catalog, orders: market.orders, date: market.now) }

    /// The cart at today's prices: a flash deal's while it holds a line, else the catalog's.
    public var cartSummary: CartSummary { CartSummary(cart: cart, catalog: catalog, deals: deals) }
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

/// A short message at the bottom of the screen.
public struct Toast: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, success, warning, error }
    public var id: Int
    public var message: String
    public var kind: Kind
    /// When it goes, on the monotonic clock (`PlaybackState.now`).
    public var expiresAt: Double
}
