import Foundation

/// Linked accounts in `accounts.json` under the state directory: private (0600), written with
/// the cart's discipline, and the only place tokens are kept. Unlinking deletes the token.
public struct AccountStore: Sendable {
    public static let fileName = "accounts.json"
    let document: JSONDocumentStore<AccountsFile>
    private let now: @Sendable () -> Date

    public init(stateDirectory: StateDirectory, now: @escaping @Sendable () -> Date = { Date() }) {
        document = JSONDocumentStore(url: stateDirectory.file(Self.fileName), mode: 0o600, now: now)
        self.now = now
    }

    public var url: URL { document.url }

    /// Linked accounts, in the order they were linked.
    public func accounts() throws -> [LinkedAccount] {
        try document.load().document.accounts.map(\.account)
    }

    public func account(for marketplaceID: String) throws -> LinkedAccount? {
        try document.load().document.accounts.first { $0.marketplaceID == marketplaceID }?.account
    }

    /// The token for a marketplace, for the effect runner to pass to that marketplace only.
    public func token(for marketplaceID: String) throws -> AccessToken? {
        try document.load().document.accounts.first { $0.marketplaceID == marketplaceID }
            .map { AccessToken(unredactedValue: $0.token) }
    }

    /// Stores (or replaces) the account for a marketplace.
    @discardableResult
    public func save(marketplaceID: String, token: AccessToken, profile: LinkedProfile) throws -> LinkedAccount {
        let entry = AccountsFile.Entry(marketplaceID: marketplaceID, token: token.unredactedValue, profile: profile, linkedAt: now())
        try document.update { file in
            file.accounts.removeAll { $0.marketplaceID == marketplaceID }
            file.accounts.append(entry)
        }
        return entry.account
    }

    /// Deletes the account and its token; returns the token so the marketplace can revoke it,
    /// or nil when nothing was linked.
    @discardableResult
    public func remove(marketplaceID: String) throws -> AccessToken? {
        try document.update { file -> AccessToken? in
            guard let index = file.accounts.firstIndex(where: { $0.marketplaceID == marketplaceID }) else { return nil }
            let token = AccessToken(unredactedValue: file.accounts[index].token)
            file.accounts.remove(at: index)
            return token
        }.result
    }
}

/// accounts.json. Internal so that nothing outside the store can encode a token.
struct AccountsFile: VersionedDocument {
    static let currentVersion = 1
    static let empty = AccountsFile()

    var version = currentVersion
    var accounts: [Entry] = []

    struct Entry: Codable, Sendable, Equatable {
        var marketplaceID: String
        var token: String
        var profile: LinkedProfile
        var linkedAt: Date

        var account: LinkedAccount { LinkedAccount(marketplaceID: marketplaceID, profile: profile, linkedAt: linkedAt) }
    }
}
