import Foundation
import ShopCore

/// The demo marketplaces' file. Internal, and holds digests rather than secrets.
struct FileMarketplaceState: VersionedDocument {
    static let currentVersion = 1
    static let empty = FileMarketplaceState()

    var version = currentVersion
    var links: [Link] = []
    var tokens: [IssuedToken] = []
    var orders: [PlacedOrder] = []

    enum Decision: String, Codable, Sendable { case pending, approved, denied }

    struct Link: Codable, Sendable, Equatable {
        var marketplaceID: String
        /// SHA-256 of the device code, hex.
        var deviceCodeDigest: String
        var userCode: UserCode
        var issuedAt: Date
        var expiresAt: Date
        var interval: Int
        var lastPolledAt: Date?
        var decision: Decision

        var summary: PendingLink { PendingLink(marketplaceID: marketplaceID, userCode: userCode, expiresAt: expiresAt) }
    }

    struct IssuedToken: Codable, Sendable, Equatable {
        var marketplaceID: String
        /// SHA-256 of the token, hex.
        var digest: String
        var issuedAt: Date

        init(marketplaceID: String, token: AccessToken, issuedAt: Date) {
            self.marketplaceID = marketplaceID
            digest = Digest.of(token.unredactedValue)
            self.issuedAt = issuedAt
        }
    }

    /// Forgets links that ended more than an hour ago, so the file does not grow.
    mutating func prune(now: Date) {
        links.removeAll { $0.expiresAt.addingTimeInterval(3600) < now }
    }

    func hasToken(_ token: AccessToken, for marketplaceID: String) -> Bool {
        let digest = Digest.of(token.unredactedValue)
        return tokens.contains { $0.marketplaceID == marketplaceID && $0.digest == digest }
    }
}
