import Foundation

/// orders.json is checked, not trusted, like cart.json: an order whose amounts, quantities or
/// currencies no checkout could have produced makes the file unreadable, so it is moved aside
/// whole and integer money can never overflow (or trap) on a tampered file.
extension OrderBook {
    /// The most any one amount of an order may be, in minor units (ten billion dollars).
    public static let maximumAmount = 1_000_000_000_000

    private enum CodingKeys: String, CodingKey {
        case version, orders
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let orders = try container.decode([Order].self, forKey: .orders)
        for (index, order) in orders.enumerated() {
            if let problem = OrderBook.problem(in: order) {
                throw DecodingError.dataCorruptedError(
                    forKey: .orders, in: container, debugDescription: "orders[\(index)]: \(problem)")
            }
        }
        self.init(orders: orders)
        version = try container.decode(Int.self, forKey: .version)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(orders, forKey: .orders)
    }

    /// What no checkout produces: amounts outside 0…`maximumAmount`, a currency that is not three
    /// capital letters or differs within the order, a quantity outside the cart's 1…99.
    static func problem(in order: Order) -> String? {
        let currency = order.total.currency
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            return "expected a three-letter currency, found \"\(currency)\""
        }
        let amounts: [(String, Money)] =
            [
                ("subtotal", order.subtotal), ("discount", order.discount), ("shipping", order.shipping),
                ("tax", order.tax), ("total", order.total),
            ] + order.lines.enumerated().map { ("lines[\($0.offset)].unitPrice", $0.element.unitPrice) }
        for (name, amount) in amounts {
            guard amount.currency == currency else {
                return "\(name): expected \(currency) like the total, found \(amount.currency)"
            }
            guard (0...maximumAmount).contains(amount.minorUnits) else {
                return "\(name): expected 0…\(maximumAmount) minor units, found \(amount.minorUnits)"
            }
        }
        for (index, line) in order.lines.enumerated() where !Cart.quantityRange.contains(line.quantity) {
            return "lines[\(index)].quantity: expected 1…99, found \(line.quantity)"
        }
        return nil
    }
}
