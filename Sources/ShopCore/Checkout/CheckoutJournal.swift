import Foundation

/// checkout-journal.json: the orders Reelshop has asked (or is about to ask) a marketplace for
/// and not yet finished recording. An intent is written before the marketplace is called and
/// removed only once its order is in orders.json and its lines are out of the cart (or the
/// marketplace refused it and the user was told), so whatever kills the process, the next start
/// finds it (`CheckoutCoordinator.reconcile`).
public struct CheckoutJournal: VersionedDocument {
    public static let currentVersion = 1
    public static let empty = CheckoutJournal()

    public var version: Int
    public var intents: [CheckoutIntent]

    public init(intents: [CheckoutIntent] = []) {
        version = CheckoutJournal.currentVersion
        self.intents = intents
    }

    public func intent(_ idempotencyKey: String) -> CheckoutIntent? {
        intents.first { $0.idempotencyKey == idempotencyKey }
    }

    public var pendingKeys: Set<String> { Set(intents.map(\.idempotencyKey)) }
}

/// The journal is checked, not trusted, like orders.json: its lines are taken out of the cart, so a
/// quantity outside 1…99 (a negative one would *add* units) or amounts no checkout produces make
/// the file unreadable, and it is moved aside whole.
extension CheckoutJournal {
    private enum CodingKeys: String, CodingKey {
        case version, intents
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let intents = try container.decode([CheckoutIntent].self, forKey: .intents)
        var keys = Set<String>()
        for (index, intent) in intents.enumerated() {
            if let problem = CheckoutJournal.problem(in: intent) ?? (keys.insert(intent.idempotencyKey).inserted ? nil : "the idempotency key is repeated") {
                throw DecodingError.dataCorruptedError(
                    forKey: .intents, in: container, debugDescription: "intents[\(index)]: \(problem)")
            }
        }
        self.init(intents: intents)
        version = try container.decode(Int.self, forKey: .version)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(intents, forKey: .intents)
    }

    static func problem(in intent: CheckoutIntent) -> String? {
        guard !intent.idempotencyKey.isEmpty else { return "expected an idempotency key, found \"\"" }
        guard !intent.lines.isEmpty else { return "expected at least one line" }
        let currency = intent.lines[0].unitPrice.currency
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            return "expected a three-letter currency, found \"\(currency)\""
        }
        let amounts =
            intent.lines.enumerated().map { ("lines[\($0.offset)].unitPrice", $0.element.unitPrice) }
            + (intent.expectedTotal.map { [("expectedTotal", $0)] } ?? [])
        for (name, amount) in amounts {
            guard amount.currency == currency else { return "\(name): expected \(currency) like the first line, found \(amount.currency)" }
            guard (0...OrderBook.maximumAmount).contains(amount.minorUnits) else {
                return "\(name): expected 0…\(OrderBook.maximumAmount) minor units, found \(amount.minorUnits)"
            }
        }
        for (index, line) in intent.lines.enumerated() where !Cart.quantityRange.contains(line.quantity) {
            return "lines[\(index)].quantity: expected 1…99, found \(line.quantity)"
        }
        return nil
    }
}
