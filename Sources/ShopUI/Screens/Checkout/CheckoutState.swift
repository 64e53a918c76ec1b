import Foundation
import ShopCore

/// A checkout in progress: the plan and where the buyer is in it.
public struct CheckoutState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Waiting for the marketplaces' quotes.
        case quoting
        case review
        /// "Place 2 orders for $X? y/n"
        case confirming
        /// Orders on their way; confirm is ignored.
        case placing
    }

    public var plan: CheckoutPlan
    public var phase: Phase = .quoting
    /// The selected group (marketplace).
    public var selection = 0
    /// Text being typed as a voucher code for the selected group; nil when not typing.
    public var voucherEntry: String?
    /// Set once placing has answered: what happened, in words.
    public var outcome: String?
    /// Why the checkout was priced again (the cart changed underneath it), until placing.
    public var notice: String?
    /// The next quote selects the first marketplace still to link: true for the first quote and
    /// after coming back from linking one; a voucher or a re-quote leaves the selection alone.
    public var selectNextToLink = true

    public init(plan: CheckoutPlan) { self.plan = plan }

    public var selectedGroup: CheckoutGroup? {
        plan.groups.indices.contains(selection) ? plan.groups[selection] : nil
    }
}

/// What the marketplace's answers do to a checkout (the root finds the checkout by its attempt,
/// `Reducer.market`).
extension CheckoutState {
    /// The quotes arrived. Ignored unless this checkout is waiting for them.
    mutating func quoted(_ plan: CheckoutPlan) {
        guard phase == .quoting else { return }
        self.plan = plan
        phase = .review
        // The first quote, and the one after linking, select the next marketplace to link; a
        // voucher or a re-quote leaves the selection where the buyer put it.
        if selectNextToLink, let first = plan.groups.firstIndex(where: { $0.status == .needsLink }) { selection = first }
        selectNextToLink = false
    }

    /// Back from linking a marketplace: every quote is asked for again. Returns the plan to quote.
    mutating func linkedOne() -> CheckoutPlan {
        plan.invalidateQuotes()
        phase = .quoting
        selectNextToLink = true
        return plan
    }

    /// Placing answered: the plan as it ended, and what happened in words.
    mutating func placed(_ plan: CheckoutPlan, outcome: String) {
        self.plan = plan
        phase = .review
        self.outcome = outcome
        notice = nil
    }

    /// The cart changed under this checkout: `fresh` (a new attempt, so new keys) replaces its
    /// plan, keeping the vouchers typed and the orders already placed, with a notice saying why.
    /// Returns the plan to quote, or nil when nothing is left to order.
    mutating func replan(_ fresh: CheckoutPlan, why: String) -> CheckoutPlan? {
        var plan = fresh
        for i in plan.groups.indices {
            if let before = self.plan.group(plan.groups[i].marketplaceID), before.order == nil { plan.groups[i].voucherCode = before.voucherCode }
        }
        for placed in self.plan.groups where placed.order != nil && plan.group(placed.marketplaceID) == nil { plan.groups.append(placed) }
        var checkout = CheckoutState(plan: plan)
        checkout.selection = min(selection, max(0, plan.groups.count - 1))
        checkout.selectNextToLink = false
        let leftToOrder = plan.groups.contains { $0.order == nil }
        checkout.notice =
            leftToOrder
            ? "\(why), so this checkout was priced again from the cart as it is now. Check it before placing."
            : "\(why): nothing is left to order."
        checkout.phase = leftToOrder ? .quoting : .review
        self = checkout
        return leftToOrder ? plan : nil
    }
}
