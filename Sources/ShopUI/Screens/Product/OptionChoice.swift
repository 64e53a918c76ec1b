import ShopCore

/// `a` and `b` on a post (LIVE deals included) never pick a size or colour for the buyer: a
/// product with one variant is added or bought at once, as before; one with more opens its sheet
/// asking "Choose a size", with no option highlighted, and adds or buys only once ←/→ has picked
/// one. The sheet closes again after the add (the buyer was on the feed).
extension Reducer {
    static func addOrBuy(_ state: inout AppState, productID: String, intent: OptionChoice.Intent, dealID: String? = nil) -> [Effect] {
        guard let product = state.catalog.product(productID), product.variants.count > 1 else {
            switch intent {
            case .add:
                return dealID.map { [.cart(.addDeal(dealID: $0, variantID: nil, quantity: 1, orders: state.market.orders, date: state.market.now))] }
                    ?? [.cart(.add(productID: productID, variantID: nil, quantity: 1))]
            case .buy:
                return buyNow(&state, productID: productID, variantID: nil, quantity: 1, dealID: dealID)
            }
        }
        state.routes.append(
            .product(
                ProductSheetState(
                    productID: productID, variantIndex: 0,
                    choice: OptionChoice(intent: intent, dealID: dealID))))
        return []
    }

    /// Keys the sheet handles differently while it asks for an option; nil: the sheet's usual keys.
    static func choiceCommand(_ state: inout AppState, _ sheet: inout ProductSheetState, _ command: Command) -> [Effect]? {
        guard var choice = sheet.choice, let product = state.catalog.product(sheet.productID) else { return nil }
        let inStock = product.variants.indices.filter { product.variants[$0].stock > 0 }
        switch command {
        case .chooseOption(let index) where product.variants.indices.contains(index):
            // A click on an option picks that one.
            guard !choice.made else { return nil }
            sheet.variantIndex = index
            choice.made = true
            sheet.choice = choice
            sheet.quantity = 1
            return []
        case .nextOption, .previousOption:
            guard !choice.made else { return nil }
            // The first press picks the first option in stock (from the end going left).
            let forward = command == .nextOption
            sheet.variantIndex = (forward ? inStock.first : inStock.last) ?? (forward ? 0 : product.variants.count - 1)
            choice.made = true
            sheet.choice = choice
            sheet.quantity = 1
            return []
        case .moreQuantity, .lessQuantity, .addToCart, .buyNow, .confirmChoice:
            guard choice.made else {
                showToast(&state, "\(optionPrompt(product)) first: ←/→ picks one.", .info)
                return []
            }
            guard [Command.addToCart, .buyNow, .confirmChoice].contains(command) else { return nil }
            let variant = product.variants[min(sheet.variantIndex, product.variants.count - 1)]
            guard variant.stock > 0 else {
                showToast(&state, "\(variant.label) is out of stock — pick another option with ←/→.", .warning)
                return []
            }
            let intent: OptionChoice.Intent = command == .addToCart ? .add : command == .buyNow ? .buy : choice.intent
            if let dealID = choice.dealID,
                let refusal = state.deals.refusal(dealID: dealID, quantity: sheet.quantity, inCart: dealUnitsInCart(state, dealID))
            {
                showToast(&state, refusal + " Nothing was added.", .warning)
                return []
            }
            switch intent {
            case .add:
                state.routes.removeLast()
                if let dealID = choice.dealID {
                    return [
                        .cart(.addDeal(dealID: dealID, variantID: variant.id, quantity: sheet.quantity, orders: state.market.orders, date: state.market.now))
                    ]
                }
                return [.cart(.add(productID: product.id, variantID: variant.id, quantity: sheet.quantity))]
            case .buy:
                let sheetIndex = state.routes.count - 1
                let effects = buyNow(&state, productID: product.id, variantID: variant.id, quantity: sheet.quantity, dealID: choice.dealID)
                // The checkout takes the sheet's place: leaving it goes back to the post.
                if state.routes.count > sheetIndex + 1, case .checkout = state.top { state.routes.remove(at: sheetIndex) }
                return effects
            }
        default:
            return nil
        }
    }

    /// "Choose a size", "Choose a colour and size", "Choose an option": the option names whose
    /// values differ between the product's variants.
    static func optionPrompt(_ product: Product) -> String {
        let names = Set(product.variants.flatMap { $0.options.keys }).sorted()
        let differing = names.filter { name in Set(product.variants.map { $0.options[name] }).count > 1 }
        let shown = (differing.isEmpty ? names : differing).map { $0.lowercased() }
        guard let first = shown.first else { return "Choose an option" }
        let list = shown.count == 1 ? first : shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
        let article = "aeiou".contains(first.prefix(1)) ? "an" : "a"
        return "Choose \(article) \(list)"
    }
}
