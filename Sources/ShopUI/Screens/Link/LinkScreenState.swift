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

/// What the marketplace's answers do to a link screen (the root finds the screen, `Reducer.market`).
extension LinkScreenState {
    /// The code arrived (or could not be had). Ignored unless the screen is waiting for one.
    mutating func started(_ result: Result<DeviceAuthorization, MarketplaceError>, at now: Date, qr: LinkQR) {
        guard case .linking(.starting) = phase else { return }
        switch result {
        case .success(let authorization): phase = .linking(LinkState(started: authorization, at: now))
        case .failure(let error): phase = .linking(.failed(marketplaceID: marketplaceID, error))
        }
        self.qr = qr
        pollInFlight = false
        approvedHere = false
    }

    /// A poll answered; the account once the buyer approved.
    mutating func polled(_ progress: LinkProgress, at now: Date) -> LinkedAccount? {
        guard case .linking(var link) = phase else { return nil }
        pollInFlight = false
        link.apply(progress, at: now)
        phase = .linking(link)
        if case .linked(let account) = link { return account }
        return nil
    }

    /// The clock moved: the code may expire; the code to poll with when a poll is due (one at a time).
    mutating func tick(at now: Date) -> DeviceAuthorization? {
        guard case .linking(var link) = phase else { return nil }
        link.tick(at: now)
        phase = .linking(link)
        guard !pollInFlight, link.pollDue(at: now), case .waiting(let authorization, _, _) = link else { return nil }
        pollInFlight = true
        return authorization
    }
}
