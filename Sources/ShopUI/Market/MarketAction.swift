import Foundation
import ShopCore

/// Results and clock ticks for the marketplace screens.
public enum MarketAction: Sendable {
    /// The clock: sent every second while a link code is shown, and every few seconds on the
    /// orders screen; never otherwise.
    case tick(Date)
    case accountsLoaded([LinkedAccount], error: String?)
    /// `qr`: the picture of `verification_uri_complete`, made off the main loop (`LinkQR.make`).
    case linkStarted(marketplaceID: String, Result<DeviceAuthorization, MarketplaceError>, at: Date, qr: LinkQR = .notOffered)
    case linkPolled(marketplaceID: String, LinkProgress, at: Date)
    case approvedOnThisDevice(marketplaceID: String, error: String?)
    case unlinked(marketplaceID: String, error: String?)
    case quoted(CheckoutPlan)
    case placed(CheckoutResult)
    case ordersLoaded([Order], error: String?)
    /// What finishing earlier, interrupted checkouts did.
    case reconciled(ReconcileReport)
    /// The stock levels of the marketplaces that answered, by marketplace id (one that did not
    /// keeps what was shown).
    case stockLoaded([String: [StockLevel]], at: Date)
    /// The first frame is on screen and the first second over: ask the stock of what it shows
    /// (the runner sends it once; asked sooner, the marketplace's answer shared the cores with
    /// that frame, and under `serve` with other visitors' first frames).
    case startUpSettled
    /// This session has no marketplace services (the runner was started without them).
    case unavailable
}
