/// Why a marketplace call failed, with a message a user can act on.
public struct MarketplaceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, Codable {
        /// No account is linked for this marketplace: link one first.
        case notLinked
        /// The token was refused (unlinked elsewhere or revoked): link again.
        case unauthorized
        /// A user code that is unknown, used up or expired.
        case invalidCode
        case voucherRejected
        /// A price differs from the one confirmed: show both and confirm again.
        case priceChanged
        case outOfStock
        case unknownProduct
        case unknownOrder
        /// The marketplace could not be reached or failed; trying again may work.
        case unavailable
        case invalidRequest
        /// A local file could not be read or written.
        case storage
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// True when a failed call may still have taken effect (no answer, a failure on the way back):
    /// an order sent under a key is then neither known placed nor known refused, so its intent is
    /// kept and the marketplace asked again by key. Every other kind is a refusal.
    public var leavesOutcomeUnknown: Bool { kind == .unavailable || kind == .storage }

    public static func storage(_ error: any Error) -> MarketplaceError {
        if let error = error as? MarketplaceError { return error }
        return MarketplaceError(.storage, "\(error)")
    }
}
