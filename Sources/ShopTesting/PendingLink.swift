import Foundation
import ShopCore

/// A link waiting for approval, as `reelshop accounts` lists it (nothing secret).
public struct PendingLink: Sendable, Equatable, Codable {
    public var marketplaceID: String
    public var userCode: UserCode
    public var expiresAt: Date
}
