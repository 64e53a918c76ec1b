import Foundation
import ShopCore

/// Cart work for the runner, each a complete value: the runner performs it on the `CartStore`
/// without reading the app's state, and answers with a `CartAction`.
public enum CartEffect: Hashable, Sendable {
    /// `variantID` nil: the product's first variant in stock.
    case add(productID: String, variantID: String?, quantity: Int)
    case adjust(CartLineKey, delta: Int)
    case remove(CartLineKey)
    /// Units at a LIVE flash deal's price. The store checks the deal again under its lock, judged
    /// by the buyer's `orders` (the per-buyer limit) at `date` (the countdown). `variantID` nil:
    /// the product's only variant.
    case addDeal(dealID: String, variantID: String?, quantity: Int, orders: [Order], date: Date)
}

/// What the cart file says, and what became of this instance's changes. The reducer writes the
/// words the user sees from these (`Reducer.cart`).
public enum CartAction: Sendable, Equatable {
    /// The cart as first read at start-up.
    case loaded(Cart, recovery: Recovery?)
    /// Another process changed cart.json; this is its new content.
    case changedElsewhere(Cart, recovery: Recovery?)
    /// A change this instance asked for was saved.
    case saved(CartSaved)
    case failed(CartFailure)
}

/// One saved change: what was asked, what the store did, and the cart now.
public struct CartSaved: Sendable, Equatable {
    public var request: CartEffect
    public var outcome: Outcome
    public var cart: Cart
    public var recovery: Recovery?

    public enum Outcome: Sendable, Equatable {
        case added(Cart.AddOutcome)
        /// The line's quantity now; nil: the line was gone (another window removed it).
        case quantity(Int?)
        /// False: the line was already gone.
        case removed(Bool)
    }

    public init(request: CartEffect, outcome: Outcome, cart: Cart, recovery: Recovery? = nil) {
        self.request = request
        self.outcome = outcome
        self.cart = cart
        self.recovery = recovery
    }
}

/// Why the cart could not be read or changed.
public enum CartFailure: Sendable, Equatable {
    /// The change was refused (an unknown product, out of stock, a deal that ended…): its reason.
    case refused(CartError)
    /// cart.json could not be read (a storage error's description).
    case unreadable(String)
    /// The change could not be written (a storage error's description).
    case unsaved(String)
}

extension Reducer {
    /// The cart screen's selection follows its line through these (see `followCartSelection`).
    static func cart(_ state: inout AppState, _ action: CartAction) -> [Effect] {
        switch action {
        case .loaded(let cart, let recovery):
            state.cart = cart
            if let recovery { showToast(&state, recovery.description, .warning) }
            return []
        case .saved(let saved):
            state.cart = saved.cart
            showToast(&state, savedMessage(state, saved), .success)
            // A file that had to be recovered outranks the change's own words.
            if let recovery = saved.recovery { showToast(&state, recovery.description, .warning) }
            return []
        case .changedElsewhere(let cart, let recovery):
            guard cart.lines != state.cart.lines || recovery != nil else { state.cart = cart; return [] }
            let selected = selectedCartLine(state)
            state.cart = cart
            // An open checkout priced from the old cart is priced again (issue 11).
            let checkouts = checkoutsSee(&state, cart, why: "The cart changed in another window")
            if let recovery { showToast(&state, recovery.description, .warning); return checkouts }
            if let selected, cart.line(selected.line.key) == nil {
                showToast(
                    &state,
                    "The line you had selected, \(selected.title), was removed in another window. "
                        + "Cart: \(Format.count(cart.itemCount, "item")).", .info)
                return checkouts
            }
            showToast(&state, "The cart was changed in another window: now \(Format.count(cart.itemCount, "item")).", .info)
            return checkouts
        case .failed(let failure):
            switch failure {
            case .refused(let error): showToast(&state, error.message, .error); return []
            case .unreadable(let reason): showToast(&state, "The cart could not be read: \(reason)", .error); return []
            case .unsaved(let reason): showToast(&state, "The cart could not be saved: \(reason)", .error); return []
            }
        }
    }

    /// What the toast says about a saved change, named from the catalog the user sees.
    static func savedMessage(_ state: AppState, _ saved: CartSaved) -> String {
        let cart = saved.cart
        let items = "Cart: \(Format.count(cart.itemCount, "item"))."
        func title(_ productID: String) -> String { state.catalog.product(productID)?.title ?? productID }
        switch (saved.request, saved.outcome) {
        case (.add(let productID, let variantID, _), .added(let outcome)):
            let line = cart.lines.last { $0.productID == productID && $0.dealID == nil && (variantID == nil || $0.variantID == variantID) }
            let variant = line.flatMap { state.catalog.product(productID)?.variant($0.variantID) }
            let name = title(productID) + (variant.map { " (\($0.label))" } ?? "")
            switch outcome {
            case .added(let n): return "Added \(n > 1 ? "\(n) × " : "")\(name). \(items)"
            case .merged(let n): return "\(name): \(n) in the cart now. \(items)"
            case .capped(let n): return "\(name): \(n) in the cart, the most one line can hold."
            }
        case (.addDeal(let dealID, _, _, _, _), .added):
            // The line the store wrote carries the deal's price and the variant it resolved.
            let line = cart.lines.last { $0.dealID == dealID }
            let product = line.flatMap { state.catalog.product($0.productID) }
            let label = line.flatMap { product?.variant($0.variantID)?.label }.map { " (\($0))" } ?? ""
            let name = (product?.title ?? dealID) + label
            let price = line.map { " at the flash-deal price \($0.unitPrice.formatted)" } ?? ""
            return "Added \(name)\(price). \(items)"
        case (.adjust(let key, _), .quantity(let quantity)):
            guard let quantity else { return "\(title(key.productID)) is no longer in the cart: another window removed it." }
            return "\(title(key.productID)): quantity \(quantity)."
        case (.remove(let key), .removed(let removed)):
            guard removed else { return "\(title(key.productID)) was already gone: another window removed it. Nothing else was removed." }
            return "Removed \(title(key.productID)) from the cart."
        default:
            return "Cart saved. \(items)"
        }
    }
}
