import Foundation
import ShopCore

/// A marketplace double for unit tests: the reference marketplace's rules (the same
/// `DemoPersona` figures) kept in a JSON file under a state directory (`FileMarketplaceStore`),
/// so tests can share it between "windows", kill writes, and move a manual clock. Never part of
/// the product: the storefront, CLI and `serve` speak HTTP to a marketplace server
/// (ShopMarketHTTP, ShopMarketServer); this was the storefront's embedded demo before that.
public struct FileMarketplace: MarketplaceService, DemoShopperApproving {
    public let id: String
    public let name: String
    public let persona: DemoPersona
    public let store: FileMarketplaceStore
    /// How much faster than real time orders progress (1440: a day a minute).
    public let speed: Double
    private let catalog: Catalog
    private let marketplace: Marketplace
    private let now: @Sendable () -> Date

    public static let defaultSpeed = MarketSpeed.standard

    public init(
        marketplace: Marketplace, catalog: Catalog, store: FileMarketplaceStore, persona: DemoPersona? = nil,
        speed: Double = FileMarketplace.defaultSpeed, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        id = marketplace.id
        name = marketplace.name
        self.marketplace = marketplace
        self.persona = persona ?? DemoPersona.forMarketplace(marketplace.id)
        self.catalog = catalog
        self.store = store
        self.speed = speed > 0 ? speed : 1
        self.now = now
    }

    // MARK: - Linking (RFC 8628)

    public func startLink() async throws(MarketplaceError) -> DeviceAuthorization {
        let date = now()
        let deviceCode = DeviceCode.random()
        let marketplaceID = id
        let code: UserCode
        do {
            code = try store.document.update { state -> UserCode in
                state.prune(now: date)
                var code = UserCode.random()
                // A live code must name one link only.
                while state.links.contains(where: { $0.userCode == code && $0.expiresAt > date }) { code = UserCode.random() }
                state.links.append(
                    .init(
                        marketplaceID: marketplaceID, deviceCodeDigest: Digest.of(deviceCode.unredactedValue), userCode: code, issuedAt: date,
                        expiresAt: date.addingTimeInterval(DeviceAuthorization.lifetime),
                        interval: DeviceAuthorization.defaultInterval, lastPolledAt: nil, decision: .pending))
                return code
            }.result
        } catch {
            throw .storage(error)
        }
        return DeviceAuthorization(
            marketplaceID: id, deviceCode: deviceCode, userCode: code, verificationURI: persona.verificationURI,
            verificationURIComplete: "\(persona.verificationURI)?user_code=\(code.display)", issuedAt: date,
            expiresAt: date.addingTimeInterval(DeviceAuthorization.lifetime), interval: DeviceAuthorization.defaultInterval)
    }

    public func pollLink(deviceCode: DeviceCode) async throws(MarketplaceError) -> LinkPollResult {
        let date = now()
        let marketplaceID = id
        let digest = Digest.of(deviceCode.unredactedValue)
        do {
            return try store.document.update { state throws(MarketplaceError) -> LinkPollResult in
                guard
                    let index = state.links.firstIndex(where: {
                        $0.marketplaceID == marketplaceID && $0.deviceCodeDigest == digest
                    })
                else {
                    throw MarketplaceError(.invalidCode, "This link is no longer known to \(name); start linking again.")
                }
                let link = state.links[index]
                if link.expiresAt <= date {
                    state.links.remove(at: index)
                    return .expired
                }
                switch link.decision {
                case .denied:
                    state.links.remove(at: index)
                    return .denied
                case .approved:
                    state.links.remove(at: index)
                    let token = AccessToken.random(prefix: persona.orderPrefix.lowercased())
                    state.tokens.append(.init(marketplaceID: marketplaceID, token: token, issuedAt: date))
                    return .linked(token)
                case .pending:
                    if let last = link.lastPolledAt, date.timeIntervalSince(last) < Double(link.interval) {
                        state.links[index].interval += DeviceAuthorization.slowDownIncrement
                        state.links[index].lastPolledAt = date
                        return .slowDown(interval: state.links[index].interval)
                    }
                    state.links[index].lastPolledAt = date
                    return .pending
                }
            }.result
        } catch {
            throw .storage(error)
        }
    }

    public func profile(token: AccessToken) async throws(MarketplaceError) -> LinkedProfile {
        try authorize(token)
        var profile = persona.profile
        profile.marketplaceID = id
        return profile
    }

    public func unlink(token: AccessToken) async throws(MarketplaceError) {
        let marketplaceID = id
        do {
            let digest = Digest.of(token.unredactedValue)
            try store.document.update { state in
                state.tokens.removeAll { $0.marketplaceID == marketplaceID && $0.digest == digest }
            }
        } catch {
            throw .storage(error)
        }
    }

    // MARK: - Buying

    /// The catalog's stock (the double never sells a unit).
    public func stock(of productIDs: Set<String>) async throws(MarketplaceError) -> [StockLevel] {
        productIDs.compactMap { catalog.product($0) }.filter { $0.marketplaceID == id }.flatMap { product in
            product.variants.map { StockLevel(productID: product.id, variantID: $0.id, available: $0.stock) }
        }
    }

    public func quote(lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, token: AccessToken) async throws(MarketplaceError) -> Quote {
        try authorize(token)
        return try price(lines, shipTo: shipTo, voucherCode: voucherCode, at: now())
    }

    public func placeOrder(_ request: PlaceOrderRequest, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder {
        try authorize(token)
        let date = now()
        let marketplaceID = id
        do {
            return try store.document.update { state throws(MarketplaceError) -> PlacedOrder in
                // Checked first and under the lock: a repeated key is the same order, even if
                // prices moved since.
                if let existing = state.orders.first(where: { $0.marketplaceID == marketplaceID && $0.idempotencyKey == request.idempotencyKey }) {
                    return existing
                }
                let quote = try price(request.lines, shipTo: request.shipTo, voucherCode: request.voucherCode, at: date)
                for (asked, current) in zip(request.lines, quote.lines) where asked.unitPrice != current.unitPrice {
                    throw MarketplaceError(
                        .priceChanged, "\"\(current.title)\" now costs \(current.unitPrice) (was \(asked.unitPrice)); review and confirm again.")
                }
                if let expected = request.expectedTotal, expected != quote.total {
                    throw MarketplaceError(.priceChanged, "The total at \(name) is now \(quote.total) (you confirmed \(expected)); review and confirm again.")
                }
                let order = PlacedOrder(
                    orderID: newOrderID(existing: Set(state.orders.map(\.orderID))), marketplaceID: marketplaceID,
                    idempotencyKey: request.idempotencyKey, placedAt: date, quote: quote, paymentMethod: persona.paymentMethod)
                state.orders.append(order)
                return order
            }.result
        } catch {
            throw .storage(error)
        }
    }

    /// From test-marketplace.json, the demo's "server side", which every process shares.
    public func order(idempotencyKey: String, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder? {
        try authorize(token)
        let state: FileMarketplaceState
        do { state = try store.document.load().document } catch { throw .storage(error) }
        return state.orders.first { $0.marketplaceID == id && $0.idempotencyKey == idempotencyKey }
    }

    public func orderStatus(orderID: String, token: AccessToken) async throws(MarketplaceError) -> OrderStatusReport {
        try authorize(token)
        let state: FileMarketplaceState
        do { state = try store.document.load().document } catch { throw .storage(error) }
        guard let order = state.orders.first(where: { $0.marketplaceID == id && $0.orderID == orderID }) else {
            throw MarketplaceError(.unknownOrder, "\(name) has no order \(orderID).")
        }
        // The estimate is already on the demo's fast clock (see `price`).
        return OrderTimeline.report(
            orderID: orderID, placedAt: order.placedAt, deliveryEstimate: order.quote.deliveryEstimate, now: now(), speed: 1)
    }

    public func answerAsDemoShopper(userCode: UserCode, approve: Bool) async throws(MarketplaceError) {
        if approve { try store.approve(userCode: userCode.display) } else { try store.deny(userCode: userCode.display) }
    }

    // MARK: - Private

    private func authorize(_ token: AccessToken) throws(MarketplaceError) {
        let state: FileMarketplaceState
        do { state = try store.document.load().document } catch { throw .storage(error) }
        guard state.hasToken(token, for: id) else {
            throw MarketplaceError(.unauthorized, "\(name) no longer accepts this link; link the account again.")
        }
    }

    /// Prices lines as the reference server does (`MarketPricing`), with the catalog's stock (the
    /// double never sells a unit: stock moves only at a real marketplace) and a flash deal honoured
    /// while it runs (the buyer's earlier orders are counted by the app here).
    private func price(_ lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, at date: Date) throws(MarketplaceError) -> Quote {
        for line in lines {
            guard let product = catalog.product(line.productID), let variant = product.variant(line.variantID),
                variant.stock < line.quantity
            else { continue }
            throw MarketplaceError(
                .outOfStock,
                variant.stock == 0
                    ? "\"\(product.title)\" (\(variant.label)) is out of stock."
                    : "Only \(variant.stock) of \"\(product.title)\" (\(variant.label)) left; lower the quantity.")
        }
        let catalog = catalog
        return try MarketPricing.price(
            lines, shipTo: shipTo, voucherCode: voucherCode, at: date, marketplace: marketplace, catalog: catalog,
            persona: persona, speed: speed,
            dealPrice: { _, line, product, variant in
                DealDesk(catalog: catalog, orders: [], date: date).unitPrice(
                    for: CartLine(
                        productID: product.id, variantID: variant.id, quantity: line.quantity, unitPrice: line.unitPrice,
                        addedAt: date, dealID: line.dealID))
            })
    }

    private func newOrderID(existing: Set<String>) -> String {
        while true {
            let candidate = "\(persona.orderPrefix)-\(Int.random(in: 100...999))-\(Int.random(in: 1_000_000...9_999_999))"
            if !existing.contains(candidate) { return candidate }
        }
    }
}
