import Foundation

/// A linked marketplace account as everything outside `AccountStore` sees it: the profile and
/// when it was linked. The token stays in accounts.json, so this type can be shown, logged and
/// encoded freely.
public struct LinkedAccount: Codable, Sendable, Hashable {
    public var marketplaceID: String
    public var profile: LinkedProfile
    public var linkedAt: Date

    public init(marketplaceID: String, profile: LinkedProfile, linkedAt: Date) {
        self.marketplaceID = marketplaceID
        self.profile = profile
        self.linkedAt = linkedAt
    }
}
