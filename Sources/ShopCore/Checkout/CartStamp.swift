/// What a checkout expects the cart to hold: each line's quantity and price, in no order.
///
/// A cart checkout carries the stamp of the cart it was priced from (and takes out what it has
/// placed); placing compares it with the cart on disk under the journal's lock, less whatever
/// other checkouts are placing right now. A different stamp means the cart changed underneath
/// the checkout (another window placed it, a line was removed or changed), and nothing is
/// placed until it is priced again.
public struct CartStamp: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var quantity: Int
        public var unitPrice: Money
    }

    public private(set) var entries: [CartLineKey: Entry]

    public init(lines: [CartLine]) {
        var entries: [CartLineKey: Entry] = [:]
        for line in lines { entries[line.key] = Entry(quantity: line.quantity, unitPrice: line.unitPrice) }
        self.entries = entries
    }

    public init(_ cart: Cart) { self.init(lines: cart.lines) }

    /// The stamp once these ordered lines have left the cart (as `Cart.removeOrdered` takes them).
    public func removing(_ ordered: [OrderLine]) -> CartStamp {
        var stamp = self
        for item in ordered {
            guard var entry = stamp.entries[item.key] else { continue }
            entry.quantity -= min(item.quantity, entry.quantity)
            stamp.entries[item.key] = entry.quantity > 0 ? entry : nil
        }
        return stamp
    }
}
