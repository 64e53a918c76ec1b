/// A voucher code a marketplace accepted, with what it does in words.
public struct AppliedVoucher: Codable, Sendable, Hashable {
    public var code: String
    /// "10% off the items", "Free shipping".
    public var summary: String

    public init(code: String, summary: String) {
        self.code = code
        self.summary = summary
    }
}
