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

/// Where an order goes.
public struct ShippingAddress: Codable, Sendable, Hashable {
    public var name: String
    public var line1: String
    public var line2: String?
    public var city: String
    public var region: String
    public var postalCode: String
    public var country: String

    public init(name: String, line1: String, line2: String? = nil, city: String, region: String, postalCode: String, country: String) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }

    /// "Alex Rivera, 1420 Alder St, Apt 3, Portland, OR 97205".
    public var oneLine: String {
        ([name, line1] + (line2.map { [$0] } ?? []) + ["\(city), \(region) \(postalCode)"]).joined(separator: ", ")
    }
}

/// How an order is paid: a brand and the last four digits, never more.
public struct PaymentMethod: Codable, Sendable, Hashable {
    public var brand: String
    public var last4: String

    public init(brand: String, last4: String) {
        self.brand = brand
        self.last4 = last4
    }

    /// "Visa ···· 4242".
    public var label: String { "\(brand) ···· \(last4)" }
}

/// A paid membership that ships faster (Riverstone Plus).
public struct Membership: Codable, Sendable, Hashable {
    public var name: String
    /// Days to deliver for members, instead of the marketplace's usual promise.
    public var deliveryDays: Int
    public var freeShipping: Bool

    public init(name: String, deliveryDays: Int, freeShipping: Bool) {
        self.name = name
        self.deliveryDays = deliveryDays
        self.freeShipping = freeShipping
    }
}
