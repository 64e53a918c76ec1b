import Foundation
import ShopCore
@testable import ShopUI

/// Marketplace values built in code for the link, checkout and orders tests.
enum MarketFixtures {
    static let now = Fixtures.date
    static func usd(_ cents: Int) -> Money { Money(minorUnits: cents, currency: "USD") }

    static func authorization(_ id: String = "riverstone", code: String = "BCDF-GHJK", at date: Date = now) -> DeviceAuthorization {
        DeviceAuthorization(
            marketplaceID: id, deviceCode: DeviceCode(unredactedValue: "dvc_never_on_screen"),
            userCode: UserCode(parsing: code) ?? UserCode.random(), verificationURI: "https://\(id).example/link",
            issuedAt: date, expiresAt: date.addingTimeInterval(600), interval: 5)
    }

    static func profile(_ id: String) -> LinkedProfile {
        id == "riverstone"
            ? LinkedProfile(
                marketplaceID: id, name: "Alex Rivera", maskedEmail: "a•••••@example.com",
                shippingAddress: ShippingAddress(
                    name: "Alex Rivera", line1: "1420 NW Alder St", city: "Portland", region: "OR", postalCode: "97209", country: "US"),
                paymentMethod: PaymentMethod(brand: "Visa", last4: "4242"),
                membership: Membership(name: "Riverstone Plus", deliveryDays: 2, freeShipping: true))
            : LinkedProfile(
                marketplaceID: id, name: "Alex Rivera", maskedEmail: "a•••••@example.com",
                shippingAddress: ShippingAddress(
                    name: "Alex Rivera", line1: "77 Foundry Lane", city: "Providence", region: "RI", postalCode: "02903", country: "US"),
                paymentMethod: PaymentMethod(brand: "Mastercard", last4: "5100"))
    }

    static func account(_ id: String) -> LinkedAccount {
        LinkedAccount(marketplaceID: id, profile: profile(id), linkedAt: now)
    }

    /// A quote at the catalog's current prices, shipping $3.99, tax $1.00, arriving 3 days on.
    static func quote(_ group: CheckoutGroup, voucher: AppliedVoucher? = nil) -> Quote {
        let lines = group.orderableLines.map { line -> OrderLine in
            var orderLine = line.orderLine
            orderLine.unitPrice = line.currentUnitPrice ?? line.acceptedUnitPrice
            return orderLine
        }
        let subtotal = lines.reduce(usd(0)) { $0 + $1.unitPrice.times($1.quantity) }
        let discount = voucher == nil ? usd(0) : usd(subtotal.minorUnits / 10)
        let total = subtotal - discount + usd(399) + usd(100)
        return Quote(
            marketplaceID: group.marketplaceID, lines: lines, shipTo: profile(group.marketplaceID).shippingAddress,
            subtotal: subtotal, discount: discount, shipping: usd(399), tax: usd(100), total: total,
            deliveryEstimate: now.addingTimeInterval(3 * 86_400), voucher: voucher)
    }

    /// What the coordinator would answer: linked marketplaces quoted, the others `.needsLink`.
    static func quoted(_ plan: CheckoutPlan, linked: Set<String> = ["riverstone", "lumen"]) -> CheckoutPlan {
        var plan = plan
        for index in plan.groups.indices where plan.groups[index].order == nil {
            let id = plan.groups[index].marketplaceID
            if linked.contains(id) {
                plan.groups[index].account = account(id)
                let voucher = plan.groups[index].voucherCode.map { AppliedVoucher(code: $0, summary: "10% off the items") }
                plan.groups[index].status = .quoted(quote(plan.groups[index], voucher: voucher))
            } else {
                plan.groups[index].status = .needsLink
            }
        }
        return plan
    }

    static func order(_ group: CheckoutGroup, id: String, status: OrderStatus = .placed) -> Order {
        let quote = group.quote ?? self.quote(group)
        var order = Order(
            placed: PlacedOrder(
                orderID: id, marketplaceID: group.marketplaceID, idempotencyKey: group.idempotencyKey,
                placedAt: now, quote: quote, paymentMethod: profile(group.marketplaceID).paymentMethod),
            marketplaceName: group.marketplace.name)
        if status > .placed {
            let report = OrderTimeline.report(
                orderID: id, placedAt: now, deliveryEstimate: quote.deliveryEstimate,
                now: now.addingTimeInterval(3 * 86_400 * (status == .shipped ? 0.5 : 1)), speed: 1)
            order.apply(report, at: now)
        }
        return order
    }

    /// A state with a riverstone and a lumen line in the cart (the clip's price moved since:
    /// 1299 in the catalog, 1299 here unless `clipCents` says otherwise).
    static func stateWithCart(clipCents: Int = 1299, width: Int = 80, height: Int = 24) -> AppState {
        var state = Fixtures.state(width, height)
        state.market = MarketState(now: now, sessionID: "test")
        var cart = Cart()
        _ = cart.add(CartLineKey(productID: "clip", variantID: "black"), quantity: 1, unitPrice: usd(clipCents), at: now)
        _ = cart.add(CartLineKey(productID: "mug", variantID: "sky"), quantity: 2, unitPrice: usd(1800), at: now)
        state.cart = cart
        return state
    }
}

extension AppState {
    var checkout: CheckoutState? {
        if case .checkout(let checkout) = top { return checkout }
        return nil
    }

    var linkScreen: LinkScreenState? {
        if case .link(let screen) = top { return screen }
        return nil
    }

    /// Sends a marketplace action.
    @discardableResult
    mutating func market(_ action: MarketAction) -> [Effect] { Reducer.reduce(&self, .market(action)) }

    @discardableResult
    mutating func key(_ key: Key) -> [Effect] { Reducer.reduce(&self, .key(key)) }
}
