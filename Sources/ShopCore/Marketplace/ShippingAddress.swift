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
