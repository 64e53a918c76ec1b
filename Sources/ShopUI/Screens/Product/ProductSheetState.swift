/// The product sheet: which product, and the variant and quantity being chosen.
public struct ProductSheetState: Sendable, Equatable {
    public var productID: String
    public var variantIndex: Int
    public var quantity = 1
    /// Set when `a` or `b` on a post opened the sheet to ask which option (size, colour): nothing
    /// is added or bought until one is picked (`OptionChoice.swift`, beside it).
    public var choice: OptionChoice?

    public init(productID: String, variantIndex: Int, choice: OptionChoice? = nil) {
        self.productID = productID
        self.variantIndex = variantIndex
        self.choice = choice
    }

    /// Whether an option is chosen: always on a sheet opened with ⏎, only after ←/→ on one that asks.
    public var hasChosenVariant: Bool { choice?.made ?? true }
}

/// `a` / `b` on a post whose product comes in more than one option: what to do once one is picked.
public struct OptionChoice: Sendable, Equatable {
    public enum Intent: Sendable, Equatable {
        case add
        case buy
    }

    public var intent: Intent
    /// The LIVE flash deal the unit is taken at (nil: the regular price).
    public var dealID: String?
    /// False until ←/→ picks an option; until then the sheet highlights none and adds nothing.
    public var made = false

    public init(intent: Intent, dealID: String? = nil) {
        self.intent = intent
        self.dealID = dealID
    }
}
