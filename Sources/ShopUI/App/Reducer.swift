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
        case .command(let command):
            return perform(&state, command)
        case .market(let action):
            return market(&state, action)
        case .social(let action):
            return social(&state, action)
        case .demo(let action):
            return demo(&state, action)
        }
    }

    // MARK: - Input

    /// A key: looked up in the keymaps in the order `GlobalKeys` documents, then performed.
    private static func key(_ state: inout AppState, _ key: Key) -> [Effect] {
        let keymap = Keymaps.of(state)
        let command = keymap.takesEveryKey ? keymap.command(for: key)
            : GlobalKeys.table.command(for: key) ?? keymap.command(for: key)
        guard let command else { return [] }
        return perform(&state, command)
    }

    /// What a key or a click asked for, done by the screen on top.
    static func perform(_ state: inout AppState, _ command: Command) -> [Effect] {
        if state.isTooSmall { return command == .quit ? quit(&state) : [] }
        if command == .toggleHelp {
            if state.top == .help { state.routes.removeLast() } else { state.routes.append(.help); state.helpScroll = 0 }
            return []
        }
        switch state.top {
        case nil: return feedCommand(&state, command)
        case .help:
            switch command {
            case .back: state.routes.removeLast()
            case .selectNext: state.helpScroll = min(state.helpScroll + 1, HelpOverlay.maxScroll(state))
            case .selectPrevious: state.helpScroll = max(0, state.helpScroll - 1)
            default: break
            }
            return []
        case .product(let sheet): return productCommand(&state, sheet, command)
        case .cart(let screen): return cartCommand(&state, screen, command)
        case .accounts(let screen): return accountsCommand(&state, screen, command)
        case .link(let screen): return linkCommand(&state, screen, command)
        case .checkout(let checkout):
            if checkout.voucherEntry != nil { return voucherCommand(&state, checkout, command) }
            return checkoutCommand(&state, checkout, command)
        case .orders(let screen): return ordersCommand(&state, screen, command)
        case .search(let search): return searchCommand(&state, search, command)
        case .interests(let picker): return interestsCommand(&state, picker, command)
        }
    }

    /// The wheel sends what ↓ and ↑ send on the screen on top (the next post, the next line),
    /// except on the product sheet, where ↓ would pick another option: scrolling never changes
    /// what is bought. A click is looked up by the runner in the regions the last frame drew
    /// (`Grid.command(atX:y:)`) and arrives as `.command`.
    private static func mouse(_ state: inout AppState, _ event: MouseEvent) -> [Effect] {
        guard !state.isTooSmall else { return [] }
        if case .product = state.top { return [] }
        let keymap = Keymaps.of(state)
        switch event {
        case .wheelDown: return keymap.command(for: .down).map { perform(&state, $0) } ?? []
        case .wheelUp: return keymap.command(for: .up).map { perform(&state, $0) } ?? []
        case .click: return []
        }
    }

    private static func feedCommand(_ state: inout AppState, _ command: Command) -> [Effect] {
        if state.currentLive != nil, let effects = liveCommand(&state, command) { return effects }
        switch command {
        case .nextTab, .previousTab, .showTab: tabCommand(&state, command)
        case .openSearch: openSearch(&state)
        case .nextPost: moveFeed(&state, by: 1)
        case .previousPost: moveFeed(&state, by: -1)
        case .firstPost: state.feed.index = 0
        case .openPost:
            if let post = state.currentPost { openProduct(&state, post.productID) }
        case .addPost:
            if let post = state.currentPost { return addOrBuy(&state, productID: post.productID, intent: .add) }
        case .buyPost:
            guard let post = state.currentPost else { return [] }
            return addOrBuy(&state, productID: post.productID, intent: .buy)
        case .openCart: state.routes.append(.cart(CartScreenState()))
        case .togglePause: togglePause(&state)
        case .quit: return quit(&state)
        case .openOrders: return openOrders(&state)
        case .openAccounts: return openAccounts(&state)
        default: return socialCommand(&state, command) ?? []
        }
        return []
    }

    private static func productCommand(_ state: inout AppState, _ sheet: ProductSheetState, _ command: Command) -> [Effect] {
        if let effects = choiceCommand(&state, sheet, command) { return effects }
        guard let product = state.catalog.product(sheet.productID) else {
            state.routes.removeLast()
            return []
        }
        if command == .buyNow {
            let variant = product.variants.indices.contains(sheet.variantIndex) ? product.variants[sheet.variantIndex] : nil
            if let variant, variant.stock <= 0 {
                return showToast(&state, "\(variant.label) is out of stock — pick another option with ←/→.", .warning)
            }
            return buyNow(&state, productID: product.id, variantID: variant?.id, quantity: sheet.quantity)
        }
        var sheet = sheet
        defer {
            if case .product = state.top { state.routes[state.routes.count - 1] = .product(sheet) }
        }
        switch command {
        case .back: state.routes.removeLast()
        case .previousOption:
            sheet.variantIndex = (sheet.variantIndex - 1 + product.variants.count) % product.variants.count
            sheet.quantity = min(sheet.quantity, maxQuantity(product.variants[sheet.variantIndex]))
        case .nextOption:
            sheet.variantIndex = (sheet.variantIndex + 1) % product.variants.count
            sheet.quantity = min(sheet.quantity, maxQuantity(product.variants[sheet.variantIndex]))
        case .chooseOption(let index) where product.variants.indices.contains(index):
            sheet.variantIndex = index
            sheet.quantity = min(sheet.quantity, maxQuantity(product.variants[sheet.variantIndex]))
        case .moreQuantity:
            let variant = product.variants[sheet.variantIndex]
            if sheet.quantity < maxQuantity(variant) {
                sheet.quantity += 1
            } else {
                return showToast(&state, variant.stock <= sheet.quantity && variant.stock < Cart.quantityRange.upperBound
                    ? "Only \(variant.stock) in stock." : "At most \(Cart.quantityRange.upperBound) per line.", .info)
            }
        case .lessQuantity:
            sheet.quantity = max(1, sheet.quantity - 1)
        case .addToCart:
            let variant = product.variants[sheet.variantIndex]
            guard variant.stock > 0 else {
                return showToast(&state, "\(variant.label) is out of stock — pick another option with ←/→.", .warning)
            }
            return [.addToCart(productID: product.id, variantID: variant.id, quantity: sheet.quantity)]
        case .openCart:
            state.routes.append(.cart(CartScreenState()))
        default: break
        }
        return []
    }

    private static func cartCommand(_ state: inout AppState, _ screen: CartScreenState, _ command: Command) -> [Effect] {
        switch command {
        case .checkOut: return checkoutCart(&state)
        case .openOrders: return openOrders(&state)
        // A click on the selected line does what ⏎ does.
        case .select(let index) where index == screen.selection: return checkoutCart(&state)
        default: break
        }
        let lines = state.cartSummary.lines
        var screen = screen
        defer {
            if case .cart = state.top {
                state.routes[state.routes.count - 1] = .cart(screen)
                clampCartSelection(&state)
            }
        }
        let selected = lines.indices.contains(screen.selection) ? lines[screen.selection] : nil
        switch command {
        case .back: state.routes.removeLast()
        case .selectNext: screen.selection += 1
        case .selectPrevious: screen.selection -= 1
        case .selectFirst: screen.selection = 0
        case .selectLast: screen.selection = lines.count - 1
        case .select(let index): screen.selection = index
        case .increase:
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
        case .decrease:
            if let selected {
                if selected.line.quantity <= 1 {
                    return showToast(&state, "Press x to remove the line.", .info)
                }
                return [.adjustQuantity(selected.line.key, delta: -1)]
            }
        case .removeLine:
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
