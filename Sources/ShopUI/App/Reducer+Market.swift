import Foundation
import ShopCore

/// Accounts, linking, checkout and orders (issue 4): the reducer's half, pure like the rest.
extension Reducer {
    // MARK: - Results

    static func market(_ state: inout AppState, _ action: MarketAction) -> [Effect] {
        switch action {
        case .tick(let now):
            state.market.now = now
            return tick(&state)
        case .accountsLoaded(let accounts, let error):
            state.market.accounts = accounts
            return error.map { showToast(&state, "Linked accounts could not be read: \($0)", .error) } ?? []
        case .linkStarted(let id, let result, let now):
            state.market.now = now
            guard let index = linkRouteIndex(state, id), case .link(var screen) = state.routes[index],
                  case .linking(.starting) = screen.phase else { return [] }
            switch result {
            case .success(let authorization): screen.phase = .linking(LinkState(started: authorization, at: now))
            case .failure(let error): screen.phase = .linking(.failed(marketplaceID: id, error))
            }
            screen.pollInFlight = false
            screen.approvedHere = false
            state.routes[index] = .link(screen)
            return []
        case .linkPolled(let id, let progress, let now):
            state.market.now = now
            guard let index = linkRouteIndex(state, id), case .link(var screen) = state.routes[index],
                  case .linking(var link) = screen.phase else { return [] }
            screen.pollInFlight = false
            link.apply(progress, at: now)
            screen.phase = .linking(link)
            state.routes[index] = .link(screen)
            guard case .linked(let account) = link else { return [] }
            state.market.accounts.removeAll { $0.marketplaceID == account.marketplaceID }
            state.market.accounts.append(account)
            var effects = showToast(&state, "Linked \(marketplaceName(state, id)) as \(account.profile.name).", .success)
            // Linked from a checkout: back to the same checkout, quoted again.
            if index == state.routes.count - 1, index > 0, case .checkout(var checkout) = state.routes[index - 1] {
                state.routes.removeLast()
                checkout.plan.invalidateQuotes()
                checkout.phase = .quoting
                state.routes[index - 1] = .checkout(checkout)
                effects.append(.market(.quote(checkout.plan)))
            }
            return effects
        case .approvedOnThisDevice(let id, let error):
            if let error { return showToast(&state, error, .error) }
            if let index = linkRouteIndex(state, id), case .link(var screen) = state.routes[index] {
                screen.approvedHere = true
                state.routes[index] = .link(screen)
            }
            return []
        case .unlinked(let id, let error):
            if let error { return showToast(&state, "Could not unlink: \(error)", .error) }
            state.market.accounts.removeAll { $0.marketplaceID == id }
            return showToast(&state, "Unlinked \(marketplaceName(state, id)); its token is deleted.", .success)
        case .quoted(let plan):
            guard let index = checkoutRouteIndex(state, plan.attemptID), case .checkout(var checkout) = state.routes[index],
                  checkout.phase == .quoting else { return [] }
            checkout.plan = plan
            checkout.phase = .review
            if let first = plan.groups.firstIndex(where: { $0.status == .needsLink }) { checkout.selection = first }
            state.routes[index] = .checkout(checkout)
            return []
        case .placed(let result):
            if let cart = result.cart { state.cart = cart }
            let placed = result.plan.placedOrders.count
            var message = "Placed \(Format.count(placed, "order")). Track \(placed == 1 ? "it" : "them") with o."
            if !result.failures.isEmpty {
                let names = result.failures.keys.sorted().map { marketplaceName(state, $0) }.joined(separator: ", ")
                message = placed > 0 ? "Placed \(Format.count(placed, "order")); \(names) failed: its lines stay in the cart."
                    : "\(names) failed; nothing was ordered and the cart is unchanged."
            }
            if let cartError = result.cartError { message += " " + cartError }
            if let index = checkoutRouteIndex(state, result.plan.attemptID), case .checkout(var checkout) = state.routes[index] {
                checkout.plan = result.plan
                checkout.phase = .review
                checkout.outcome = message
                state.routes[index] = .checkout(checkout)
            }
            let kind: Toast.Kind = result.failures.isEmpty && result.cartError == nil ? .success : .warning
            return showToast(&state, message, kind) + [.market(.loadOrders)]
        case .ordersLoaded(let orders, let error):
            state.market.orders = orders
            state.market.ordersLoading = false
            state.market.ordersRefreshedAt = state.market.now
            return error.map { showToast(&state, "Orders could not be brought up to date: \($0)", .error) } ?? []
        }
    }

    /// The clock moved: expire or poll a shown link, refresh a shown orders list.
    private static func tick(_ state: inout AppState) -> [Effect] {
        let now = state.market.now
        var effects: [Effect] = []
        if case .link(var screen) = state.top, case .linking(var link) = screen.phase {
            link.tick(at: now)
            if !screen.pollInFlight, link.pollDue(at: now), case .waiting(let authorization, _, _) = link {
                screen.pollInFlight = true
                effects.append(.market(.pollLink(authorization)))
            }
            screen.phase = .linking(link)
            state.routes[state.routes.count - 1] = .link(screen)
        }
        if case .orders = state.top, !state.market.ordersLoading,
           state.market.ordersRefreshedAt.map({ now.timeIntervalSince($0) >= MarketTicks.ordersRefresh - 0.05 }) ?? true {
            state.market.ordersLoading = true
            effects.append(.market(.loadOrders))
        }
        return effects
    }

    // MARK: - Keys

    /// Keys for the marketplace screens, and the shortcuts into them from the feed, the product
    /// sheet and the cart. Nil when the key is not theirs.
    static func marketKey(_ state: inout AppState, _ key: Key) -> [Effect]? {
        switch state.top {
        case nil:
            switch key {
            case .character("L"): return openAccounts(&state)
            case .character("o"): return openOrders(&state)
            case .character("b"):
                guard let post = state.currentPost else { return [] }
                return addOrBuy(&state, productID: post.productID, intent: .buy)
            default: return nil
            }
        case .product(let sheet):
            guard key == .character("b"), let product = state.catalog.product(sheet.productID) else { return nil }
            let variant = product.variants.indices.contains(sheet.variantIndex) ? product.variants[sheet.variantIndex] : nil
            if let variant, variant.stock <= 0 {
                return showToast(&state, "\(variant.label) is out of stock — pick another option with ←/→.", .warning)
            }
            return buyNow(&state, productID: product.id, variantID: variant?.id, quantity: sheet.quantity)
        case .cart:
            switch key {
            case .enter: return checkoutCart(&state)
            case .character("o"): return openOrders(&state)
            default: return nil
            }
        case .help, .search, .interests: return nil
        case .accounts(let screen): return key == .character("?") ? nil : accountsKey(&state, screen, key)
        case .link(let screen): return key == .character("?") ? nil : linkKey(&state, screen, key)
        case .checkout(let checkout):
            if checkout.voucherEntry != nil { return voucherKey(&state, checkout, key) }
            return key == .character("?") ? nil : checkoutKey(&state, checkout, key)
        case .orders(let screen): return key == .character("?") ? nil : ordersKey(&state, screen, key)
        }
    }

    private static func openAccounts(_ state: inout AppState) -> [Effect] {
        state.routes.append(.accounts(AccountsScreenState()))
        return [.market(.loadAccounts)]
    }

    private static func openOrders(_ state: inout AppState) -> [Effect] {
        state.routes.append(.orders(OrdersScreenState()))
        state.market.ordersLoading = true
        return [.market(.loadOrders)]
    }

    static func buyNow(_ state: inout AppState, productID: String, variantID: String?, quantity: Int, dealID: String? = nil) -> [Effect] {
        do {
            let plan = try CheckoutPlan.buyNow(productID: productID, variantID: variantID, quantity: quantity,
                                               catalog: state.catalog, at: state.market.now, attemptID: state.market.newAttemptID(),
                                               deal: dealID, deals: state.deals)
            return startCheckout(&state, plan)
        } catch {
            return showToast(&state, error.message, .warning)
        }
    }

    private static func checkoutCart(_ state: inout AppState) -> [Effect] {
        guard !state.cart.lines.isEmpty else { return showToast(&state, "The cart is empty: nothing to check out.", .info) }
        let plan = CheckoutPlan.cart(state.cart, catalog: state.catalog, deals: state.deals, attemptID: state.market.newAttemptID())
        guard !plan.groups.isEmpty else { return showToast(&state, "Nothing in the cart can be ordered.", .warning) }
        return startCheckout(&state, plan)
    }

    private static func startCheckout(_ state: inout AppState, _ plan: CheckoutPlan) -> [Effect] {
        state.routes.append(.checkout(CheckoutState(plan: plan)))
        return [.market(.quote(plan))]
    }

    private static func accountsKey(_ state: inout AppState, _ screen: AccountsScreenState, _ key: Key) -> [Effect] {
        let marketplaces = state.catalog.marketplaces
        var screen = screen
        let selected = marketplaces.indices.contains(screen.selection) ? marketplaces[screen.selection] : nil
        switch key {
        case .escape, .character("q"), .backspace, .character("L"): state.routes.removeLast(); return []
        case .down, .character("j"), .tab: screen.selection = min(screen.selection + 1, max(0, marketplaces.count - 1))
        case .up, .character("k"), .backTab: screen.selection = max(screen.selection - 1, 0)
        case .enter, .character("l"):
            guard let selected else { return [] }
            if let account = state.market.account(selected.id) {
                return showToast(&state, "\(selected.name) is linked as \(account.profile.name); press u to unlink.", .info)
            }
            state.routes.append(.link(LinkScreenState(marketplaceID: selected.id)))
            return []
        case .character("u"), .character("x"), .delete:
            guard let selected else { return [] }
            guard state.market.account(selected.id) != nil else {
                return showToast(&state, "\(selected.name) is not linked.", .info)
            }
            return [.market(.unlink(marketplaceID: selected.id))]
        case .character("o"):
            return openOrders(&state)
        default: return []
        }
        state.routes[state.routes.count - 1] = .accounts(screen)
        return []
    }

    private static func linkKey(_ state: inout AppState, _ screen: LinkScreenState, _ key: Key) -> [Effect] {
        var screen = screen
        let id = screen.marketplaceID
        defer { if case .link = state.top { state.routes[state.routes.count - 1] = .link(screen) } }
        switch screen.phase {
        case .consent:
            switch key {
            case .enter, .character("y"), .character("c"):
                screen.phase = .linking(.starting(marketplaceID: id))
                return [.market(.startLink(marketplaceID: id))]
            case .escape, .character("n"), .character("q"), .backspace:
                state.routes.removeLast()
            default: break
            }
        case .linking(let link):
            switch (link, key) {
            case (_, .escape), (_, .character("q")), (_, .backspace):
                state.routes.removeLast()
            case (.waiting(let authorization, _, _), .character("a")) where !screen.approvedHere:
                return [.market(.approveOnThisDevice(authorization))]
            case (.linked, .enter):
                state.routes.removeLast()
            case (.denied, .enter), (.denied, .character("n")), (.expired, .enter), (.expired, .character("n")),
                 (.failed, .enter), (.failed, .character("n")):
                screen.phase = .linking(.starting(marketplaceID: id))
                screen.pollInFlight = false
                screen.approvedHere = false
                return [.market(.startLink(marketplaceID: id))]
            default: break
            }
        }
        return []
    }

    private static func checkoutKey(_ state: inout AppState, _ checkout: CheckoutState, _ key: Key) -> [Effect] {
        var checkout = checkout
        defer { if case .checkout = state.top { state.routes[state.routes.count - 1] = .checkout(checkout) } }
        switch checkout.phase {
        case .placing:
            return []
        case .confirming:
            switch key {
            case .character("y"), .character("Y"), .enter:
                checkout.phase = .placing
                return [.market(.placeOrders(checkout.plan))]
            case .character("n"), .character("N"), .escape, .character("q"), .backspace:
                checkout.phase = .review
            default: break
            }
            return []
        case .quoting, .review:
            break
        }
        let groups = checkout.plan.groups
        let selected = checkout.selectedGroup
        switch key {
        case .escape, .character("q"), .backspace:
            state.routes.removeLast()
        case .down, .character("j"), .tab: checkout.selection = min(checkout.selection + 1, max(0, groups.count - 1))
        case .up, .character("k"), .backTab: checkout.selection = max(checkout.selection - 1, 0)
        case .character("o") where checkout.plan.isComplete:
            state.routes.removeLast()
            return openOrders(&state)
        case _ where checkout.phase == .quoting:
            return []
        case .character("v"):
            guard let selected, selected.order == nil else { return [] }
            checkout.voucherEntry = selected.voucherCode ?? ""
        case .character("p"):
            guard checkout.plan.needsPriceConfirmation else { return [] }
            checkout.plan.confirmPriceChanges()
            return showToast(&state, "New prices accepted.", .info)
        case .character("L"), .character("l"):
            guard let selected, selected.status == .needsLink else { return [] }
            state.routes.append(.link(LinkScreenState(marketplaceID: selected.marketplaceID)))
        case .character("r"):
            // Quote again (after a failure, or to pick up a change).
            checkout.plan.invalidateQuotes()
            checkout.phase = .quoting
            return [.market(.quote(checkout.plan))]
        case .enter:
            if let selected, selected.status == .needsLink {
                state.routes.append(.link(LinkScreenState(marketplaceID: selected.marketplaceID)))
                return []
            }
            if checkout.plan.isComplete { state.routes.removeLast(); return [] }
            if checkout.plan.needsPriceConfirmation {
                return showToast(&state, "A price changed since you added it: press p to accept the new price first.", .warning)
            }
            guard !checkout.plan.readyGroups.isEmpty else {
                if let name = checkout.plan.marketplacesNeedingLink.first.map({ marketplaceName(state, $0) }) {
                    return showToast(&state, "Link \(name) first: select it and press L.", .warning)
                }
                return showToast(&state, "Nothing here can be ordered right now.", .warning)
            }
            checkout.phase = .confirming
        default: break
        }
        return []
    }

    private static func voucherKey(_ state: inout AppState, _ checkout: CheckoutState, _ key: Key) -> [Effect] {
        var checkout = checkout
        var entry = checkout.voucherEntry ?? ""
        defer { if case .checkout = state.top { state.routes[state.routes.count - 1] = .checkout(checkout) } }
        switch key {
        case .escape:
            checkout.voucherEntry = nil
            return []
        case .backspace, .delete:
            if !entry.isEmpty { entry.removeLast() }
        case .enter:
            checkout.voucherEntry = nil
            guard let selected = checkout.selectedGroup else { return [] }
            checkout.plan.setVoucher(entry, for: selected.marketplaceID)
            checkout.phase = .quoting
            return [.market(.quote(checkout.plan))]
        case .character(let c) where (c.isLetter || c.isNumber || c == "-") && c.isASCII && entry.count < 24:
            entry.append(Character(c.uppercased()))
        default: break
        }
        checkout.voucherEntry = entry
        return []
    }

    private static func ordersKey(_ state: inout AppState, _ screen: OrdersScreenState, _ key: Key) -> [Effect] {
        var screen = screen
        switch key {
        case .escape, .character("q"), .backspace, .character("o"): state.routes.removeLast(); return []
        case .down, .character("j"), .tab: screen.selection = min(screen.selection + 1, max(0, state.market.orders.count - 1))
        case .up, .character("k"), .backTab: screen.selection = max(screen.selection - 1, 0)
        default: return []
        }
        state.routes[state.routes.count - 1] = .orders(screen)
        return []
    }

    // MARK: - Helpers

    private static func linkRouteIndex(_ state: AppState, _ marketplaceID: String) -> Int? {
        state.routes.lastIndex { if case .link(let s) = $0 { return s.marketplaceID == marketplaceID } else { return false } }
    }

    private static func checkoutRouteIndex(_ state: AppState, _ attemptID: String) -> Int? {
        state.routes.lastIndex { if case .checkout(let c) = $0 { return c.plan.attemptID == attemptID } else { return false } }
    }

    static func marketplaceName(_ state: AppState, _ id: String) -> String {
        state.catalog.marketplaces.first { $0.id == id }?.name ?? id
    }
}
