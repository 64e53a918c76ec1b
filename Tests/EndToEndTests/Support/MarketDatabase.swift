import Foundation
import GRDB

/// Reads a marketplace server's SQLite database the way an auditor would, to count what was
/// charged (read-only; the server may be running: WAL lets a reader in beside its writer).
enum MarketDatabase {
    struct OrderRow: Equatable {
        var orderID: String
        var idempotencyKey: String
    }

    /// The orders a marketplace holds; empty when the database does not exist yet.
    static func orders(in database: URL, marketplaceID: String) -> [OrderRow] {
        guard FileManager.default.fileExists(atPath: database.path) else { return [] }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: database.path, configuration: configuration)
            return try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT order_id, idempotency_key FROM orders WHERE marketplace_id = ? ORDER BY placed_at",
                    arguments: [marketplaceID]
                )
                .map { OrderRow(orderID: $0["order_id"], idempotencyKey: $0["idempotency_key"]) }
            }
        } catch {
            return []
        }
    }
}
