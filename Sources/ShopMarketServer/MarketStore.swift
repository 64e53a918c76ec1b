import Crypto
import Foundation
import GRDB
import ShopCore

/// A refusal on its way to the wire: a problem (RFC 9457) for the shopping API, an RFC 6749
/// error for the OAuth endpoints.
enum APIFailure: Error {
    case problem(status: Int, MarketWire.Problem)
    case oauth(status: Int, MarketWire.OAuthError)

    static func problem(_ status: Int, _ kind: MarketplaceError.Kind, _ detail: String) -> APIFailure {
        .problem(status: status, MarketWire.Problem(title: title(status), status: status, detail: detail, code: kind))
    }

    static func oauth(_ error: String, _ description: String, interval: Int? = nil, status: Int = 400) -> APIFailure {
        .oauth(status: status, MarketWire.OAuthError(error: error, errorDescription: description, interval: interval))
    }

    /// The HTTP status the contract gives each kind of marketplace refusal.
    static func from(_ error: MarketplaceError) -> APIFailure {
        let status: Int =
            switch error.kind {
            case .unknownProduct, .unknownOrder: 404
            case .outOfStock, .priceChanged: 409
            case .unauthorized, .notLinked: 401
            case .unavailable, .storage: 503
            case .voucherRejected, .invalidRequest, .invalidCode: 422
            }
        return problem(status, error.kind, error.message)
    }

    static func title(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}

/// The server's state in one SQLite file (WAL, GRDB `DatabasePool`): grants, buyers, tokens
/// (digests only), stock, quote holds and orders. Every rule that needs a consistent view runs in
/// one IMMEDIATE write transaction, so two racing buyers cannot both take the last unit.
final class MarketStore: Sendable {
    let pool: DatabasePool
    let path: String
    let catalog: Catalog
    /// The catalog's flash deals by product, with their streams (GET /products asks per product).
    private let dealsByProduct: [String: [(LiveStream, FlashDeal)]]
    let speed: Double
    let now: @Sendable () -> Date

    static let accessLifetime: TimeInterval = 3_600
    static let refreshLifetime: TimeInterval = 30 * 86_400
    static let holdLifetime: TimeInterval = 300

    init(path: String, catalog: Catalog, speed: Double, now: @escaping @Sendable () -> Date) throws {
        self.path = path
        self.catalog = catalog
        dealsByProduct = Dictionary(grouping: catalog.lives.flatMap { live in live.deals.map { (live, $0) } }, by: \.1.productID)
        self.speed = speed
        self.now = now
        let fileManager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty, !fileManager.fileExists(atPath: directory) {
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            // Created private before SQLite opens it, so it is never readable by others.
            if !fileManager.fileExists(atPath: path) {
                guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw MarketServerError("cannot create the file")
                }
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            for suffix in ["", "-wal", "-shm"] where fileManager.fileExists(atPath: path + suffix) {
                try? fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + suffix)
            }
        } catch {
            throw MarketServerError("Cannot open the marketplace database \(path): \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    func close() { try? pool.close() }

    /// A random key made the first time `name` is asked for and the same one ever after.
    func serverSecret(_ name: String) throws -> [UInt8] {
        let value = try pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)", arguments: [name, Secrets.token(bytes: 32)])
            return try String.fetchOne(db, sql: "SELECT value FROM server_secrets WHERE name = ?", arguments: [name]) ?? ""
        }
        return Array(value.utf8)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE buyers (
                        buyer_id INTEGER PRIMARY KEY AUTOINCREMENT, marketplace_id TEXT NOT NULL,
                        name TEXT NOT NULL, email TEXT NOT NULL, created_at REAL NOT NULL);
                    CREATE TABLE grants (
                        grant_id INTEGER PRIMARY KEY AUTOINCREMENT, marketplace_id TEXT NOT NULL,
                        device_code_digest TEXT NOT NULL UNIQUE, user_code TEXT NOT NULL,
                        issued_at REAL NOT NULL, expires_at REAL NOT NULL, interval INTEGER NOT NULL,
                        last_polled_at REAL, status TEXT NOT NULL CHECK (status IN ('pending','approved','denied','consumed')),
                        buyer_id INTEGER REFERENCES buyers(buyer_id));
                    CREATE INDEX grants_user_code ON grants(marketplace_id, user_code);
                    CREATE TABLE tokens (
                        digest TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('access','refresh')),
                        grant_id INTEGER NOT NULL REFERENCES grants(grant_id), buyer_id INTEGER NOT NULL,
                        marketplace_id TEXT NOT NULL, issued_at REAL NOT NULL, expires_at REAL NOT NULL,
                        revoked INTEGER NOT NULL DEFAULT 0);
                    CREATE INDEX tokens_grant ON tokens(grant_id);
                    CREATE TABLE stock (
                        marketplace_id TEXT NOT NULL, product_id TEXT NOT NULL, variant_id TEXT NOT NULL,
                        units INTEGER NOT NULL CHECK (units >= 0),
                        PRIMARY KEY (marketplace_id, product_id, variant_id));
                    CREATE TABLE holds (
                        hold_id INTEGER PRIMARY KEY AUTOINCREMENT, quote_id TEXT NOT NULL, buyer_id INTEGER NOT NULL,
                        marketplace_id TEXT NOT NULL, product_id TEXT NOT NULL, variant_id TEXT NOT NULL,
                        units INTEGER NOT NULL, expires_at REAL NOT NULL);
                    CREATE INDEX holds_variant ON holds(marketplace_id, product_id, variant_id);
                    CREATE TABLE orders (
                        order_id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL, marketplace_id TEXT NOT NULL,
                        buyer_id INTEGER NOT NULL, placed_at REAL NOT NULL, request_digest TEXT NOT NULL,
                        placed_order TEXT NOT NULL,
                        UNIQUE (marketplace_id, buyer_id, idempotency_key));
                    CREATE TABLE order_lines (
                        order_id TEXT NOT NULL REFERENCES orders(order_id), marketplace_id TEXT NOT NULL,
                        buyer_id INTEGER NOT NULL, product_id TEXT NOT NULL, variant_id TEXT NOT NULL,
                        deal_id TEXT, quantity INTEGER NOT NULL, placed_at REAL NOT NULL);
                    CREATE INDEX order_lines_deal ON order_lines(deal_id, placed_at);
                    """)
        }
        // Keys the server makes once and keeps (the verification page's form key, so a page
        // opened before a restart can still be submitted after it).
        migrator.registerMigration("v2-server-secrets") { db in
            try db.execute(sql: "CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        }
        return migrator
    }

    /// One IMMEDIATE transaction: the write lock is taken before the first read.
    func immediate<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            guard let result else { throw MarketServerError("transaction produced nothing") }
            return result
        }
    }

    // MARK: - Device authorization (RFC 8628)

    struct StartedGrant: Sendable {
        var deviceCode: String
        var userCode: UserCode
    }

    func startGrant(marketplaceID: String) async throws -> StartedGrant {
        let date = now()
        let deviceCode = Secrets.token()
        return try await immediate { db in
            try db.execute(sql: "DELETE FROM grants WHERE expires_at < ? AND status IN ('pending','denied')", arguments: [date.timeIntervalSince1970 - 86_400])
            var code = UserCode.random()
            // A live code names one grant only.
            while try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM grants WHERE marketplace_id = ? AND user_code = ? AND expires_at > ? AND status = 'pending'",
                arguments: [marketplaceID, code.normalized, date.timeIntervalSince1970]) ?? 0 > 0
            {
                code = UserCode.random()
            }
            try db.execute(
                sql: """
                    INSERT INTO grants (marketplace_id, device_code_digest, user_code, issued_at, expires_at, interval, status)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending')
                    """,
                arguments: [
                    marketplaceID, Secrets.digest(deviceCode), code.normalized, date.timeIntervalSince1970,
                    date.addingTimeInterval(DeviceAuthorization.lifetime).timeIntervalSince1970, DeviceAuthorization.defaultInterval,
                ])
            return StartedGrant(deviceCode: deviceCode, userCode: code)
        }
    }

    /// The live pending grant a user code names, for the verification page.
    func pendingGrant(marketplaceID: String, userCode: UserCode) async throws -> PageLookup {
        let date = now().timeIntervalSince1970
        return try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT status, expires_at FROM grants WHERE marketplace_id = ? AND user_code = ? ORDER BY issued_at DESC LIMIT 1
                        """, arguments: [marketplaceID, userCode.normalized])
            else { return .unknown }
            let status: String = row["status"], expires: Double = row["expires_at"]
            if status != "pending" { return .used }
            if expires <= date { return .expired }
            return .pending
        }
    }

    enum PageLookup: Sendable { case pending, unknown, expired, used }

    /// Approves or denies a pending grant; approving creates its demo-shopper buyer.
    func decide(marketplaceID: String, userCode: UserCode, approve: Bool) async throws -> PageLookup {
        let date = now().timeIntervalSince1970
        let persona = DemoPersona.forMarketplace(marketplaceID)
        return try await immediate { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT grant_id, status, expires_at FROM grants WHERE marketplace_id = ? AND user_code = ? ORDER BY issued_at DESC LIMIT 1
                        """, arguments: [marketplaceID, userCode.normalized])
            else { return .unknown }
            let id: Int64 = row["grant_id"], status: String = row["status"], expires: Double = row["expires_at"]
            if status != "pending" { return .used }
            if expires <= date { return .expired }
            if approve {
                try db.execute(
                    sql: "INSERT INTO buyers (marketplace_id, name, email, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [marketplaceID, persona.name, persona.email, date])
                try db.execute(sql: "UPDATE grants SET status = 'approved', buyer_id = ? WHERE grant_id = ?", arguments: [db.lastInsertedRowID, id])
            } else {
                try db.execute(sql: "UPDATE grants SET status = 'denied' WHERE grant_id = ?", arguments: [id])
            }
            return .pending
        }
    }

    /// The device-code grant of RFC 8628 §3.4–3.5. An approved grant answers before any
    /// slow_down check: a client that polled early still gets its token (once).
    func pollGrant(marketplaceID: String, deviceCode: String) async throws -> MarketWire.TokenResponse {
        let date = now()
        let digest = Secrets.digest(deviceCode)
        // Refusals are returned, not thrown, so the poll time and raised interval are committed.
        return try await immediate { db -> Result<MarketWire.TokenResponse, APIFailure> in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT grant_id, status, expires_at, interval, last_polled_at, buyer_id FROM grants
                        WHERE marketplace_id = ? AND device_code_digest = ?
                        """, arguments: [marketplaceID, digest])
            else {
                throw APIFailure.oauth("invalid_grant", "The device code is not known here.")
            }
            let id: Int64 = row["grant_id"], status: String = row["status"]
            let expires: Double = row["expires_at"], interval: Int = row["interval"]
            let lastPolled: Double? = row["last_polled_at"]
            switch status {
            case "consumed": throw APIFailure.oauth("invalid_grant", "The device code was already used.")
            case "approved":
                try db.execute(sql: "UPDATE grants SET status = 'consumed' WHERE grant_id = ?", arguments: [id])
                let buyer: Int64 = row["buyer_id"]
                return .success(try self.issueTokens(db, grantID: id, buyerID: buyer, marketplaceID: marketplaceID, at: date))
            default: break
            }
            if expires <= date.timeIntervalSince1970 { return .failure(APIFailure.oauth("expired_token", "The device code has expired; start again.")) }
            if status == "denied" { return .failure(APIFailure.oauth("access_denied", "The request was denied.")) }
            if let lastPolled, date.timeIntervalSince1970 - lastPolled < Double(interval) {
                let raised = interval + DeviceAuthorization.slowDownIncrement
                try db.execute(
                    sql: "UPDATE grants SET interval = ?, last_polled_at = ? WHERE grant_id = ?",
                    arguments: [raised, date.timeIntervalSince1970, id])
                return .failure(APIFailure.oauth("slow_down", "Polled sooner than every \(interval) s; wait \(raised) s between polls.", interval: raised))
            }
            try db.execute(sql: "UPDATE grants SET last_polled_at = ? WHERE grant_id = ?", arguments: [date.timeIntervalSince1970, id])
            return .failure(APIFailure.oauth("authorization_pending", "The request has not been approved yet."))
        }.get()
    }

    private func issueTokens(_ db: Database, grantID: Int64, buyerID: Int64, marketplaceID: String, at date: Date) throws -> MarketWire.TokenResponse {
        let prefix = DemoPersona.forMarketplace(marketplaceID).orderPrefix.lowercased()
        let access = "\(prefix)_at_\(Secrets.token())", refresh = "\(prefix)_rt_\(Secrets.token())"
        for (token, kind, lifetime) in [(access, "access", Self.accessLifetime), (refresh, "refresh", Self.refreshLifetime)] {
            try db.execute(
                sql: """
                    INSERT INTO tokens (digest, kind, grant_id, buyer_id, marketplace_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Secrets.digest(token), kind, grantID, buyerID, marketplaceID, date.timeIntervalSince1970,
                    date.addingTimeInterval(lifetime).timeIntervalSince1970,
                ])
        }
        return MarketWire.TokenResponse(accessToken: access, tokenType: "Bearer", expiresIn: Int(Self.accessLifetime), refreshToken: refresh, scope: nil)
    }

    /// RFC 6749 §6 with rotation: the old refresh token (and its access token) end; a refresh
    /// token used twice ends the whole grant, since one of the two callers stole it.
    func refresh(marketplaceID: String, refreshToken: String) async throws -> MarketWire.TokenResponse {
        let date = now()
        let digest = Secrets.digest(refreshToken)
        return try await immediate { db -> Result<MarketWire.TokenResponse, APIFailure> in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT grant_id, buyer_id, expires_at, revoked FROM tokens WHERE digest = ? AND kind = 'refresh' AND marketplace_id = ?
                        """, arguments: [digest, marketplaceID])
            else {
                throw APIFailure.oauth("invalid_grant", "The refresh token is not known here.")
            }
            let grant: Int64 = row["grant_id"], buyer: Int64 = row["buyer_id"]
            let expires: Double = row["expires_at"], revoked: Bool = row["revoked"]
            if revoked {
                // Committed before the refusal goes out: the reuse ends the grant for good.
                try db.execute(sql: "UPDATE tokens SET revoked = 1 WHERE grant_id = ?", arguments: [grant])
                return .failure(APIFailure.oauth("invalid_grant", "The refresh token was already used or revoked; link again."))
            }
            if expires <= date.timeIntervalSince1970 { return .failure(APIFailure.oauth("invalid_grant", "The refresh token has expired; link again.")) }
            try db.execute(sql: "UPDATE tokens SET revoked = 1 WHERE grant_id = ?", arguments: [grant])
            return .success(try self.issueTokens(db, grantID: grant, buyerID: buyer, marketplaceID: marketplaceID, at: date))
        }.get()
    }

    /// RFC 7009: ends the token's grant (access and refresh alike); unknown tokens are fine.
    func revoke(marketplaceID: String, token: String) async throws {
        let digest = Secrets.digest(token)
        _ = try await immediate { db -> Bool in
            try db.execute(
                sql: """
                    UPDATE tokens SET revoked = 1 WHERE grant_id IN (SELECT grant_id FROM tokens WHERE digest = ? AND marketplace_id = ?)
                    """, arguments: [digest, marketplaceID])
            return true
        }
    }

    /// The buyer an access token belongs to, or a 401 problem.
    func buyer(marketplaceID: String, accessToken: String) async throws -> Int64 {
        let date = now().timeIntervalSince1970
        let digest = Secrets.digest(accessToken)
        let buyer = try await pool.read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT buyer_id FROM tokens WHERE digest = ? AND kind = 'access' AND marketplace_id = ? AND revoked = 0 AND expires_at > ?
                    """, arguments: [digest, marketplaceID, date])
        }
        guard let buyer else {
            throw APIFailure.problem(401, .unauthorized, "This access token is not valid here (revoked, expired or unknown); link the account again.")
        }
        return buyer
    }

    // MARK: - Stock

    /// Units in the database, seeded from the catalog the first time a variant is seen.
    private func seededUnits(_ db: Database, marketplaceID: String, product: Product, variant: Variant) throws -> Int {
        try db.execute(
            sql: "INSERT OR IGNORE INTO stock (marketplace_id, product_id, variant_id, units) VALUES (?, ?, ?, ?)",
            arguments: [marketplaceID, product.id, variant.id, max(0, variant.stock)])
        return try Int.fetchOne(
            db, sql: "SELECT units FROM stock WHERE marketplace_id = ? AND product_id = ? AND variant_id = ?",
            arguments: [marketplaceID, product.id, variant.id]) ?? 0
    }

    private func held(_ db: Database, marketplaceID: String, productID: String, variantID: String, exceptBuyer: Int64?, at date: Double) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT COALESCE(SUM(units), 0) FROM holds WHERE marketplace_id = ? AND product_id = ? AND variant_id = ? AND expires_at > ? AND buyer_id != ?
                """, arguments: [marketplaceID, productID, variantID, date, exceptBuyer ?? -1]) ?? 0
    }

    /// Live stock for GET /products of this marketplace's products named in `productIDs` (`?ids=`,
    /// or the one of `/products/{id}`), or of every one (nil): units less other buyers' live quote
    /// holds (every hold when the caller is anonymous).
    ///
    /// A fixed number of queries whatever the number of products: the stored units and the live
    /// holds are read once each into dictionaries (named products by the primary key, every
    /// product in one pass over the table; 10,000 products were once 60,000 queries), and a
    /// product's flash deals come from the catalog's deals grouped by product at start.
    func products(marketplaceID: String, productIDs: Set<String>?, buyerID: Int64? = nil) async throws -> [MarketWire.ProductStock] {
        let date = now().timeIntervalSince1970
        let products =
            productIDs.map { ids in ids.sorted().compactMap { catalog.product($0) }.filter { $0.marketplaceID == marketplaceID } }
            ?? catalog.products.filter { $0.marketplaceID == marketplaceID }
        if products.isEmpty { return [] }
        let named: [String]? = productIDs == nil ? nil : products.map(\.id)
        let scoped = named.map { " AND product_id IN (\(databaseQuestionMarks(count: $0.count)))" } ?? ""
        let scope = StatementArguments([marketplaceID] + (named ?? []))
        return try await pool.read { db in
            var stored: [VariantKey: Int] = [:]
            let units = try Row.fetchCursor(
                db, sql: "SELECT product_id, variant_id, units FROM stock WHERE marketplace_id = ?\(scoped)", arguments: scope)
            while let row = try units.next() { stored[VariantKey(product: row[0], variant: row[1])] = row[2] }
            var held: [VariantKey: Int] = [:]
            let holds = try Row.fetchCursor(
                db,
                sql: """
                    SELECT product_id, variant_id, SUM(units) FROM holds
                    WHERE marketplace_id = ?\(scoped) AND expires_at > ? AND buyer_id != ? GROUP BY product_id, variant_id
                    """, arguments: scope + [date, buyerID ?? -1])
            while let row = try holds.next() { held[VariantKey(product: row[0], variant: row[1])] = row[2] }
            return try products.map { product in
                let variants = product.variants.map { variant in
                    let key = VariantKey(product: product.id, variant: variant.id)
                    let available = (stored[key] ?? max(0, variant.stock)) - (held[key] ?? 0)
                    return MarketWire.VariantStock(variantID: variant.id, label: variant.label, price: product.price, available: max(0, available))
                }
                let deals = try self.runningDeals(db, self.dealsByProduct[product.id] ?? [], at: date)
                return MarketWire.ProductStock(productID: product.id, title: product.title, variants: variants, flashDeals: deals.isEmpty ? nil : deals)
            }
        }
    }

    /// A product's variant, as the stock and holds tables key it.
    private struct VariantKey: Hashable {
        var product: String
        var variant: String
    }

    /// Units this server sold at a deal's price since `since` (this run of the deal), to every
    /// buyer or to one.
    private static func soldAtDeal(_ db: Database, dealID: String, since: Double, buyerID: Int64? = nil) throws -> Int {
        if let buyerID {
            return try Int.fetchOne(
                db, sql: "SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE deal_id = ? AND placed_at >= ? AND buyer_id = ?",
                arguments: [dealID, since, buyerID]) ?? 0
        }
        return try Int.fetchOne(
            db, sql: "SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE deal_id = ? AND placed_at >= ?",
            arguments: [dealID, since]) ?? 0
    }

    /// Which of a product's flash deals run now, with units left as `price` counts them.
    private func runningDeals(_ db: Database, _ deals: [(LiveStream, FlashDeal)], at timestamp: Double) throws -> [MarketWire.DealOffer] {
        let date = Date(timeIntervalSince1970: timestamp)
        var offers: [MarketWire.DealOffer] = []
        for (live, deal) in deals {
            let position = live.dealCyclePosition(at: date)
            let cycleStart = timestamp - position
            let dealID = DealDesk.dealID(live: live, deal: deal)
            let soldHere = try Self.soldAtDeal(db, dealID: dealID, since: cycleStart)
            guard case .active(_, let unitsLeft) = deal.status(at: position, sold: deal.claimedByOthers(at: position) + soldHere) else { continue }
            let endsAt = date.addingTimeInterval(deal.startOffset + deal.duration - position)
            offers.append(
                MarketWire.DealOffer(
                    dealID: dealID, price: deal.dealPrice, endsAt: endsAt,
                    unitsLeft: unitsLeft, perBuyerLimit: deal.perBuyerLimit))
        }
        return offers
    }

    // MARK: - Pricing, quotes and orders

    /// Prices lines as `MarketPricing` does, with flash deals judged on this server's counts.
    /// Returns the quote and, per line index, why its deal price was refused.
    private func price(
        _ db: Database, lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, marketplace: Marketplace,
        buyerID: Int64, at date: Date
    ) throws -> (Quote, [Int: String]) {
        var refusals: [Int: String] = [:]
        var dealPrices: [Int: Money] = [:]
        var takenInThisOrder: [String: Int] = [:]
        let desk = DealDesk(catalog: catalog, orders: [], date: date)
        for (index, line) in lines.enumerated() {
            guard let dealID = line.dealID else { continue }
            guard let offer = desk.offer(id: dealID), offer.deal.productID == line.productID else {
                refusals[index] = "That flash deal is not running."
                continue
            }
            let position = offer.live.dealCyclePosition(at: date)
            let cycleStart = date.addingTimeInterval(-position).timeIntervalSince1970
            let soldHere = try Self.soldAtDeal(db, dealID: dealID, since: cycleStart)
            let buyerHere = try Self.soldAtDeal(db, dealID: dealID, since: cycleStart, buyerID: buyerID)
            let earlier = takenInThisOrder[dealID, default: 0]
            let sold = offer.deal.claimedByOthers(at: position) + soldHere + earlier
            if let refusal = offer.deal.refusal(quantity: line.quantity, at: position, sold: sold, boughtByThisBuyer: buyerHere + earlier) {
                refusals[index] = refusal
            } else {
                dealPrices[index] = offer.deal.dealPrice
                takenInThisOrder[dealID] = earlier + line.quantity
            }
        }
        let persona = DemoPersona.forMarketplace(marketplace.id)
        do {
            let quote = try MarketPricing.price(
                lines, shipTo: shipTo, voucherCode: voucherCode, at: date, marketplace: marketplace,
                catalog: catalog, persona: persona, speed: speed
            ) { index, _, _, _ in
                dealPrices[index]
            }
            return (quote, refusals)
        } catch {
            throw APIFailure.from(error)
        }
    }

    private static func validate(_ lines: [OrderLine]) throws {
        guard !lines.isEmpty else { throw APIFailure.problem(422, .invalidRequest, "There is nothing to order: the order has no lines.") }
        guard lines.count <= 100 else { throw APIFailure.problem(422, .invalidRequest, "An order holds at most 100 lines.") }
        // Checked before anything adds money: `Money.+` traps on mixed currencies.
        let currency = lines[0].unitPrice.currency
        guard lines.allSatisfy({ $0.unitPrice.currency == currency }) else {
            throw APIFailure.problem(422, .invalidRequest, "All lines of one order must be priced in one currency.")
        }
    }

    /// Units wanted per variant (one variant may be on several lines, e.g. deal and regular).
    private static func wanted(_ lines: [OrderLine]) -> [(productID: String, variantID: String, title: String, label: String, units: Int)] {
        var order: [String] = []
        var totals: [String: (String, String, String, String, Int)] = [:]
        for line in lines {
            let key = "\(line.productID)\u{0}\(line.variantID)"
            if let existing = totals[key] {
                totals[key] = (existing.0, existing.1, existing.2, existing.3, existing.4 + line.quantity)
            } else {
                order.append(key)
                totals[key] = (line.productID, line.variantID, line.title, line.variantLabel, line.quantity)
            }
        }
        return order.compactMap { totals[$0] }.map { ($0.0, $0.1, $0.2, $0.3, $0.4) }
    }

    /// Checks stock (less other buyers' holds) for priced lines, or throws 409 outOfStock.
    private func checkStock(_ db: Database, quote: Quote, marketplaceID: String, buyerID: Int64, at date: Double) throws -> [(String, String, Int)] {
        var taken: [(String, String, Int)] = []
        for want in Self.wanted(quote.lines) {
            guard let product = catalog.product(want.productID), let variant = product.variant(want.variantID) else { continue }
            let units = try seededUnits(db, marketplaceID: marketplaceID, product: product, variant: variant)
            let available = units - (try held(db, marketplaceID: marketplaceID, productID: product.id, variantID: variant.id, exceptBuyer: buyerID, at: date))
            if available < want.units {
                throw APIFailure.problem(
                    409, .outOfStock,
                    available <= 0
                        ? "\"\(product.title)\" (\(variant.label)) is sold out."
                        : "Only \(available) of \"\(product.title)\" (\(variant.label)) left; lower the quantity.")
            }
            taken.append((product.id, variant.id, want.units))
        }
        return taken
    }

    func marketplace(_ id: String) -> Marketplace? { catalog.marketplaces.first { $0.id == id } }

    /// POST /quotes: prices the lines and holds their stock for this buyer for five minutes.
    func quote(marketplace: Marketplace, buyerID: Int64, body: MarketWire.QuoteBody) async throws -> Quote {
        try Self.validate(body.lines)
        let date = now()
        return try await immediate { db in
            var (quote, _) = try self.price(
                db, lines: body.lines, shipTo: body.shipTo, voucherCode: body.voucherCode,
                marketplace: marketplace, buyerID: buyerID, at: date)
            let held = try self.checkStock(db, quote: quote, marketplaceID: marketplace.id, buyerID: buyerID, at: date.timeIntervalSince1970)
            // A buyer's newer quote replaces the older hold (one checkout at a time).
            try db.execute(
                sql: "DELETE FROM holds WHERE (buyer_id = ? AND marketplace_id = ?) OR expires_at <= ?",
                arguments: [buyerID, marketplace.id, date.timeIntervalSince1970])
            let quoteID = "q_\(Secrets.token(bytes: 12))"
            let expires = date.addingTimeInterval(Self.holdLifetime)
            for (product, variant, units) in held {
                try db.execute(
                    sql: """
                        INSERT INTO holds (quote_id, buyer_id, marketplace_id, product_id, variant_id, units, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [quoteID, buyerID, marketplace.id, product, variant, units, expires.timeIntervalSince1970])
            }
            quote.quoteID = quoteID
            quote.holdExpiresAt = expires
            return quote
        }
    }

    /// POST /orders. Returns the order and whether it was created now (201) or replayed (200).
    func placeOrder(marketplace: Marketplace, buyerID: Int64, idempotencyKey: String, body: MarketWire.OrderBody) async throws -> (PlacedOrder, Bool) {
        try Self.validate(body.lines)
        let date = now()
        let requestDigest = Secrets.digest(String(decoding: try MarketWire.encoder().encode(body), as: UTF8.self))
        let persona = DemoPersona.forMarketplace(marketplace.id)
        return try await immediate { db in
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT request_digest, placed_order FROM orders WHERE marketplace_id = ? AND buyer_id = ? AND idempotency_key = ?
                    """, arguments: [marketplace.id, buyerID, idempotencyKey])
            {
                let digest: String = row["request_digest"], json: String = row["placed_order"]
                guard digest == requestDigest else {
                    throw APIFailure.problem(
                        422, .invalidRequest, "This Idempotency-Key was already used for a different order; use a new key for a new order.")
                }
                return (try MarketWire.decoder().decode(PlacedOrder.self, from: Data(json.utf8)), false)
            }
            let (quote, refusals) = try self.price(
                db, lines: body.lines, shipTo: body.shipTo, voucherCode: body.voucherCode,
                marketplace: marketplace, buyerID: buyerID, at: date)
            for (index, (asked, current)) in zip(body.lines, quote.lines).enumerated() where asked.unitPrice != current.unitPrice {
                if let refusal = refusals[index] {
                    let soldOut = refusal.contains("sold out") || refusal.contains("left at the deal price")
                    throw APIFailure.problem(409, soldOut ? .outOfStock : .priceChanged, "\(refusal) \"\(current.title)\" now costs \(current.unitPrice).")
                }
                throw APIFailure.problem(
                    409, .priceChanged, "\"\(current.title)\" now costs \(current.unitPrice) (was \(asked.unitPrice)); review and confirm again.")
            }
            if let expected = body.expectedTotal, expected != quote.total {
                throw APIFailure.problem(
                    409, .priceChanged, "The total at \(marketplace.name) is now \(quote.total) (you confirmed \(expected)); review and confirm again.")
            }
            let taken = try self.checkStock(db, quote: quote, marketplaceID: marketplace.id, buyerID: buyerID, at: date.timeIntervalSince1970)
            for (product, variant, units) in taken {
                try db.execute(
                    sql: "UPDATE stock SET units = units - ? WHERE marketplace_id = ? AND product_id = ? AND variant_id = ?",
                    arguments: [units, marketplace.id, product, variant])
            }
            var orderID = ""
            repeat {
                orderID = "\(persona.orderPrefix)-\(Int.random(in: 100...999))-\(Int.random(in: 1_000_000...9_999_999))"
            } while try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE order_id = ?", arguments: [orderID]) ?? 0 > 0
            let order = PlacedOrder(
                orderID: orderID, marketplaceID: marketplace.id, idempotencyKey: idempotencyKey, placedAt: date,
                quote: quote, paymentMethod: persona.paymentMethod)
            let json = String(decoding: try MarketWire.encoder().encode(order), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO orders (order_id, idempotency_key, marketplace_id, buyer_id, placed_at, request_digest, placed_order) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [orderID, idempotencyKey, marketplace.id, buyerID, date.timeIntervalSince1970, requestDigest, json])
            for line in quote.lines {
                try db.execute(
                    sql: """
                        INSERT INTO order_lines (order_id, marketplace_id, buyer_id, product_id, variant_id, deal_id, quantity, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [orderID, marketplace.id, buyerID, line.productID, line.variantID, line.dealID, line.quantity, date.timeIntervalSince1970])
            }
            try db.execute(sql: "DELETE FROM holds WHERE buyer_id = ? AND marketplace_id = ?", arguments: [buyerID, marketplace.id])
            return (order, true)
        }
    }

    func order(marketplaceID: String, buyerID: Int64, idempotencyKey: String) async throws -> PlacedOrder? {
        let json = try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT placed_order FROM orders WHERE marketplace_id = ? AND buyer_id = ? AND idempotency_key = ?",
                arguments: [marketplaceID, buyerID, idempotencyKey])
        }
        return try json.map { try MarketWire.decoder().decode(PlacedOrder.self, from: Data($0.utf8)) }
    }

    func status(marketplaceID: String, buyerID: Int64, orderID: String) async throws -> OrderStatusReport? {
        let json = try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT placed_order FROM orders WHERE marketplace_id = ? AND buyer_id = ? AND order_id = ?",
                arguments: [marketplaceID, buyerID, orderID])
        }
        guard let json else { return nil }
        let order = try MarketWire.decoder().decode(PlacedOrder.self, from: Data(json.utf8))
        // The delivery estimate is already on the fast clock (`MarketPricing` divides by the
        // speed), so the timeline runs at 1: tracking says delivered exactly at the estimate.
        var report = OrderTimeline.report(
            orderID: orderID, placedAt: order.placedAt, deliveryEstimate: order.quote.deliveryEstimate,
            now: now(), speed: 1)
        if report.status != .placed {
            report.trackingNumber = "1Z" + Secrets.digest("tracking:" + orderID).prefix(16).uppercased()
        }
        return report
    }
}

/// Random secrets: device codes, tokens, quote ids, the page's form-token key.
enum Secrets {
    static func token(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of `text` (UTF-8) as 64 lower-case hex digits: what the database keeps of a
    /// device code or token (swift-crypto).
    static func digest(_ text: String) -> String {
        Crypto.SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// HMAC-SHA256 (RFC 2104) as lower-case hex (swift-crypto).
    static func hmac(key: [UInt8], message: String) -> String {
        HMAC<Crypto.SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Compares without stopping at the first difference.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
