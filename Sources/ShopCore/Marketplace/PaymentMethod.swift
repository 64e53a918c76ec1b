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
