import Foundation
import ShopCore

/// Everything that can change the app's state: input, and the results of effects.
public enum Action: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// A click on a region the last frame drew: what that region's key sends (`HitRegion`).
    case command(Command)
    case resize(Size)
    /// The cart file, and what became of this instance's cart changes (`CartResults.swift`).
    case cart(CartAction)
    /// The runner's monotonic clock, in seconds: sent before drawing and after input. Playback,
    /// toasts and the marketplace screens' ticks run on it (`Wake.next` says when one is due).
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
