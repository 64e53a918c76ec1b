import Foundation

/// A marketplace held in memory, for tests and previews (it ships as code, like swift-nio's
/// `NIOEmbedded`). Fixed prices, a flat shipping fee, no tax unless set; failures can be
/// injected per call, and every call is counted.
public final class InMemoryMarketplace: MarketplaceService, @unchecked Sendable {
    public let id: String
    public let name: String
    public let profileTemplate: LinkedProfile
    private let lock = NSLock()
    private let now: @Sendable () -> Date
    // All below guarded by `lock`.
    private var links: [String: (code: UserCode, approved: Bool?)] = [:]
    private var tokens: Set<String> = []
    private var orders: [String: PlacedOrder] = [:]
    private var _prices: [CartLineKey: Money] = [:]
    private var _failPlacement: MarketplaceError?
    private var _failQuote: MarketplaceError?
    private var _placeCalls = 0
    private var _lookupCalls = 0
    private var _placementDelay: Duration = .zero
    private var _loseAnswers = false
    private var _shippingFee: Int
    private var _taxBasisPoints: Int
    private var _deliveryDays: Int
    private var _stock: [StockLevel] = []
    private var _failStock: MarketplaceError?
    private var _onStock: (@Sendable (Set<String>) -> Void)?

    public init(
        id: String, name: String, profile: LinkedProfile? = nil, shippingFee: Int = 500, taxBasisPoints: Int = 0,
        deliveryDays: Int = 3, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.id = id
        self.name = name
        profileTemplate =
            profile
            ?? LinkedProfile(
                marketplaceID: id, name: "Test Buyer", maskedEmail: "t•••••@example.com",
                shippingAddress: ShippingAddress(name: "Test Buyer", line1: "1 Test Way", city: "Testville", region: "TS", postalCode: "00001", country: "US"),
                paymentMethod: PaymentMethod(brand: "Visa", last4: "0005"))
        _shippingFee = shippingFee
        _taxBasisPoints = taxBasisPoints
        _deliveryDays = deliveryDays
        self.now = now
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: - Test controls

    /// Makes every `placeOrder` fail with this error (nil: succeed).
    public func failPlacement(with error: MarketplaceError?) { locked { _failPlacement = error } }
    public func failQuote(with error: MarketplaceError?) { locked { _failQuote = error } }
    /// The marketplace's own price for a line (else the price the line asks for).
    public func setPrice(_ price: Money, for key: CartLineKey) { locked { _prices[key] = price } }
    /// How many times `placeOrder` was called (including repeats of a key).
    public var placeCalls: Int { locked { _placeCalls } }
    /// How many times `order(idempotencyKey:)` was asked.
    public var lookupCalls: Int { locked { _lookupCalls } }
    /// Makes `placeOrder` take this long before it answers (two checkouts racing).
    public func delayPlacement(by delay: Duration) { locked { _placementDelay = delay } }
    /// Places orders but fails every `placeOrder` answer with `.unavailable`, as a network that
    /// drops the response would: the order exists, the caller does not know.
    public func loseAnswers(_ lose: Bool) { locked { _loseAnswers = lose } }
    /// What `stock(of:)` answers for the products asked (nothing by default), or its error.
    public func setStock(_ levels: [StockLevel]) { locked { _stock = levels } }
    public func failStock(with error: MarketplaceError?) { locked { _failStock = error } }
    /// Called at each `stock(of:)` request with the products asked, before it answers (tests:
    /// when and for what was it asked).
    public func onStock(_ body: (@Sendable (Set<String>) -> Void)?) { locked { _onStock = body } }
    /// Distinct orders created.
    public var orderCount: Int { locked { orders.count } }
    /// Approves or denies the link showing this code, as a phone would.
    public func decide(userCode: UserCode, approve: Bool) {
        locked {
            for (device, link) in links where link.code == userCode { links[device] = (link.code, approve) }
        }
    }
    /// Issues a token directly, skipping the link flow.
    public func issueToken() -> AccessToken {
        let token = AccessToken.random(prefix: "mem")
        locked { _ = tokens.insert(token.unredactedValue) }
        return token
    }

    // MARK: - MarketplaceService

    public func startLink() async throws(MarketplaceError) -> DeviceAuthorization {
        let device = DeviceCode.random(), code = UserCode.random(), date = now()
        locked { links[device.unredactedValue] = (code, nil) }
        return DeviceAuthorization(
            marketplaceID: id, deviceCode: device, userCode: code, verificationURI: "https://\(id).test/link",
            issuedAt: date, expiresAt: date.addingTimeInterval(DeviceAuthorization.lifetime), interval: DeviceAuthorization.defaultInterval)
    }

    public func pollLink(deviceCode: DeviceCode) async throws(MarketplaceError) -> LinkPollResult {
        let result: LinkPollResult? = locked {
            guard let link = links[deviceCode.unredactedValue] else { return nil }
            switch link.approved {
            case nil: return .pending
            case false?:
                links[deviceCode.unredactedValue] = nil
                return .denied
            case true?:
                links[deviceCode.unredactedValue] = nil
                let token = AccessToken.random(prefix: "mem")
                tokens.insert(token.unredactedValue)
                return .linked(token)
            }
        }
        guard let result else { throw MarketplaceError(.invalidCode, "This link is no longer known to \(name); start linking again.") }
        return result
    }

    public func profile(token: AccessToken) async throws(MarketplaceError) -> LinkedProfile {
        try authorize(token)
        return profileTemplate
    }

    public func quote(lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, token: AccessToken) async throws(MarketplaceError) -> Quote {
        try authorize(token)
        if let error = locked({ _failQuote }) { throw error }
        return try price(lines, shipTo: shipTo, voucherCode: voucherCode)
    }

    public func placeOrder(_ request: PlaceOrderRequest, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder {
        try authorize(token)
        let (existing, failure): (PlacedOrder?, MarketplaceError?) = locked {
            _placeCalls += 1
            return (orders[request.idempotencyKey], _failPlacement)
        }
        if let existing { return existing }
        if let failure { throw failure }
        let delay = locked { _placementDelay }
        if delay > .zero { try? await Task.sleep(for: delay) }
        let quote = try price(request.lines, shipTo: request.shipTo, voucherCode: request.voucherCode)
        for (asked, charged) in zip(request.lines, quote.lines) where asked.unitPrice != charged.unitPrice {
            throw MarketplaceError(.priceChanged, "\"\(charged.title)\" now costs \(charged.unitPrice) (was \(asked.unitPrice)); review and confirm again.")
        }
        let (order, lost): (PlacedOrder, Bool) = locked {
            if let raced = orders[request.idempotencyKey] { return (raced, _loseAnswers) }
            let order = PlacedOrder(
                orderID: "\(id.uppercased())-\(orders.count + 1)", marketplaceID: id, idempotencyKey: request.idempotencyKey,
                placedAt: now(), quote: quote, paymentMethod: profileTemplate.paymentMethod)
            orders[request.idempotencyKey] = order
            return (order, _loseAnswers)
        }
        if lost { throw MarketplaceError(.unavailable, "\(name) did not answer.") }
        return order
    }

    public func order(idempotencyKey: String, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder? {
        try authorize(token)
        return locked {
            _lookupCalls += 1
            return orders[idempotencyKey]
        }
    }

    public func orderStatus(orderID: String, token: AccessToken) async throws(MarketplaceError) -> OrderStatusReport {
        try authorize(token)
        guard let order = locked({ orders.values.first { $0.orderID == orderID } }) else {
            throw MarketplaceError(.unknownOrder, "\(name) has no order \(orderID).")
        }
        return OrderTimeline.report(orderID: orderID, placedAt: order.placedAt, deliveryEstimate: order.quote.deliveryEstimate, now: now(), speed: 1)
    }

    public func unlink(token: AccessToken) async throws(MarketplaceError) {
        locked { _ = tokens.remove(token.unredactedValue) }
    }

    public func stock(of productIDs: Set<String>) async throws(MarketplaceError) -> [StockLevel] {
        let (levels, failure, observer) = locked { (_stock, _failStock, _onStock) }
        observer?(productIDs)
        if let failure { throw failure }
        return levels.filter { productIDs.contains($0.productID) }
    }

    private func authorize(_ token: AccessToken) throws(MarketplaceError) {
        guard locked({ tokens.contains(token.unredactedValue) }) else {
            throw MarketplaceError(.unauthorized, "\(name) no longer accepts this link; link the account again.")
        }
    }

    private func price(_ lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?) throws(MarketplaceError) -> Quote {
        guard let first = lines.first else { throw MarketplaceError(.invalidRequest, "There is nothing to order from \(name).") }
        if let voucherCode, !voucherCode.isEmpty {
            throw MarketplaceError(.voucherRejected, "\(name) does not accept the voucher \"\(voucherCode)\".")
        }
        let (prices, fee, bps, days) = locked { (_prices, _shippingFee, _taxBasisPoints, _deliveryDays) }
        let priced = lines.map { line -> OrderLine in
            var line = line
            if let price = prices[line.key] { line.unitPrice = price }
            return line
        }
        let currency = first.unitPrice.currency
        let subtotal = priced.reduce(Money.zero(currency)) { $0 + $1.total }
        let shipping = Money(minorUnits: fee, currency: currency)
        let tax = Money(minorUnits: (subtotal.minorUnits * bps + 5_000) / 10_000, currency: currency)
        return Quote(
            marketplaceID: id, lines: priced, shipTo: shipTo, subtotal: subtotal, discount: .zero(currency), shipping: shipping,
            tax: tax, total: subtotal + shipping + tax, deliveryEstimate: now().addingTimeInterval(Double(days) * 86_400))
    }
}
