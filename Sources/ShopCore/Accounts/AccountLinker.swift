import Foundation

/// The effect runner's side of linking: talks to the marketplace, keeps the token in
/// `AccountStore`, and answers with token-free values for the reducer.
public struct AccountLinker: Sendable {
    public let registry: MarketplaceRegistry
    public let accounts: AccountStore

    public init(registry: MarketplaceRegistry, accounts: AccountStore) {
        self.registry = registry
        self.accounts = accounts
    }

    /// Asks the marketplace for a code to show.
    public func start(marketplaceID: String) async throws(MarketplaceError) -> DeviceAuthorization {
        try await service(marketplaceID).startLink()
    }

    /// Polls once. On `.linked` the token and profile are saved before returning.
    public func poll(_ authorization: DeviceAuthorization) async -> LinkProgress {
        do {
            let service = try service(authorization.marketplaceID)
            switch try await service.pollLink(deviceCode: authorization.deviceCode) {
            case .pending: return .pending
            case .slowDown(let interval): return .slowDown(interval: interval)
            case .denied: return .denied
            case .expired: return .expired
            case .linked(let token):
                let profile = try await service.profile(token: token)
                do {
                    return .linked(try accounts.save(marketplaceID: service.id, token: token, profile: profile))
                } catch {
                    throw MarketplaceError.storage(error)
                }
            }
        } catch {
            return .failed(MarketplaceError.storage(error))
        }
    }

    /// Whether `approveOnThisDevice` works for this marketplace: it must offer its verification
    /// page to Reelshop as the demo shopper (the embedded reference marketplace does).
    public func canApproveOnThisDevice(marketplaceID: String) -> Bool {
        registry.service(for: marketplaceID) is any DemoShopperApproving
    }

    /// Approves a code from this device, for a solo demo: Reelshop opens the marketplace's
    /// verification page and approves as its demo shopper — what the person would do on a phone.
    public func approveOnThisDevice(_ authorization: DeviceAuthorization) async throws(MarketplaceError) {
        guard let approver = registry.service(for: authorization.marketplaceID) as? any DemoShopperApproving else {
            throw MarketplaceError(.invalidRequest, "This marketplace cannot be approved from here; approve the code on your phone.")
        }
        try await approver.answerAsDemoShopper(userCode: authorization.userCode, approve: true)
    }

    /// Answers a code typed at the command line (`reelshop accounts approve|deny CODE`): each
    /// marketplace is asked in turn, and the one that knows the code answers. Returns its id.
    public func answer(userCode: UserCode, approve: Bool) async throws(MarketplaceError) -> String {
        var last: MarketplaceError?
        for id in registry.marketplaceIDs {
            guard let approver = registry.service(for: id) as? any DemoShopperApproving else { continue }
            do throws(MarketplaceError) {
                try await approver.answerAsDemoShopper(userCode: userCode, approve: approve)
                return id
            } catch  where error.kind == .invalidCode {
                continue
            } catch {
                last = error
            }
        }
        throw last ?? MarketplaceError(.invalidCode, "No marketplace is waiting for the code \(userCode.display); check it, or start linking again.")
    }

    /// Unlinks: deletes the local token, then asks the marketplace to revoke it (best effort, so
    /// an unreachable marketplace never keeps a token on disk). False when nothing was linked.
    @discardableResult
    public func unlink(marketplaceID: String) async throws(MarketplaceError) -> Bool {
        let token: AccessToken?
        do { token = try accounts.remove(marketplaceID: marketplaceID) } catch { throw .storage(error) }
        guard let token else { return false }
        if let service = registry.service(for: marketplaceID) {
            try? await service.unlink(token: token)
        }
        return true
    }

    private func service(_ marketplaceID: String) throws(MarketplaceError) -> any MarketplaceService {
        guard let service = registry.service(for: marketplaceID) else {
            throw MarketplaceError(.invalidRequest, "There is no marketplace \"\(marketplaceID)\"; known: \(registry.marketplaceIDs.joined(separator: ", ")).")
        }
        return service
    }
}
