/// orders.json: every order placed through Reelshop, newest last.
public struct OrderBook: VersionedDocument {
    public static let currentVersion = 1
    public static let empty = OrderBook()

    public var version: Int
    public var orders: [Order]

    public init(orders: [Order] = []) {
        version = OrderBook.currentVersion
        self.orders = orders
    }

    public func order(idempotencyKey: String, marketplaceID: String) -> Order? {
        orders.first { $0.idempotencyKey == idempotencyKey && $0.marketplaceID == marketplaceID }
    }
}
