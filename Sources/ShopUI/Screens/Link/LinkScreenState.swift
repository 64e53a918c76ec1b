import Foundation
import ShopCore

/// Linking one marketplace: the consent sheet, then the code and its live status.
public struct LinkScreenState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// What the marketplace will share; continue or cancel.
        case consent
        case linking(LinkState)
    }

    public var marketplaceID: String
    public var phase: Phase = .consent
    /// A poll is on its way; never send two at once.
    public var pollInFlight = false
    /// Set once "approve on this device" was pressed, to say so on screen.
    public var approvedHere = false
    /// The QR code of the current code's `verification_uri_complete`; replaced with each new code.
    public var qr: LinkQR = .notOffered

    public init(marketplaceID: String) { self.marketplaceID = marketplaceID }

    public var link: LinkState? {
        if case .linking(let link) = phase { return link }
        return nil
    }

    public var authorization: DeviceAuthorization? {
        if case .waiting(let authorization, _, _) = link { return authorization }
        return nil
    }
}
