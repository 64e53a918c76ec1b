import ShopCore

/// The app's only state transition: synchronous, pure, and answered with effects to perform.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let indexBefore = state.feed.index, itemBefore = state.currentItem, tabBefore = state.feed.tab
        let cartBefore = state.cart
        let effects = reduceAction(&state, action)
        if state.cart != cartBefore { followCartSelection(&state, from: cartBefore) }
        syncPlayback(&state, previousIndex: indexBefore, itemChanged: state.currentItem != itemBefore, tabChanged: state.feed.tab != tabBefore)
        return effects
    }

    private static func reduceAction(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .tick(let now):
            tick(&state, now: now)
            return []
        case .clock(let date):
            if date > state.market.now { state.market.now = date }
            return []
        case .resize(let size):
            state.size = size
            return []
        case .terminate:
            state.isRunning = false
            return [.quit]
        case .toastExpired(let id):
            if state.toast?.id == id { state.toast = nil }
            return []
        // The cart screen's selection follows its line through these (see `followCartSelection`).
        case .cartLoaded(let cart, let recovery):
            state.cart = cart
            return recovery.map { showToast(&state, $0.description, .warning) } ?? []
        case .cartSaved(let cart, let message, let recovery):
            state.cart = cart
            var effects = showToast(&state, message, .success)
            if let recovery { effects += showToast(&state, recovery.description, .warning) }
            return effects
        case .cartChangedElsewhere(let cart, let recovery):
            guard cart.lines != state.cart.lines || recovery != nil else { state.cart = cart; return [] }
            let selected = selectedCartLine(state)
            state.cart = cart
            // An open checkout priced from the old cart is priced again (issue 11).
            let checkouts = checkoutsSee(&state, cart, why: "The cart changed in another window")
            if let recovery { return showToast(&state, recovery.description, .warning) + checkouts }
            if let selected, cart.line(selected.line.key) == nil {
                return showToast(&state, "The line you had selected, \(selected.title), was removed in another window. "
                                 + "Cart: \(Format.count(cart.itemCount, "item")).", .info) + checkouts
            }
            return showToast(&state, "The cart was changed in another window: now \(Format.count(cart.itemCount, "item")).", .info) + checkouts
        case .cartFailed(let message):
            return showToast(&state, message, .error)
        case .mouse(let event):
            return mouse(&state, event)
        case .key(let key):
            return self.key(&state, key)
        case .market(let action):
            return market(&state, action)
        case .social(let action):
            return social(&state, action)
        case .demo(let action):
            return demo(&state, action)
        }
    }

    // MARK: - Input

    private static func key(_ state: inout AppState, _ key: Key) -> [Effect] {
        if state.isTooSmall {
            if key == .character("q") { return quit(&state) }
            return []
        }
        // Text entry and the first-run picker take every key, "?" and "q" included.
        if case .search(let search) = state.top { return searchKey(&state, search, key) }
        if case .interests(let picker) = state.top { return interestsKey(&state, picker, key) }
        if state.top == nil, state.currentLive != nil, let effects = liveKey(&state, key) { return effects }
        if case .product(let sheet) = state.top, let effects = choiceKey(&state, sheet, key) { return effects }
        if let effects = marketKey(&state, key) { return effects }
        if key == .character("?") {
            if state.top == .help { state.routes.removeLast() } else { state.routes.append(.help) }
            return []
        }
        switch state.top {
        case nil: return feedKey(&state, key)
        case .help:
            if key == .escape || key == .character("q") || key == .enter { state.routes.removeLast() }
            return []
        case .product(let sheet): return productKey(&state, sheet, key)
        case .cart(let screen): return cartKey(&state, screen, key)
        case .accounts, .link, .checkout, .orders: return []
        case .search(let search): return searchKey(&state, search, key)
        case .interests(let picker): return interestsKey(&state, picker, key)
        }
    }

    private static func mouse(_ state: inout AppState, _ event: MouseEvent) -> [Effect] {
        guard !state.isTooSmall else { return [] }
        switch (state.top, event) {
        case (nil, .wheelDown): moveFeed(&state, by: 1)
        case (nil, .wheelUp): moveFeed(&state, by: -1)
        case (.cart(var screen), .wheelDown):
            screen.selection += 1
            state.routes[state.routes.count - 1] = .cart(screen)
            clampCartSelection(&state)
        case (.cart(var screen), .wheelUp):
            screen.selection -= 1
            state.routes[state.routes.count - 1] = .cart(screen)
            clampCartSelection(&state)
        default: break
        }
        return []
    }

    private static func feedKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        if tabKey(&state, key) { return [] }
        switch key {
        case .character("/"): openSearch(&state)
        case .character("j"), .down, .character(" "), .pageDown: moveFeed(&state, by: 1)
        case .character("k"), .up, .pageUp: moveFeed(&state, by: -1)
        case .home: state.feed.index = 0
        case .enter:
            if let post = state.currentPost { openProduct(&state, post.productID) }
        case .character("a"):
            if let post = state.currentPost { return addOrBuy(&state, productID: post.productID, intent: .add) }
        case .character("c"): state.routes.append(.cart(CartScreenState()))
        case .character("p"): togglePause(&state)
        case .character("q"): return quit(&state)
        default: return socialKey(&state, key) ?? []
        }
        return []
    }

    private static func productKey(_ state: inout AppState, _ sheet: ProductSheetState, _ key: Key) -> [Effect] {
        guard let product = state.catalog.product(sheet.productID) else {
            state.routes.removeLast()
            return []
        }
        var sheet = sheet
        defer {
            if case .product = state.top { state.routes[state.routes.count - 1] = .product(sheet) }
        }
        switch key {
        case .escape, .character("q"), .backspace: state.routes.removeLast()
        case .left, .character("h"), .backTab, .up, .character("k"):
            sheet.variantIndex = (sheet.variantIndex - 1 + product.variants.count) % product.variants.count
            sheet.quantity = min(sheet.quantity, maxQuantity(product.variants[sheet.variantIndex]))
        case .right, .character("l"), .tab, .down, .character("j"):
            sheet.variantIndex = (sheet.variantIndex + 1) % product.variants.count
            sheet.quantity = min(sheet.quantity, maxQuantity(product.variants[sheet.variantIndex]))
        case .character("+"), .character("="):
            let variant = product.variants[sheet.variantIndex]
            if sheet.quantity < maxQuantity(variant) {
                sheet.quantity += 1
            } else {
                return showToast(&state, variant.stock <= sheet.quantity && variant.stock < Cart.quantityRange.upperBound
                    ? "Only \(variant.stock) in stock." : "At most \(Cart.quantityRange.upperBound) per line.", .info)
            }
        case .character("-"), .character("_"):
            sheet.quantity = max(1, sheet.quantity - 1)
        case .character("a"), .enter:
            let variant = product.variants[sheet.variantIndex]
            guard variant.stock > 0 else {
                return showToast(&state, "\(variant.label) is out of stock — pick another option with ←/→.", .warning)
            }
            return [.addToCart(productID: product.id, variantID: variant.id, quantity: sheet.quantity)]
        case .character("c"):
            state.routes.append(.cart(CartScreenState()))
        default: break
        }
        return []
    }

    private static func cartKey(_ state: inout AppState, _ screen: CartScreenState, _ key: Key) -> [Effect] {
        let lines = state.cartSummary.lines
        var screen = screen
        defer {
            if case .cart = state.top {
                state.routes[state.routes.count - 1] = .cart(screen)
                clampCartSelection(&state)
            }
        }
        let selected = lines.indices.contains(screen.selection) ? lines[screen.selection] : nil
        switch key {
        case .escape, .character("q"), .character("c"), .backspace: state.routes.removeLast()
        case .down, .character("j"), .tab: screen.selection += 1
        case .up, .character("k"), .backTab: screen.selection -= 1
        case .home: screen.selection = 0
        case .end: screen.selection = lines.count - 1
        case .character("+"), .character("="), .right, .character("l"):
            if let selected {
                if selected.line.quantity >= Cart.quantityRange.upperBound {
                    return showToast(&state, "At most \(Cart.quantityRange.upperBound) per line.", .info)
                }
                if let dealID = selected.line.dealID,
                   let refusal = state.deals.refusal(dealID: dealID, quantity: 1, inCart: dealUnitsInCart(state, dealID)) {
                    return showToast(&state, refusal, .warning)
                }
                return [.adjustQuantity(selected.line.key, delta: 1)]
            }
        case .character("-"), .character("_"), .left, .character("h"):
            if let selected {
                if selected.line.quantity <= 1 {
                    return showToast(&state, "Press x to remove the line.", .info)
                }
                return [.adjustQuantity(selected.line.key, delta: -1)]
            }
        case .character("x"), .delete:
            if let selected { return [.removeLine(selected.line.key)] }
        default: break
        }
        return []
    }

    // MARK: - Helpers

    private static func moveFeed(_ state: inout AppState, by delta: Int) {
        let count = state.feed.items.count
        guard count > 0 else { return }
        state.feed.index = (state.feed.index + delta + count) % count
    }

    static func openProduct(_ state: inout AppState, _ productID: String) {
        guard let product = state.catalog.product(productID) else { return }
        let index = product.variants.firstIndex { $0.stock > 0 } ?? 0
        state.routes.append(.product(ProductSheetState(productID: productID, variantIndex: index)))
    }

    private static func maxQuantity(_ variant: Variant) -> Int {
        max(1, min(variant.stock, Cart.quantityRange.upperBound))
    }

    private static func quit(_ state: inout AppState) -> [Effect] {
        state.isRunning = false
        return [.quit]
    }

    /// The line the cart screen on top shows as selected.
    static func selectedCartLine(_ state: AppState) -> CartSummary.Line? {
        guard case .cart(let screen) = state.top else { return nil }
        let lines = state.cartSummary.lines
        return lines.indices.contains(screen.selection) ? lines[screen.selection] : nil
    }

    /// After the cart changed (here, in another window, or by a checkout), every cart screen keeps
    /// the same line selected: the same product, variant and deal, wherever it is listed now. If
    /// that line is gone, the next one in the old order that is still there, else the one before.
    static func followCartSelection(_ state: inout AppState, from old: Cart) {
        let oldKeys = CartSummary(cart: old, catalog: state.catalog).lines.map(\.line.key)
        let newKeys = state.cartSummary.lines.map(\.line.key)
        for index in state.routes.indices {
            guard case .cart(var screen) = state.routes[index] else { continue }
            screen.selection = followedSelection(screen.selection, old: oldKeys, new: newKeys)
            state.routes[index] = .cart(screen)
        }
    }

    static func followedSelection(_ selection: Int, old: [CartLineKey], new: [CartLineKey]) -> Int {
        guard !new.isEmpty else { return 0 }
        guard old.indices.contains(selection) else { return min(max(selection, 0), new.count - 1) }
        let after = old[selection...], before = old[..<selection].reversed()
        for key in after + before {
            if let found = new.firstIndex(of: key) { return found }
        }
        return min(selection, new.count - 1)
    }

    private static func clampCartSelection(_ state: inout AppState) {
        guard case .cart(var screen) = state.top else { return }
        let count = state.cartSummary.lines.count
        screen.selection = count == 0 ? 0 : min(max(screen.selection, 0), count - 1)
        state.routes[state.routes.count - 1] = .cart(screen)
    }

    static func showToast(_ state: inout AppState, _ message: String, _ kind: Toast.Kind) -> [Effect] {
        let id = state.nextToastID
        state.nextToastID += 1
        state.toast = Toast(id: id, message: message, kind: kind)
        let seconds: Double = kind == .warning || kind == .error ? 8 : 3
        return [.expireToast(id: id, afterSeconds: seconds)]
    }
}
