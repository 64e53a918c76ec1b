import Foundation

/// What `CheckoutCoordinator.reconcile()` did with the intents an earlier process left, in
/// words for the user: nothing is finished, dropped or held without saying so.
public struct ReconcileReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The marketplace had the order under the key: it is in orders.json now and its lines
        /// are out of the cart.
        case recorded(Order)
        /// The marketplace had never seen the key (nothing was charged): it was placed now, with
        /// the same key and the total the buyer confirmed.
        case placed(Order)
        /// It will not become an order (the marketplace refused it, or it is too old to place
        /// now); its lines are still in the cart.
        case dropped(CheckoutIntent, reason: String)
        /// The marketplace could not say (not reachable, not linked): the intent stays, and so do
        /// its lines, held from other checkouts until the marketplace answers.
        case unresolved(CheckoutIntent, reason: String)

        /// The intent this outcome is about (an order carries its key).
        public var intent: (idempotencyKey: String, marketplaceID: String) {
            switch self {
            case .recorded(let order), .placed(let order): return (order.idempotencyKey, order.marketplaceID)
            case .dropped(let intent, _), .unresolved(let intent, _): return (intent.idempotencyKey, intent.marketplaceID)
            }
        }
    }

    public var outcomes: [Outcome]
    /// The cart after lines left it, when they did.
    public var cart: Cart?
    /// Problems reading the journal itself (a file moved aside, say).
    public var notes: [String]

    public init(outcomes: [Outcome] = [], cart: Cart? = nil, notes: [String] = []) {
        self.outcomes = outcomes
        self.cart = cart
        self.notes = notes
    }

    public var isEmpty: Bool { outcomes.isEmpty && notes.isEmpty }

    /// Orders that exist now and did not before this reconcile was asked (recorded or placed).
    public var orders: [Order] {
        outcomes.compactMap {
            switch $0 {
            case .recorded(let order), .placed(let order): return order
            default: return nil
            }
        }
    }

    /// Whether anything needs the user's attention (a drop or an unanswered intent).
    public var needsAttention: Bool {
        !notes.isEmpty
            || outcomes.contains {
                switch $0 {
                case .dropped, .unresolved: return true
                default: return false
                }
            }
    }

    /// One sentence per outcome.
    public var messages: [String] {
        notes
            + outcomes.map { outcome in
                switch outcome {
                case .recorded(let order):
                    return "Finished an order interrupted earlier: \(order.marketplaceName) \(order.id), \(order.total)."
                case .placed(let order):
                    return "An order you confirmed had not reached \(order.marketplaceName); it was placed now, once: \(order.id), \(order.total)."
                case .dropped(let intent, let reason):
                    return "An order you confirmed (\(intent.summary)) was not placed: \(Self.sentence(reason)) Its lines are still in the cart."
                case .unresolved(let intent, let reason):
                    return
                        "\(intent.marketplaceName) has not confirmed an order you placed (\(intent.summary)): \(Self.sentence(reason)) Reelshop will ask again, and holds those lines until it answers."
                }
            }
    }

    /// A reason as a sentence: ends with a full stop.
    static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.hasSuffix(".") || trimmed.hasSuffix("!") || trimmed.hasSuffix("?") ? trimmed : trimmed + "."
    }
}
