import Foundation
import ShopCore

/// Everything that can change the app's state: input, and the results of effects.
public enum Action: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// A click on a region the last frame drew: what that region's key sends (`HitRegion`).
    case command(Command)
    case resize(Size)
    /// The cart as first read at start-up.
    case cartLoaded(Cart, recovery: Recovery?)
    /// A change this instance asked for was saved.
    case cartSaved(Cart, message: String, recovery: Recovery?)
    /// Another process changed cart.json; this is its new content.
    case cartChangedElsewhere(Cart, recovery: Recovery?)
    /// A cart change could not be made (bad input or a storage failure).
    case cartFailed(String)
    case toastExpired(id: Int)
    /// The runner's monotonic clock, in seconds: sent before input so playback knows the time.
    case tick(now: Double)
    /// The wall clock (LIVE streams and flash deals run on it), sent with every tick.
    case clock(Date)
    /// SIGINT, SIGTERM or SIGHUP, or the terminal went away.
    case terminate
    /// Marketplace results and clock ticks (accounts, linking, checkout, orders).
    case market(MarketAction)
    case social(SocialAction)
    /// The demo tour (`reelshop demo`): its caption, and approving a link as the phone would.
    case demo(DemoAction)
}
