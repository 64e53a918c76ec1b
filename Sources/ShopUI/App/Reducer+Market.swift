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
                checkout.selectNextToLink = true
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
            // The first quote, and the one after linking, select the next marketplace to link; a
            // voucher or a re-quote leaves the selection where the buyer put it.
            if checkout.selectNextToLink, let first = plan.groups.firstIndex(where: { $0.status == .needsLink }) { checkout.selection = first }
            checkout.selectNextToLink = false
            state.routes[index] = .checkout(checkout)
            return []
        case .placed(let result):
            if let cart = result.cart { state.cart = cart }
            let recovered = result.recovered.messages
            let reload: [Effect] = result.recovered.orders.isEmpty && result.newlyPlaced.isEmpty ? [] : [.market(.loadOrders)]
            if let stale = result.staleCart, let index = checkoutRouteIndex(state, result.plan.attemptID) {
                // Nothing was placed: the cart is not the one this checkout was priced from.
                let effects = replan(&state, at: index, from: stale, why: "The cart changed since this checkout was priced")
                let message = (["Nothing was placed: the cart changed since this checkout was priced (another window or command). Check the checkout again, then place."] + recovered)
                    .joined(separator: " ")
                return showToast(&state, message, .warning) + effects + reload
            }
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
                checkout.notice = nil
                state.routes[index] = .checkout(checkout)
            }
            let kind: Toast.Kind = result.failures.isEmpty && result.cartError == nil && !result.recovered.needsAttention ? .success : .warning
            return showToast(&state, ([message] + recovered).joined(separator: " "), kind) + [.market(.loadOrders)]
        case .reconciled(let report):
            guard !report.isEmpty else { return [] }
            var effects: [Effect] = []
            if let cart = report.cart, cart.lines != state.cart.lines {
                state.cart = cart
                effects += checkoutsSee(&state, cart, why: "An order interrupted earlier was finished")
            }
            effects = showToast(&state, report.messages.joined(separator: " "), report.needsAttention ? .warning : .success) + effects
            if !report.orders.isEmpty { effects.append(.market(.loadOrders)) }
            return effects
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

    static func openAccounts(_ state: inout AppState) -> [Effect] {
        state.routes.append(.accounts(AccountsScreenState()))
        return [.market(.loadAccounts)]
    }

    static func openOrders(_ state: inout AppState) -> [Effect] {
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

    static func checkoutCart(_ state: inout AppState) -> [Effect] {
        guard !state.cart.lines.isEmpty else { return showToast(&state, "The cart is empty: nothing to check out.", .info) }
        let plan = CheckoutPlan.cart(state.cart, catalog: state.catalog, deals: state.deals, attemptID: state.market.newAttemptID())
        guard !plan.groups.isEmpty else { return showToast(&state, "Nothing in the cart can be ordered.", .warning) }
        return startCheckout(&state, plan)
    }

    private static func startCheckout(_ state: inout AppState, _ plan: CheckoutPlan) -> [Effect] {
        state.routes.append(.checkout(CheckoutState(plan: plan)))
        return [.market(.quote(plan))]
    }

    static func accountsCommand(_ state: inout AppState, _ screen: AccountsScreenState, _ command: Command) -> [Effect] {
        let marketplaces = state.catalog.marketplaces
        var screen = screen
        // A click on the selected marketplace does what ⏎ does; on another, selects it.
        if case .select(let index) = command, index != screen.selection, marketplaces.indices.contains(index) {
            screen.selection = index
            state.routes[state.routes.count - 1] = .accounts(screen)
            return []
        }
        let selected = marketplaces.indices.contains(screen.selection) ? marketplaces[screen.selection] : nil
        switch command {
        case .back: state.routes.removeLast(); return []
        case .selectNext: screen.selection = min(screen.selection + 1, max(0, marketplaces.count - 1))
        case .selectPrevious: screen.selection = max(screen.selection - 1, 0)
        case .linkAccount, .select:
            guard let selected else { return [] }
            if let account = state.market.account(selected.id) {
                return showToast(&state, "\(selected.name) is linked as \(account.profile.name); press u to unlink.", .info)
            }
            state.routes.append(.link(LinkScreenState(marketplaceID: selected.id)))
            return []
        case .unlinkAccount:
            guard let selected else { return [] }
            guard state.market.account(selected.id) != nil else {
                return showToast(&state, "\(selected.name) is not linked.", .info)
            }
            return [.market(.unlink(marketplaceID: selected.id))]
        case .openOrders:
            return openOrders(&state)
        default: return []
        }
        state.routes[state.routes.count - 1] = .accounts(screen)
        return []
    }

    static func linkCommand(_ state: inout AppState, _ screen: LinkScreenState, _ command: Command) -> [Effect] {
        var screen = screen
        let id = screen.marketplaceID
        defer { if case .link = state.top { state.routes[state.routes.count - 1] = .link(screen) } }
        switch screen.phase {
        case .consent:
            switch command {
            case .startLink:
                screen.phase = .linking(.starting(marketplaceID: id))
                return [.market(.startLink(marketplaceID: id))]
            case .back:
                state.routes.removeLast()
            default: break
            }
        case .linking(let link):
            switch (link, command) {
            case (_, .back):
                state.routes.removeLast()
            case (.waiting(let authorization, _, _), .approveHere) where !screen.approvedHere:
                return [.market(.approveOnThisDevice(authorization))]
            case (.denied, .retryLink), (.expired, .retryLink), (.failed, .retryLink):
                screen.phase = .linking(.starting(marketplaceID: id))
                screen.pollInFlight = false
                screen.approvedHere = false
                return [.market(.startLink(marketplaceID: id))]
            default: break
            }
        }
        return []
    }

    static func checkoutCommand(_ state: inout AppState, _ checkout: CheckoutState, _ command: Command) -> [Effect] {
        var checkout = checkout
        defer { if case .checkout = state.top { state.routes[state.routes.count - 1] = .checkout(checkout) } }
        switch checkout.phase {
        case .placing:
            return []
        case .confirming:
            switch command {
            case .confirmPlace:
                checkout.phase = .placing
                checkout.notice = nil
                return [.market(.placeOrders(checkout.plan))]
            case .notYet:
                checkout.phase = .review
            default: break
            }
            return []
        case .quoting, .review:
            break
        }
        let groups = checkout.plan.groups
        let selected = checkout.selectedGroup
        // A click on a marketplace selects it; on the one selected, does what ⏎ does.
        var command = command
        if case .select(let index) = command, groups.indices.contains(index) {
            guard index == checkout.selection else { checkout.selection = index; return [] }
            command = .placeOrders
        }
        switch command {
        case .back:
            state.routes.removeLast()
        case .selectNext: checkout.selection = min(checkout.selection + 1, max(0, groups.count - 1))
        case .selectPrevious: checkout.selection = max(checkout.selection - 1, 0)
        case .openOrders where !checkout.plan.placedOrders.isEmpty:
            // Also after a partial checkout ("Placed 1 order. Track it with o.").
            state.routes.removeLast()
            return openOrders(&state)
        case _ where checkout.phase == .quoting:
            return []
        case .enterVoucher:
            guard let selected, selected.order == nil else { return [] }
            checkout.voucherEntry = selected.voucherCode ?? ""
        case .acceptPrices:
            guard checkout.plan.needsPriceConfirmation else { return [] }
            checkout.plan.confirmPriceChanges()
            return showToast(&state, "New prices accepted.", .info)
        case .linkSelected:
            guard let selected, selected.status == .needsLink else { return [] }
            state.routes.append(.link(LinkScreenState(marketplaceID: selected.marketplaceID)))
        case .requote:
            // Quote again (after a failure, or to pick up a change).
            checkout.plan.invalidateQuotes()
            checkout.phase = .quoting
            return [.market(.quote(checkout.plan))]
        case .placeOrders:
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

    static func voucherCommand(_ state: inout AppState, _ checkout: CheckoutState, _ command: Command) -> [Effect] {
        var checkout = checkout
        var entry = checkout.voucherEntry ?? ""
        defer { if case .checkout = state.top { state.routes[state.routes.count - 1] = .checkout(checkout) } }
        switch command {
        case .back:
            checkout.voucherEntry = nil
            return []
        case .erase:
            if !entry.isEmpty { entry.removeLast() }
        case .submit:
            checkout.voucherEntry = nil
            guard let selected = checkout.selectedGroup else { return [] }
            checkout.plan.setVoucher(entry, for: selected.marketplaceID)
            checkout.phase = .quoting
            return [.market(.quote(checkout.plan))]
        case .type(let c) where (c.isLetter || c.isNumber || c == "-") && c.isASCII && entry.count < 24:
            entry.append(Character(c.uppercased()))
        default: break
        }
        checkout.voucherEntry = entry
        return []
    }

    static func ordersCommand(_ state: inout AppState, _ screen: OrdersScreenState, _ command: Command) -> [Effect] {
        var screen = screen
        switch command {
        case .back: state.routes.removeLast(); return []
        case .selectNext: screen.selection = min(screen.selection + 1, max(0, state.market.orders.count - 1))
        case .selectPrevious: screen.selection = max(screen.selection - 1, 0)
        case .select(let index) where state.market.orders.indices.contains(index): screen.selection = index
        default: return []
        }
        state.routes[state.routes.count - 1] = .orders(screen)
        return []
    }

    // MARK: - A cart that changed underneath a checkout (issue 11)

    /// Prices again every open cart checkout whose cart stamp is not `cart`'s: a checkout must
    /// never offer to place what the cart no longer holds (another window ordered it, a line was
    /// removed or changed). One being placed is left alone (its answer says), and so is a
    /// finished one (a receipt).
    static func checkoutsSee(_ state: inout AppState, _ cart: Cart, why: String) -> [Effect] {
        var effects: [Effect] = []
        for index in state.routes.indices {
            guard case .checkout(let checkout) = state.routes[index], checkout.plan.source == .cart, checkout.phase != .placing,
                  !checkout.plan.isComplete, let stamp = checkout.plan.cartStamp, stamp != CartStamp(cart) else { continue }
            effects += replan(&state, at: index, from: cart, why: why)
        }
        return effects
    }

    /// A new plan (a new attempt, so new keys) from `cart`, keeping the vouchers typed and the
    /// orders this checkout already placed, with a notice saying why.
    private static func replan(_ state: inout AppState, at index: Int, from cart: Cart, why: String) -> [Effect] {
        guard case .checkout(let old) = state.routes[index] else { return [] }
        var plan = CheckoutPlan.cart(cart, catalog: state.catalog, deals: state.deals, attemptID: state.market.newAttemptID())
        for i in plan.groups.indices {
            if let before = old.plan.group(plan.groups[i].marketplaceID), before.order == nil { plan.groups[i].voucherCode = before.voucherCode }
        }
        for placed in old.plan.groups where placed.order != nil && plan.group(placed.marketplaceID) == nil { plan.groups.append(placed) }
        var checkout = CheckoutState(plan: plan)
        checkout.selection = min(old.selection, max(0, plan.groups.count - 1))
        checkout.selectNextToLink = false
        let leftToOrder = plan.groups.contains { $0.order == nil }
        checkout.notice = leftToOrder ? "\(why), so this checkout was priced again from the cart as it is now. Check it before placing."
            : "\(why): nothing is left to order."
        checkout.phase = leftToOrder ? .quoting : .review
        state.routes[index] = .checkout(checkout)
        return leftToOrder ? [.market(.quote(plan))] : []
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
