import Foundation
import ShopCore

/// The checkout's keys and what they do, starting one (buy now, the whole cart), and pricing it
/// again when the cart changes underneath it (issue 11). Its marketplace results: `Reducer+Market.swift`.
extension Keymaps {
    public static func checkout(_ checkout: CheckoutState) -> Keymap {
        if checkout.voucherEntry != nil {
            return Keymap(
                "Voucher code", typing: ("type", "the code (letters, digits, -)", "code"),
                [
                    KeyBinding([.enter], "⏎", "apply the voucher", footer: ("⏎", "apply voucher"), .submit),
                    KeyBinding([.escape], "esc", "cancel", footer: ("esc", "cancel"), .back),
                    KeyBinding([.backspace, .delete], "⌫", "delete a character", .erase),
                ])
        }
        let plan = checkout.plan
        let placed = !plan.placedOrders.isEmpty
        let ordersKey = orders.footer(placed ? ("o", "orders") : nil)
        switch checkout.phase {
        case .confirming:
            return Keymap(
                "Place orders?",
                [
                    KeyBinding([.character("y"), .character("Y"), .enter], "y ⏎", "place the orders", footer: ("y", "place"), .confirmPlace),
                    KeyBinding(
                        [.character("n"), .character("N"), .escape, .character("q"), .backspace], "n esc", "not yet", footer: ("n", "not yet"), .notYet),
                    GlobalKeys.help.footer(nil),
                ])
        case .placing:
            return Keymap("Placing orders", [GlobalKeys.help.footer(nil)])
        case .quoting:
            return Keymap(
                "Checkout",
                [back(), list("select a marketplace", footer: nil)] + (placed ? [ordersKey.footer(nil)] : [])
                    + [GlobalKeys.help.footer(nil)])
        case .review:
            let selected = checkout.selectedGroup
            let needsLink = selected?.status == .needsLink
            let done = plan.isComplete || !plan.groups.contains { $0.order == nil }
            var bindings: [KeyBinding] = []
            if plan.needsPriceConfirmation { bindings.append(acceptPrices) }
            bindings.append(place.footer(done || needsLink ? nil : ("⏎", "place")))
            if needsLink { bindings.append(link) }
            bindings.append(list("select a marketplace", footer: done ? nil : ("j/k", "select")))
            if let selected, selected.order == nil { bindings.append(voucher.footer(done ? nil : ("v", "voucher"))) }
            bindings.append(requote.footer(done ? nil : ("r", "re-quote")))
            if placed { bindings.append(ordersKey) }
            bindings.append(back(footer: ("esc", plan.isComplete ? "done" : "back")))
            bindings.append(GlobalKeys.help.footer(nil))
            return Keymap("Checkout", bindings)
        }
    }

    static let place = KeyBinding([.enter], "⏎", "place orders (asks y/n)", footer: ("⏎", "place"), .placeOrders)

    static let acceptPrices = KeyBinding([.character("p")], "p", "accept changed prices", footer: ("p", "accept prices"), .acceptPrices)

    static let link = KeyBinding(
        [.character("L"), .character("l")], "L", "link the selected marketplace; approve (demo) with a on the link screen", footer: ("L", "link"), .linkSelected
    )

    static let voucher = KeyBinding([.character("v")], "v", "voucher code", footer: ("v", "voucher"), .enterVoucher)

    static let requote = KeyBinding([.character("r")], "r", "quote again", footer: ("r", "re-quote"), .requote)

    /// Every key a checkout can take, for help's section on a screen you are not on.
    static let checkoutReference = Keymap(
        "Checkout",
        [
            place, acceptPrices, link, voucher, requote, list("select a marketplace"),
            KeyBinding([.character("y"), .character("n")], "y n", "after ⏎: place, not yet", .confirmPlace),
            orders.footer(nil), back(),
        ])
}

extension Reducer {
    static func buyNow(_ state: inout AppState, productID: String, variantID: String?, quantity: Int, dealID: String? = nil) -> [Effect] {
        do {
            let plan = try CheckoutPlan.buyNow(
                productID: productID, variantID: variantID, quantity: quantity,
                catalog: state.catalog, at: state.market.now, attemptID: state.market.newAttemptID(),
                deal: dealID, deals: state.deals)
            return startCheckout(&state, plan)
        } catch {
            showToast(&state, error.message, .warning)
            return []
        }
    }

    static func checkoutCart(_ state: inout AppState) -> [Effect] {
        guard !state.cart.lines.isEmpty else { showToast(&state, "The cart is empty: nothing to check out.", .info); return [] }
        let plan = CheckoutPlan.cart(state.cart, catalog: state.catalog, deals: state.deals, attemptID: state.market.newAttemptID())
        guard !plan.groups.isEmpty else { showToast(&state, "Nothing in the cart can be ordered.", .warning); return [] }
        return startCheckout(&state, plan)
    }

    static func startCheckout(_ state: inout AppState, _ plan: CheckoutPlan) -> [Effect] {
        state.routes.append(.checkout(CheckoutState(plan: plan)))
        return [.market(.quote(plan))]
    }

    static func checkoutCommand(_ state: inout AppState, _ checkout: inout CheckoutState, _ command: Command) -> [Effect] {
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
            showToast(&state, "New prices accepted.", .info)
            return []
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
                showToast(&state, "A price changed since you added it: press p to accept the new price first.", .warning)
                return []
            }
            guard !checkout.plan.readyGroups.isEmpty else {
                if let name = checkout.plan.marketplacesNeedingLink.first.map({ marketplaceName(state, $0) }) {
                    showToast(&state, "Link \(name) first: select it and press L.", .warning)
                    return []
                }
                showToast(&state, "Nothing here can be ordered right now.", .warning)
                return []
            }
            checkout.phase = .confirming
        default: break
        }
        return []
    }

    static func voucherCommand(_ state: inout AppState, _ checkout: inout CheckoutState, _ command: Command) -> [Effect] {
        var entry = checkout.voucherEntry ?? ""
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

    /// Prices again every open cart checkout whose cart stamp is not `cart`'s: a checkout must
    /// never offer to place what the cart no longer holds (another window ordered it, a line was
    /// removed or changed). One being placed is left alone (its answer says), and so is a
    /// finished one (a receipt).
    static func checkoutsSee(_ state: inout AppState, _ cart: Cart, why: String) -> [Effect] {
        var effects: [Effect] = []
        for index in state.routes.indices {
            guard case .checkout(let checkout) = state.routes[index], checkout.plan.source == .cart, checkout.phase != .placing,
                !checkout.plan.isComplete, let stamp = checkout.plan.cartStamp, stamp != CartStamp(cart)
            else { continue }
            effects += replan(&state, at: index, from: cart, why: why)
        }
        return effects
    }

    /// A new plan (a new attempt, so new keys) from `cart` for the checkout at `index`
    /// (`CheckoutState.replan`).
    static func replan(_ state: inout AppState, at index: Int, from cart: Cart, why: String) -> [Effect] {
        guard ScreenCase.checkout.extract(state.routes[index]) != nil else { return [] }
        let plan = CheckoutPlan.cart(cart, catalog: state.catalog, deals: state.deals, attemptID: state.market.newAttemptID())
        guard let quote = state.update(.checkout, at: index, { $0.replan(plan, why: why) }) ?? nil else { return [] }
        return [.market(.quote(quote))]
    }
}
