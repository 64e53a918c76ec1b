import Foundation

/// The effect runner's side of checkout: quotes a plan and places it marketplace by marketplace,
/// then records the orders and takes exactly the ordered lines out of the cart.
///
/// Both calls take a plan and return a new one (never throw): a failure belongs to its group, so
/// one marketplace failing never stops the others.
public struct CheckoutCoordinator: Sendable {
    public let registry: MarketplaceRegistry
    public let accounts: AccountStore
    public let orders: OrderStore
    public let cart: JSONDocumentStore<Cart>
    private let now: @Sendable () -> Date

    public init(
        registry: MarketplaceRegistry, accounts: AccountStore, orders: OrderStore, cart: CartStore,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.registry = registry
        self.accounts = accounts
        self.orders = orders
        self.cart = cart.document
        self.now = now
    }

    /// Everything a checkout needs, from one state directory, with the demo marketplaces.
    public init(stateDirectory: StateDirectory, catalog: Catalog, registry: MarketplaceRegistry, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(
            registry: registry, accounts: AccountStore(stateDirectory: stateDirectory, now: now),
            orders: OrderStore(stateDirectory: stateDirectory, now: now),
            cart: CartStore(stateDirectory: stateDirectory, catalog: catalog, now: now), now: now)
    }

    // MARK: - Quote

    /// Quotes every group not yet placed: ship-to from the linked profile, the voucher if any.
    /// Groups without a linked account come back `.needsLink`; quote again after linking.
    public func quote(_ plan: CheckoutPlan) async -> CheckoutPlan {
        var plan = plan
        for index in plan.groups.indices where plan.groups[index].order == nil {
            plan.groups[index] = await quote(plan.groups[index])
        }
        return plan
    }

    /// Quotes one group.
    public func quote(_ group: CheckoutGroup) async -> CheckoutGroup {
        var group = group
        let lines = group.orderableLines.map(\.orderLine)
        guard !lines.isEmpty else {
            let reasons = group.blockedLines.map { "\"\($0.title)\" is \($0.availability.label ?? "unavailable")" }
            group.status = .failed(MarketplaceError(.outOfStock, "Nothing from \(group.marketplace.name) can be ordered: \(reasons.joined(separator: "; "))."))
            return group
        }
        guard let service = registry.service(for: group.marketplaceID) else {
            group.status = .failed(MarketplaceError(.unavailable, "Reelshop cannot order from \(group.marketplace.name) yet."))
            return group
        }
        let token: AccessToken?
        let account: LinkedAccount?
        do {
            token = try accounts.token(for: group.marketplaceID)
            account = try accounts.account(for: group.marketplaceID)
        } catch {
            group.status = .failed(.storage(error))
            return group
        }
        guard let token, let account else {
            group.account = nil
            group.status = .needsLink
            return group
        }
        group.account = account
        do {
            do {
                group.voucherMessage = nil
                group.status = .quoted(try await service.quote(
                    lines: lines, shipTo: account.profile.shippingAddress, voucherCode: group.voucherCode, token: token))
            } catch let error where error.kind == .voucherRejected && group.voucherCode != nil {
                // Keep the checkout going without the voucher, and say why.
                group.voucherMessage = error.message
                group.voucherCode = nil
                group.status = .quoted(try await service.quote(
                    lines: lines, shipTo: account.profile.shippingAddress, voucherCode: nil, token: token))
            }
        } catch let error where error.kind == .unauthorized {
            group.status = .needsLink
        } catch {
            group.status = .failed(error)
        }
        return group
    }

    // MARK: - Place

    /// Places every ready group (quoted, prices confirmed), one marketplace after another.
    ///
    /// Each order is recorded in orders.json as soon as it is confirmed; then, for a cart
    /// checkout, exactly the ordered quantities leave the cart in one locked update. Placing the
    /// same plan again (a retry, a double press) reuses each group's idempotency key, so it
    /// returns the same orders and removes nothing twice.
    public func place(_ plan: CheckoutPlan) async -> CheckoutResult {
        var plan = plan
        var newlyPlaced: [Order] = []
        var failures: [String: MarketplaceError] = [:]
        for index in plan.groups.indices where plan.groups[index].isReadyToPlace {
            let group = plan.groups[index]
            do throws(MarketplaceError) {
                let (order, isNew) = try await place(group)
                plan.groups[index].status = .placed(order)
                if isNew { newlyPlaced.append(order) }
            } catch {
                failures[group.marketplaceID] = error
                plan.groups[index].status = error.kind == .unauthorized || error.kind == .notLinked ? .needsLink : .failed(error)
            }
        }
        var cartNow: Cart?
        var cartError: String?
        if plan.source == .cart, !newlyPlaced.isEmpty {
            do {
                cartNow = try cart.update { cart in
                    for order in newlyPlaced { cart.removeOrdered(order.lines) }
                }.document
            } catch {
                cartError = "The orders were placed, but the cart could not be updated: \(error)"
            }
        }
        return CheckoutResult(plan: plan, newlyPlaced: newlyPlaced, failures: failures, cart: cartNow, cartError: cartError)
    }

    /// Places one group. Returns the order and whether it is new (false when this key had
    /// already been placed and recorded).
    private func place(_ group: CheckoutGroup) async throws(MarketplaceError) -> (Order, Bool) {
        guard let quote = group.quote else {
            throw MarketplaceError(.invalidRequest, "\(group.marketplace.name) has no quote yet; review the order first.")
        }
        let known: Order?
        do {
            known = try orders.document.load().document.order(idempotencyKey: group.idempotencyKey, marketplaceID: group.marketplaceID)
        } catch {
            throw .storage(error)
        }
        if let known { return (known, false) }
        guard let service = registry.service(for: group.marketplaceID) else {
            throw MarketplaceError(.unavailable, "Reelshop cannot order from \(group.marketplace.name) yet.")
        }
        let token: AccessToken?
        do { token = try accounts.token(for: group.marketplaceID) } catch { throw .storage(error) }
        guard let token else {
            throw MarketplaceError(.notLinked, "Link your \(group.marketplace.name) account to order from it.")
        }
        let request = PlaceOrderRequest(
            lines: group.orderableLines.map(\.orderLine), shipTo: quote.shipTo, voucherCode: quote.voucher?.code,
            idempotencyKey: group.idempotencyKey, expectedTotal: quote.total)
        let placed = try await service.placeOrder(request, token: token)
        do {
            // `record` keeps the first order for a key, so two racing confirmations store one and
            // only that one takes the lines out of the cart.
            let stored = try orders.record(Order(placed: placed, marketplaceName: group.marketplace.name))
            return (stored.order, stored.inserted)
        } catch {
            throw MarketplaceError(.storage, "\(group.marketplace.name) confirmed order \(placed.orderID), but orders.json could not be written: \(error)")
        }
    }

    // MARK: - Status

    /// Asks each order's marketplace for its status and stores what changed. Orders whose
    /// marketplace is not linked keep their last known status.
    public func refreshOrders() async throws -> [Order] {
        let current = try orders.load().orders
        var reports: [String: OrderStatusReport] = [:]
        for order in current where order.status != .delivered {
            guard let service = registry.service(for: order.marketplaceID),
                  let token = try accounts.token(for: order.marketplaceID) else { continue }
            if let report = try? await service.orderStatus(orderID: order.id, token: token) { reports[order.id] = report }
        }
        return try orders.applyStatus(reports, at: now())
    }
}
