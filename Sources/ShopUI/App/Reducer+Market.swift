import Foundation
import ShopCore

/// Accounts, linking, checkout and orders (issue 4): the marketplace's results and clock ticks.
/// Each screen's keys live in its folder (`Screens/Checkout/CheckoutKeys.swift`, …).
extension Reducer {
    // MARK: - Results

    static func market(_ state: inout AppState, _ action: MarketAction) -> [Effect] {
        switch action {
        case .tick(let now):
            state.market.now = now
            return tick(&state)
        case .unavailable:
            showToast(&state, "Marketplaces are not available in this session.", .error)
            return []
        case .accountsLoaded(let accounts, let error):
            state.market.accounts = accounts
            if let error { showToast(&state, "Linked accounts could not be read: \(error)", .error) }
            return []
        case .linkStarted(let id, let result, let now, let qr):
            state.market.now = now
            if let index = linkRouteIndex(state, id) { state.update(.link, at: index) { $0.started(result, at: now, qr: qr) } }
            return []
        case .linkPolled(let id, let progress, let now):
            state.market.now = now
            guard let index = linkRouteIndex(state, id), let account = state.update(.link, at: index, { $0.polled(progress, at: now) }) ?? nil
            else { return [] }
            state.market.accounts.removeAll { $0.marketplaceID == account.marketplaceID }
            state.market.accounts.append(account)
            showToast(&state, "Linked \(marketplaceName(state, id)) as \(account.profile.name).", .success)
            // Linked from a checkout: back to the same checkout, quoted again.
            guard index == state.routes.count - 1, index > 0, ScreenCase.checkout.extract(state.routes[index - 1]) != nil else { return [] }
            state.routes.removeLast()
            guard let plan = state.updateTop(.checkout, { $0.linkedOne() }) else { return [] }
            return [.market(.quote(plan))]
        case .approvedOnThisDevice(let id, let error):
            if let error { showToast(&state, error, .error); return [] }
            if let index = linkRouteIndex(state, id) { state.update(.link, at: index) { $0.approvedHere = true } }
            return []
        case .unlinked(let id, let error):
            if let error { showToast(&state, "Could not unlink: \(error)", .error); return [] }
            state.market.accounts.removeAll { $0.marketplaceID == id }
            showToast(&state, "Unlinked \(marketplaceName(state, id)); its token is deleted.", .success)
            return []
        case .quoted(let plan):
            if let index = checkoutRouteIndex(state, plan.attemptID) { state.update(.checkout, at: index) { $0.quoted(plan) } }
            return []
        case .placed(let result):
            if let cart = result.cart { state.cart = cart }
            let recovered = result.recovered.messages
            let reload: [Effect] = result.recovered.orders.isEmpty && result.newlyPlaced.isEmpty ? [] : [.market(.loadOrders)]
            if let stale = result.staleCart, let index = checkoutRouteIndex(state, result.plan.attemptID) {
                // Nothing was placed: the cart is not the one this checkout was priced from.
                let effects = replan(&state, at: index, from: stale, why: "The cart changed since this checkout was priced")
                let message =
                    (["Nothing was placed: the cart changed since this checkout was priced (another window or command). Check the checkout again, then place."]
                    + recovered)
                    .joined(separator: " ")
                showToast(&state, message, .warning)
                return effects + reload
            }
            let placed = result.plan.placedOrders.count
            var message = "Placed \(Format.count(placed, "order")). Track \(placed == 1 ? "it" : "them") with o."
            if !result.failures.isEmpty {
                let names = result.failures.keys.sorted().map { marketplaceName(state, $0) }.joined(separator: ", ")
                message =
                    placed > 0
                    ? "Placed \(Format.count(placed, "order")); \(names) failed: its lines stay in the cart."
                    : "\(names) failed; nothing was ordered and the cart is unchanged."
            }
            if let cartError = result.cartError { message += " " + cartError }
            if let index = checkoutRouteIndex(state, result.plan.attemptID) {
                state.update(.checkout, at: index) { $0.placed(result.plan, outcome: message) }
            }
            let kind: Toast.Kind = result.failures.isEmpty && result.cartError == nil && !result.recovered.needsAttention ? .success : .warning
            showToast(&state, ([message] + recovered).joined(separator: " "), kind)
            return [.market(.loadOrders)]
        case .reconciled(let report):
            guard !report.isEmpty else { return [] }
            var effects: [Effect] = []
            if let cart = report.cart, cart.lines != state.cart.lines {
                state.cart = cart
                effects += checkoutsSee(&state, cart, why: "An order interrupted earlier was finished")
            }
            showToast(&state, report.messages.joined(separator: " "), report.needsAttention ? .warning : .success)
            if !report.orders.isEmpty { effects.append(.market(.loadOrders)) }
            return effects
        case .startUpSettled:
            // The runner held requests back (`stockLoading`) until now.
            return state.market.liveStock ? [askStock(&state)] : []
        case .stockLoaded(let levels, let date):
            state.catalog = state.catalog.withStock(levels)
            state.market.stockLoading = false
            state.market.stockCheckedAt = date
            return []
        case .ordersLoaded(let orders, let error):
            state.market.orders = orders
            state.market.ordersLoading = false
            state.market.ordersRefreshedAt = state.market.now
            if let error { showToast(&state, "Orders could not be brought up to date: \(error)", .error) }
            return []
        }
    }

    /// A stock request for what is on screen and near it (`StockRefresh`).
    static func askStock(_ state: inout AppState) -> Effect {
        let products = StockRefresh.products(state)
        state.market.stockLoading = true
        state.market.stockAsked = products
        var byMarketplace: [String: Set<String>] = [:]
        for id in products {
            if let marketplace = state.catalog.product(id)?.marketplaceID { byMarketplace[marketplace, default: []].insert(id) }
        }
        return .market(.refreshStock(byMarketplace))
    }

    /// The clock moved: expire or poll a shown link, refresh a shown orders list.
    private static func tick(_ state: inout AppState) -> [Effect] {
        let now = state.market.now
        var effects: [Effect] = []
        if let authorization = state.updateTop(.link, { $0.tick(at: now) }) ?? nil {
            effects.append(.market(.pollLink(authorization)))
        }
        if case .orders = state.top, !state.market.ordersLoading,
            state.market.ordersRefreshedAt.map({ now.timeIntervalSince($0) >= MarketTicks.ordersRefresh - 0.05 }) ?? true
        {
            state.market.ordersLoading = true
            effects.append(.market(.loadOrders))
        }
        return effects
    }

    // MARK: - Helpers

    private static func linkRouteIndex(_ state: AppState, _ marketplaceID: String) -> Int? {
        state.index(of: .link) { $0.marketplaceID == marketplaceID }
    }

    private static func checkoutRouteIndex(_ state: AppState, _ attemptID: String) -> Int? {
        state.index(of: .checkout) { $0.plan.attemptID == attemptID }
    }

    static func marketplaceName(_ state: AppState, _ id: String) -> String {
        state.catalog.marketplaces.first { $0.id == id }?.name ?? id
    }
}
