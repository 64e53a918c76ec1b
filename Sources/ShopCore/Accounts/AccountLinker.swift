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

    /// Whether `approveOnThisDevice` works for this marketplace (only the embedded demo).
    public func canApproveOnThisDevice(marketplaceID: String) -> Bool {
        registry.demoStore != nil && registry.service(for: marketplaceID) is DemoMarketplace
    }

    /// Approves a code on this machine, for a solo demo. Simulated: it is what the person would
    /// do on their phone, and only the embedded demo marketplace offers it.
    @discardableResult
    public func approveOnThisDevice(_ authorization: DeviceAuthorization) throws(MarketplaceError) -> PendingLink {
        guard let store = registry.demoStore, canApproveOnThisDevice(marketplaceID: authorization.marketplaceID) else {
            throw MarketplaceError(.invalidRequest, "Only the demo marketplace can approve on this device; approve the code on your phone.")
        }
        return try store.approve(userCode: authorization.userCode.normalized)
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
