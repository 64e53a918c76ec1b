/// A price that moved since the line was added: shown as "was $24.99, now $27.99".
public struct PriceChange: Sendable, Equatable, Codable {
    public var old: Money
    public var new: Money

    public init(old: Money, new: Money) {
        self.old = old
        self.new = new
    }

    public var label: String { "was \(old), now \(new)" }
}
