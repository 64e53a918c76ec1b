import Foundation

/// One product variant in the cart, with the price it had when it was added.
public struct CartLine: Codable, Sendable, Hashable {
    public var productID: String
    public var variantID: String
    public var quantity: Int
    public var unitPrice: Money
    public var addedAt: Date
    /// Set when the line was taken at a LIVE flash-deal price (see `DealDesk`): the deal's id.
    public var dealID: String?

    public init(productID: String, variantID: String, quantity: Int, unitPrice: Money, addedAt: Date, dealID: String? = nil) {
        self.dealID = dealID
        self.productID = productID
        self.variantID = variantID
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.addedAt = addedAt
    }

    public var key: CartLineKey { CartLineKey(productID: productID, variantID: variantID, dealID: dealID) }
}

/// Which line: a product and one of its variants, at the regular price or a flash deal's (the
/// two are separate lines, so a deal's limit never spreads to units bought at full price).
public struct CartLineKey: Sendable, Hashable, Codable {
    public var productID: String
    public var variantID: String
    public var dealID: String?

    public init(productID: String, variantID: String, dealID: String? = nil) {
        self.productID = productID
        self.variantID = variantID
        self.dealID = dealID
    }
}

/// The cart as stored in cart.json. Operations are pure; `CartStore` persists them.
public struct Cart: VersionedDocument {
    public static let currentVersion = 1
    public static let empty = Cart()
    /// Every line holds 1…99 units.
    public static let quantityRange = 1...99

    public var version: Int
    public var lines: [CartLine]
    /// Idempotency keys of checkouts whose ordered lines have already left this cart, kept while
    /// their intents are still in checkout-journal.json: a process killed between writing the cart
    /// and the journal must not take the lines out twice (`settleCheckout`). Usually empty, and
    /// then not written.
    public var settledCheckouts: [String]

    public init(lines: [CartLine] = [], settledCheckouts: [String] = []) {
        self.version = Cart.currentVersion
        self.lines = lines
        self.settledCheckouts = settledCheckouts
    }

    private enum CodingKeys: String, CodingKey {
        case version, lines, settledCheckouts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        lines = try container.decode([CartLine].self, forKey: .lines)
        settledCheckouts = try container.decodeIfPresent([String].self, forKey: .settledCheckouts) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(lines, forKey: .lines)
        if !settledCheckouts.isEmpty { try container.encode(settledCheckouts, forKey: .settledCheckouts) }
    }

    /// Units over all lines.
    public var itemCount: Int { lines.reduce(0) { $0 + $1.quantity } }

    public func line(_ key: CartLineKey) -> CartLine? { lines.first { $0.key == key } }

    /// What happened to an add.
    public enum AddOutcome: Sendable, Equatable {
        case added(quantity: Int)
        /// The line already existed; it now holds `quantity`.
        case merged(quantity: Int)
        /// The line hit the 99 cap; it holds `quantity` (99).
        case capped(quantity: Int)
    }

    /// Adds units of a variant, merging with an existing line and capping at 99.
    @discardableResult
    public mutating func add(_ key: CartLineKey, quantity: Int, unitPrice: Money, at date: Date) -> AddOutcome {
        let quantity = max(1, quantity)
        if let index = lines.firstIndex(where: { $0.key == key }) {
            let wanted = lines[index].quantity + quantity
            lines[index].quantity = min(wanted, Cart.quantityRange.upperBound)
            return wanted > Cart.quantityRange.upperBound
                ? .capped(quantity: lines[index].quantity) : .merged(quantity: lines[index].quantity)
        }
        let capped = min(quantity, Cart.quantityRange.upperBound)
        lines.append(
            CartLine(
                productID: key.productID, variantID: key.variantID, quantity: capped, unitPrice: unitPrice, addedAt: date,
                dealID: key.dealID))
        return capped < quantity ? .capped(quantity: capped) : .added(quantity: capped)
    }

    /// Sets a line's quantity, clamped to 1…99. Returns the quantity now held, or nil if no such line.
    @discardableResult
    public mutating func setQuantity(_ key: CartLineKey, to quantity: Int) -> Int? {
        guard let index = lines.firstIndex(where: { $0.key == key }) else { return nil }
        lines[index].quantity = min(max(quantity, Cart.quantityRange.lowerBound), Cart.quantityRange.upperBound)
        return lines[index].quantity
    }

    /// Removes one line, or every line of the product when `variantID` is nil. Returns how many went.
    @discardableResult
    public mutating func remove(productID: String, variantID: String? = nil) -> Int {
        let before = lines.count
        lines.removeAll { $0.productID == productID && (variantID == nil || $0.variantID == variantID) }
        return before - lines.count
    }

    /// Removes exactly one line; returns whether it was there.
    @discardableResult
    public mutating func remove(_ key: CartLineKey) -> Bool {
        let before = lines.count
        lines.removeAll { $0.key == key }
        return lines.count < before
    }

    public mutating func clear() { lines.removeAll() }
}

extension Cart {
    public func fastEncoded() -> Data? { CartJSON.encode(self) }

    public static func fastDecoded(_ data: Data) -> Cart? { CartJSON.decode(data) }

    /// What the file gives back: dates to the whole second (ISO 8601 as written), nothing
    /// else changes. Said here so a change of a 1,000-line cart is not decoded again after its
    /// write (`CartStoreTests` checks it against a real decode).
    public func storedForm(encoded data: Data) -> Cart {
        var stored = self
        for index in stored.lines.indices {
            stored.lines[index].addedAt = Date(timeIntervalSince1970: stored.lines[index].addedAt.timeIntervalSince1970.rounded(.down))
        }
        return stored
    }
}
