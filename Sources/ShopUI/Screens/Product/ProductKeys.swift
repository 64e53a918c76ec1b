import ShopCore

/// The product sheet's keys and what they do; while it asks for an option, `OptionChoice.swift` answers first.
extension Keymaps {
    static let options = KeyBinding(
        [.left, .character("h"), .backTab, .up, .character("k")].map { ($0, Command.previousOption) }
            + [.right, .character("l"), .tab, .down, .character("j")].map { ($0, Command.nextOption) },
        "← → h l", "choose an option", footers: [("←/→", "option")])

    static let quantity = KeyBinding(
        [
            (.character("+"), .moreQuantity), (.character("="), .moreQuantity),
            (.character("-"), .lessQuantity), (.character("_"), .lessQuantity),
        ],
        "+ -", "quantity", footers: [("+/-", "quantity")])

    public static let product = Keymap(
        "Product",
        [
            options,
            quantity,
            KeyBinding([.character("a"), .enter], "a ⏎", "add to cart", footer: ("a/⏎", "add to cart"), .addToCart),
            KeyBinding([.character("b")], "b", "buy now", footer: ("b", "buy now"), .buyNow),
            cart.footer(("c", "cart")),
            back(),
            GlobalKeys.help,
        ])

    /// The product sheet `a` or `b` on a post opened to ask for a size or colour.
    public static func optionChoice(_ choice: OptionChoice?) -> Keymap {
        Keymap(
            "Pick option",
            [
                options.footer(("←/→", "choose")),
                KeyBinding([.enter], "⏎", "add or buy, as the post asked", footer: ("⏎", choice?.intent == .buy ? "buy now" : "add to cart"), .confirmChoice),
                quantity,
                KeyBinding([.character("a")], "a", "add to cart instead", .addToCart),
                KeyBinding([.character("b")], "b", "buy now instead", .buyNow),
                cart.footer(nil),
                back(footer: ("esc", "cancel")),
                GlobalKeys.help,
            ])
    }
}

extension Reducer {
    static func productCommand(_ state: inout AppState, _ sheet: inout ProductSheetState, _ command: Command) -> [Effect] {
        if let effects = choiceCommand(&state, &sheet, command) { return effects }
        guard let product = state.catalog.product(sheet.productID) else {
            state.routes.removeLast()
            return []
        }
        if command == .buyNow {
            let variant = product.variants.indices.contains(sheet.variantIndex) ? product.variants[sheet.variantIndex] : nil
            if let variant, variant.stock <= 0 {
                showToast(&state, "\(variant.label) is out of stock — pick another option with ←/→.", .warning)
                return []
            }
            return buyNow(&state, productID: product.id, variantID: variant?.id, quantity: sheet.quantity)
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
                showToast(
                    &state,
                    variant.stock <= sheet.quantity && variant.stock < Cart.quantityRange.upperBound
                        ? "Only \(variant.stock) in stock." : "At most \(Cart.quantityRange.upperBound) per line.", .info);
                return []
            }
        case .lessQuantity:
            sheet.quantity = max(1, sheet.quantity - 1)
        case .addToCart:
            let variant = product.variants[sheet.variantIndex]
            guard variant.stock > 0 else {
                showToast(&state, "\(variant.label) is out of stock — pick another option with ←/→.", .warning)
                return []
            }
            return [.cart(.add(productID: product.id, variantID: variant.id, quantity: sheet.quantity))]
        case .openCart:
            state.routes.append(.cart(CartScreenState()))
        default: break
        }
        return []
    }

    static func openProduct(_ state: inout AppState, _ productID: String) {
        guard let product = state.catalog.product(productID) else { return }
        let index = product.variants.firstIndex { $0.stock > 0 } ?? 0
        state.routes.append(.product(ProductSheetState(productID: productID, variantIndex: index)))
    }

    static func maxQuantity(_ variant: Variant) -> Int {
        max(1, min(variant.stock, Cart.quantityRange.upperBound))
    }
}
