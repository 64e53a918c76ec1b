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
