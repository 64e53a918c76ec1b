import Dispatch
import Foundation
import ShopCore

/// What one storefront run is wired to, built at the edge — by the executable (`Storefront.open`,
/// `DemoCommand`) or a test — and handed whole to `AppRunner`: the stores, the marketplace
/// services, the clips the view and the prefetch share, the clock pair, the file watcher and
/// the QR encoder. Nothing in ShopUI makes one of these itself.
public struct AppEnvironment {
    public var cartStore: CartStore
    /// social.json, beside the cart.
    public var socialStore: SocialStore
    /// The clips the feed and the sheet draw, decoded once per box and kept.
    public var clips: ClipLibrary
    /// A search index built ahead (serve's zygote shares one); nil: built on the first search.
    public var searchIndex: SearchIndex?
    /// Marketplace services (nil: this session has none, and says so when asked).
    public var market: MarketServices?
    /// The monotonic clock, in seconds (tests pass a fake one). The one `DispatchTime.now()`.
    public var clock: @Sendable () -> Double
    /// The wall clock, for LIVE streams, deals and link codes (tests pass a fixed one).
    public var wallClock: @Sendable () -> Date
    /// Tells of another window's (or command's) changes to the state directory; nil: none.
    public var watcher: FileWatcher?
    /// Draws `verification_uri_complete` as a QR code on the link screen (`QREncoder.encode` from
    /// ShopQR); injected so ShopUI builds without libqrencode.
    public var qrEncoder: (@Sendable (String) -> QRCode?)?

    public init(
        cartStore: CartStore, clips: ClipLibrary, searchIndex: SearchIndex? = nil, market: MarketServices? = nil,
        clock: @escaping @Sendable () -> Double = AppEnvironment.monotonicSeconds,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        watchesFiles: Bool = true, qrEncoder: (@Sendable (String) -> QRCode?)? = nil
    ) {
        let directory = cartStore.url.deletingLastPathComponent()
        self.cartStore = cartStore
        self.socialStore = SocialStore(stateDirectory: StateDirectory(url: directory))
        self.clips = clips
        self.searchIndex = searchIndex
        self.market = market
        self.clock = clock
        self.wallClock = wallClock
        self.watcher = watchesFiles ? FileWatcher(directory: directory) : nil
        self.qrEncoder = qrEncoder
    }

    /// Seconds since an arbitrary fixed point, never going back.
    @Sendable public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
