import Foundation

/// Who the demo account is and how its marketplace charges: believable, and different for each
/// marketplace so linking two accounts looks like linking two shops.
public struct DemoPersona: Sendable, Hashable {
    public var name: String
    public var email: String
    public var address: ShippingAddress
    public var paymentMethod: PaymentMethod
    public var membership: Membership?
    /// Where the code is entered, shown on the link screen.
    public var verificationURI: String
    /// Order numbers start with this, e.g. "RS".
    public var orderPrefix: String
    /// Sales tax in basis points (825 = 8.25%), on the items after discount.
    public var taxBasisPoints: Int
    /// Shipping for non-members below the free-shipping threshold, in minor units.
    public var shippingFee: Int
    /// Orders at or above this (after discount, minor units) ship free.
    public var freeShippingThreshold: Int

    public init(
        name: String, email: String, address: ShippingAddress, paymentMethod: PaymentMethod, membership: Membership?,
        verificationURI: String, orderPrefix: String, taxBasisPoints: Int, shippingFee: Int, freeShippingThreshold: Int
    ) {
        self.name = name
        self.email = email
        self.address = address
        self.paymentMethod = paymentMethod
        self.membership = membership
        self.verificationURI = verificationURI
        self.orderPrefix = orderPrefix
        self.taxBasisPoints = taxBasisPoints
        self.shippingFee = shippingFee
        self.freeShippingThreshold = freeShippingThreshold
    }

    /// The persona for a catalog marketplace id; unknown ids get a plain account.
    public static func forMarketplace(_ id: String) -> DemoPersona {
        switch id {
        case "riverstone": return .riverstone
        case "lumen": return .lumen
        default:
            return DemoPersona(
                name: "Jordan Lee", email: "jordan.lee@example.net",
                address: ShippingAddress(name: "Jordan Lee", line1: "88 Harbor Rd", city: "Oakland", region: "CA", postalCode: "94607", country: "US"),
                paymentMethod: PaymentMethod(brand: "Visa", last4: "1881"), membership: nil,
                verificationURI: "https://\(id).example/link", orderPrefix: String(id.prefix(2)).uppercased(),
                taxBasisPoints: 700, shippingFee: 499, freeShippingThreshold: 5000)
        }
    }

    /// Riverstone Market: the big one, with Riverstone Plus (free two-day delivery, as the catalog
    /// promises on its product sheets).
    public static let riverstone = DemoPersona(
        name: "Alex Rivera", email: "alex.rivera@example.com",
        address: ShippingAddress(
            name: "Alex Rivera", line1: "1420 NW Alder St", line2: "Apt 3B", city: "Portland", region: "OR", postalCode: "97209", country: "US"),
        paymentMethod: PaymentMethod(brand: "Visa", last4: "4242"),
        membership: Membership(name: "Riverstone Plus", deliveryDays: 2, freeShipping: true),
        verificationURI: "https://riverstone.example/link", orderPrefix: "RS",
        taxBasisPoints: 825, shippingFee: 599, freeShippingThreshold: 3500)

    /// Lumen Bazaar: independent makers, no membership, flat shipping.
    public static let lumen = DemoPersona(
        name: "Alex Rivera", email: "arivera.makes@example.org",
        address: ShippingAddress(name: "Alex Rivera", line1: "77 Foundry Lane", city: "Providence", region: "RI", postalCode: "02903", country: "US"),
        paymentMethod: PaymentMethod(brand: "Mastercard", last4: "5100"),
        membership: nil,
        verificationURI: "https://lumen.example/device", orderPrefix: "LB",
        taxBasisPoints: 700, shippingFee: 399, freeShippingThreshold: 5000)

    public var profile: LinkedProfile {
        LinkedProfile(
            marketplaceID: "", name: name, maskedEmail: LinkedProfile.mask(email: email),
            shippingAddress: address, paymentMethod: paymentMethod, membership: membership)
    }
}
