import Foundation
import ShopCore

/// The embedded demo marketplaces' "server side": pending links, issued tokens and placed
/// orders in `test-marketplace.json` under the state directory.
///
/// Because it is a file shared under a lock, approving a link is a separate act from any
/// process with the same state directory (`reelshop accounts approve CODE`), just as a phone
/// would approve a real one. Like a careful server it keeps only SHA-256 digests of the device
/// codes and tokens it issued (a token itself lives in accounts.json alone); the file is private
/// (0600) all the same.
public struct FileMarketplaceStore: Sendable {
    public static let fileName = "test-marketplace.json"

    let document: JSONDocumentStore<FileMarketplaceState>
    let now: @Sendable () -> Date

    public init(stateDirectory: StateDirectory, now: @escaping @Sendable () -> Date = { Date() }) {
        document = JSONDocumentStore(url: stateDirectory.file(Self.fileName), mode: 0o600, now: now)
        self.now = now
    }

    public var url: URL { document.url }

    /// Approves the pending link with this code, as the person would on their phone.
    @discardableResult
    public func approve(userCode text: String) throws(MarketplaceError) -> PendingLink {
        try decide(text, approve: true)
    }

    /// Refuses the pending link with this code.
    @discardableResult
    public func deny(userCode text: String) throws(MarketplaceError) -> PendingLink {
        try decide(text, approve: false)
    }

    /// Links still waiting for approval (not expired), oldest first.
    public func pendingLinks() throws(MarketplaceError) -> [PendingLink] {
        let date = now()
        do {
            return try document.load().document.links
                .filter { $0.decision == .pending && $0.expiresAt > date }
                .map(\.summary)
        } catch {
            throw .storage(error)
        }
    }

    private func decide(_ text: String, approve: Bool) throws(MarketplaceError) -> PendingLink {
        guard let code = UserCode(parsing: text) else {
            throw MarketplaceError(.invalidCode, "\"\(text)\" is not a link code; codes are 8 letters like BCDF-GHJK (case and dash do not matter).")
        }
        let date = now()
        do {
            return try document.update { state throws(MarketplaceError) -> PendingLink in
                guard let index = state.links.lastIndex(where: { $0.userCode == code }) else {
                    throw MarketplaceError(
                        .invalidCode, "No link is waiting for the code \(code.display). Start linking in Reelshop and use the code it shows.")
                }
                let link = state.links[index]
                guard link.expiresAt > date else {
                    throw MarketplaceError(.invalidCode, "The code \(code.display) expired; start linking again in Reelshop for a new one.")
                }
                guard link.decision == .pending else {
                    throw MarketplaceError(.invalidCode, "The code \(code.display) was already \(link.decision == .denied ? "denied" : "approved").")
                }
                state.links[index].decision = approve ? .approved : .denied
                return state.links[index].summary
            }.result
        } catch {
            throw .storage(error)
        }
    }
}
