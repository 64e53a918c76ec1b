import Foundation

/// The cart in `cart.json` under the state directory, checked against the catalog.
///
/// Every change goes through `JSONDocumentStore.update` (lock, read, modify, atomic write), so
/// several open instances and `reelshop cart` commands never lose each other's changes.
public struct CartStore: Sendable {
    public let document: JSONDocumentStore<Cart>
    public let catalog: Catalog
    private let now: @Sendable () -> Date

    public init(stateDirectory: StateDirectory, catalog: Catalog, now: @escaping @Sendable () -> Date = { Date() }) {
        self.document = JSONDocumentStore(url: stateDirectory.cartFile, mode: 0o600, now: now)
        self.catalog = catalog
        self.now = now
    }

    public var url: URL { document.url }

    /// The saved cart; an unreadable file is moved aside and reported.
    public func load() throws -> (cart: Cart, recovery: Recovery?) {
        let (cart, recovery) = try document.load()
        return (cart, recovery)
    }

    /// Adds a product (its default variant unless one is named) at the catalog's current price.
    public func add(productID: String, variantID: String? = nil, quantity: Int = 1) throws -> CartChange<Cart.AddOutcome> {
        guard Cart.quantityRange.contains(quantity) else { throw CartError.badQuantity(quantity) }
        let (key, price) = try resolve(productID: productID, variantID: variantID)
        let date = now()
        let result = try document.update { cart in cart.add(key, quantity: quantity, unitPrice: price, at: date) }
        return CartChange(outcome: result.result, cart: result.document, recovery: result.recovery)
    }

    /// Changes a line's quantity by `delta`, staying within 1…99.
    public func adjust(_ key: CartLineKey, by delta: Int) throws -> CartChange<Int?> {
        let result = try document.update { cart -> Int? in
            guard let line = cart.line(key) else { return nil }
            return cart.setQuantity(key, to: line.quantity + delta)
        }
        return CartChange(outcome: result.result, cart: result.document, recovery: result.recovery)
    }

    /// Removes a line (or all lines of a product when `variantID` is nil); returns how many went.
    public func remove(productID: String, variantID: String? = nil) throws -> CartChange<Int> {
        let result = try document.update { cart in cart.remove(productID: productID, variantID: variantID) }
        return CartChange(outcome: result.result, cart: result.document, recovery: result.recovery)
    }

    /// Removes exactly one line (a deal line and a regular line of one variant are separate).
    public func remove(_ key: CartLineKey) throws -> CartChange<Bool> {
        let result = try document.update { cart in cart.remove(key) }
        return CartChange(outcome: result.result, cart: result.document, recovery: result.recovery)
    }

    /// Adds units at a LIVE flash deal's price. The deal's countdown, units and per-buyer limit
    /// are checked inside the cart's lock, counting the deal units already in the cart, so two
    /// windows cannot together go over the limit. `deals` carries the clock and the orders.
    public func addDeal(_ dealID: String, variantID: String? = nil, quantity: Int = 1, deals: DealDesk) throws -> CartChange<Cart.AddOutcome> {
        guard Cart.quantityRange.contains(quantity) else { throw CartError.badQuantity(quantity) }
        guard let offer = deals.offer(id: dealID) else { throw CartError("That flash deal is not running.") }
        let (key, _) = try resolve(productID: offer.deal.productID, variantID: variantID)
        let dealKey = CartLineKey(productID: key.productID, variantID: key.variantID, dealID: dealID)
        let date = now()
        let result = try document.update { cart -> Cart.AddOutcome in
            let inCart = cart.lines.filter { $0.dealID == dealID }.reduce(0) { $0 + $1.quantity }
            if let refusal = deals.refusal(dealID: dealID, quantity: quantity, inCart: inCart) { throw CartError(refusal) }
            return cart.add(dealKey, quantity: quantity, unitPrice: offer.deal.dealPrice, at: date)
        }
        return CartChange(outcome: result.result, cart: result.document, recovery: result.recovery)
    }

    public func clear() throws -> CartChange<Int> {
        let result = try document.update { cart -> Int in
            let count = cart.lines.count
            cart.clear()
            return count
        }
        return CartChange(outcome: result.result, cart: result.document, recovery: result.recovery)
    }

    /// The cart priced and grouped against the catalog.
    public func summary(of cart: Cart) -> CartSummary { CartSummary(cart: cart, catalog: catalog) }

    private func resolve(productID: String, variantID: String?) throws(CartError) -> (CartLineKey, Money) {
        guard let product = catalog.product(productID) else { throw CartError.unknownProduct(productID) }
        let variant: Variant
        if let variantID {
            guard let named = product.variant(variantID) else { throw CartError.unknownVariant(variantID, of: product) }
            guard named.stock > 0 else { throw CartError.outOfStock(product, named) }
            variant = named
        } else {
            guard let first = product.defaultVariant else { throw CartError.outOfStock(product, nil) }
            variant = first
        }
        return (CartLineKey(productID: product.id, variantID: variant.id), product.price)
    }
}

/// The result of one cart change: what happened, the cart now, and any file recovery.
public struct CartChange<Outcome: Sendable>: Sendable {
    public var outcome: Outcome
    public var cart: Cart
    public var recovery: Recovery?
}
