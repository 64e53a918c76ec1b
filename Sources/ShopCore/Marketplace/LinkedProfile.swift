import Foundation

/// The account as a marketplace reports it once linked. Holds nothing secret.
public struct LinkedProfile: Codable, Sendable, Hashable {
    public var marketplaceID: String
    public var name: String
    /// "a•••••@example.com": enough to recognise, not enough to harvest.
    public var maskedEmail: String
    public var shippingAddress: ShippingAddress
    public var paymentMethod: PaymentMethod
    public var membership: Membership?

    public init(
        marketplaceID: String, name: String, maskedEmail: String, shippingAddress: ShippingAddress,
        paymentMethod: PaymentMethod, membership: Membership? = nil
    ) {
        self.marketplaceID = marketplaceID
        self.name = name
        self.maskedEmail = maskedEmail
        self.shippingAddress = shippingAddress
        self.paymentMethod = paymentMethod
        self.membership = membership
    }

    /// Masks an address as "a•••••@example.com".
    public static func mask(email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at > email.startIndex else { return "•••••" }
        return "\(email[email.startIndex])•••••\(email[at...])"
    }
}
