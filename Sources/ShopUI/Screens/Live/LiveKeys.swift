import ShopCore

/// Keys on a LIVE post: `b` buys the featured product (at the flash-deal price while the deal
/// runs), `a` adds it to the cart the same way, Enter opens it. The deal's countdown, units and
/// per-buyer limit are checked here for an immediate answer, and again by the cart store, the
/// checkout and the marketplace.
extension Keymaps {
    /// The keys a LIVE post adds to the feed's (or takes over from it).
    public static let liveOwn: [KeyBinding] = [
        KeyBinding(
            [(.character("b"), .buyPost), (.character("a"), .addPost)], "b a", "buy, add at deal price",
            footers: [("b", "buy"), ("a", "add")]),
        KeyBinding([.enter], "⏎", "open the product, regular price", footer: ("⏎", "view"), .openPost),
        KeyBinding([.character("f")], "f", "follow the host", footer: ("f", "follow"), .follow),
        KeyBinding([.character("l"), .character("s")], "l s", "(a stream cannot be liked or saved)", .likeLive),
    ]

    /// A LIVE post: its own keys, then the feed's other keys, out of the footer.
    public static let live: Keymap = {
        let own = Dictionary(uniqueKeysWithValues: liveOwn.map { ($0.label, $0) })
        let ordered = [scroll, own["b a"], own["⏎"], GlobalKeys.help, quit, own["f"], cart, own["l s"]].compactMap { $0 }
        return Keymap("LIVE", ordered + feed.shadowed(by: ordered).map { $0.footer(nil) })
    }()
}

extension Reducer {
    static func liveCommand(_ state: inout AppState, _ command: Command) -> [Effect]? {
        guard let live = state.currentLive else { return nil }
        let offer = state.deals.featured(in: live)
        let productID = offer?.deal.productID ?? live.pinnedProductIDs.first
        switch command {
        case .buyPost, .addPost:
            guard let productID else { return [] }
            let intent: OptionChoice.Intent = command == .buyPost ? .buy : .add
            guard let offer else { return addOrBuy(&state, productID: productID, intent: intent) }
            // A deal that is not running never turns into a full-price purchase behind the user's back.
            if let refusal = state.deals.refusal(dealID: offer.id, quantity: 1, inCart: dealUnitsInCart(state, offer.id)) {
                showToast(&state, refusal + " ⏎ shows it at the regular price.", .warning)
                return []
            }
            // More than one option: the sheet asks which, then adds or buys at the deal price.
            return addOrBuy(&state, productID: productID, intent: intent, dealID: offer.id)
        case .openPost:
            if let productID { openProduct(&state, productID) }
            return []
        case .likeLive, .like, .save:
            showToast(&state, "A LIVE stream cannot be liked or saved; f follows @\(live.hostHandle).", .info)
            return []
        default:
            return nil
        }
    }

    static func dealUnitsInCart(_ state: AppState, _ dealID: String) -> Int {
        state.cart.lines.filter { $0.dealID == dealID }.reduce(0) { $0 + $1.quantity }
    }
}
