import Foundation

/// orders.json under the state directory, written with the cart's discipline (lock, read,
/// modify, atomic rename; an unreadable file is moved aside).
public struct OrderStore: Sendable {
    public static let fileName = "orders.json"
    public let document: JSONDocumentStore<OrderBook>

    public init(stateDirectory: StateDirectory, now: @escaping @Sendable () -> Date = { Date() }) {
        document = JSONDocumentStore(url: stateDirectory.file(Self.fileName), mode: 0o600, now: now)
    }

    public var url: URL { document.url }

    public func load() throws -> (orders: [Order], recovery: Recovery?) {
        let (book, recovery) = try document.load()
        return (book.orders, recovery)
    }

    /// Records an order once: an order with the same id or idempotency key is not added again.
    /// Returns the order as stored and whether this call added it (decided under the lock, so of
    /// two racing confirmations exactly one sees `inserted`).
    @discardableResult
    public func record(_ order: Order) throws -> (order: Order, inserted: Bool) {
        try document.update { book -> (Order, Bool) in
            if let existing = book.orders.first(where: {
                $0.marketplaceID == order.marketplaceID && ($0.id == order.id || $0.idempotencyKey == order.idempotencyKey)
            }) {
                return (existing, false)
            }
            book.orders.append(order)
            return (order, true)
        }.result
    }

    /// Applies status reports (by order id) and returns the orders now.
    @discardableResult
    public func applyStatus(_ reports: [String: OrderStatusReport], at date: Date) throws -> [Order] {
        guard !reports.isEmpty else { return try load().orders }
        return try document.update { book in
            for index in book.orders.indices {
                if let report = reports[book.orders[index].id] { book.orders[index].apply(report, at: date) }
            }
        }.document.orders
    }
}
