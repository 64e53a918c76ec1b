import ArgumentParser
import Foundation
import ShopCore

/// `reelshop cart …`: the same cart file the storefront uses, from a script or another terminal.
struct CartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cart",
        abstract: "Show or change the cart without opening the storefront.",
        subcommands: [Show.self, Add.self, Remove.self, Clear.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the cart.")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() throws {
            let catalog = try common.loadCatalog()
            let store = try common.cartStore(catalog: catalog)
            let (cart, recovery) = try storageCall { try store.load() }
            if let recovery { CleanExit.note(recovery.description) }
            // Priced as a checkout would price it now: today's catalog, and the LIVE deals that
            // still honour a line (counted against the orders placed from this state directory).
            let orders = (try? OrderStore(stateDirectory: common.stateDirectory).load().orders) ?? []
            let deals = DealDesk(catalog: catalog, orders: orders, date: Date())
            let summary = CartSummary(cart: cart, catalog: catalog, deals: deals)
            if json {
                try Output.json(CartReport(cart: cart, summary: summary, deals: deals, file: store.url.path))
            } else {
                Output.text(CartText.render(cart: cart, summary: summary, deals: deals, file: store.url.path))
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a product (its first variant in stock unless --variant names one).")
        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("The product id.", valueName: "product")) var product: String
        @Option(help: ArgumentHelp("The variant id.", valueName: "variant")) var variant: String?
        @Option(help: ArgumentHelp("How many (1…99).", valueName: "n")) var quantity: Int = 1
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() throws {
            let catalog = try common.loadCatalog()
            let store = try common.cartStore(catalog: catalog)
            let change = try storageCall { try store.add(productID: product, variantID: variant, quantity: quantity) }
            if let recovery = change.recovery { CleanExit.note(recovery.description) }
            let title = catalog.product(product)?.title ?? product
            if json {
                // The variant the add chose: the one named, else the first in stock (as the store).
                let variantID = variant ?? catalog.product(product)?.defaultVariant?.id ?? ""
                try Output.json(
                    CartAddReport(
                        cartFile: store.url.path, productID: product, variantID: variantID, title: title,
                        outcome: change.outcome, itemCount: change.cart.itemCount))
                return
            }
            let name = shown(title)
            switch change.outcome {
            case .added(let n): Output.line("Added \(n) × \(name). Cart: \(items(change.cart.itemCount)).")
            case .merged(let n): Output.line("\(name): now \(n) in the cart. Cart: \(items(change.cart.itemCount)).")
            case .capped(let n): Output.line("\(name): capped at \(n) (the most a line can hold). Cart: \(items(change.cart.itemCount)).")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a product's line (or only one variant's).")
        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("The product id.", valueName: "product")) var product: String
        @Option(help: ArgumentHelp("Only this variant.", valueName: "variant")) var variant: String?

        func run() throws {
            let catalog = try common.loadCatalog()
            let store = try common.cartStore(catalog: catalog)
            let change = try storageCall { try store.remove(productID: product, variantID: variant) }
            if let recovery = change.recovery { CleanExit.note(recovery.description) }
            guard change.outcome > 0 else {
                throw CleanExit.message("\(shown(product))\(variant.map { " (\(shown($0)))" } ?? "") is not in the cart.", status: 1)
            }
            Output.line("Removed \(change.outcome) line\(change.outcome == 1 ? "" : "s"). Cart: \(items(change.cart.itemCount)).")
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Empty the cart.")
        @OptionGroup var common: CommonOptions

        func run() throws {
            let catalog = try common.loadCatalog()
            let store = try common.cartStore(catalog: catalog)
            let change = try storageCall { try store.clear() }
            if let recovery = change.recovery { CleanExit.note(recovery.description) }
            Output.line("Cleared \(change.outcome) line\(change.outcome == 1 ? "" : "s").")
        }
    }
}

/// "1 item", "3 items".
func items(_ count: Int) -> String { count == 1 ? "1 item" : "\(count) items" }

/// Turns cart and storage errors into a message on stderr and a non-zero exit.
func storageCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CartError {
        throw CleanExit.message(error.description, status: 1)
    } catch let error as StorageError {
        throw CleanExit.message(error.description, status: 74)
    }
}

/// `cart add --json`: what the add did to which line.
struct CartAddReport: Encodable {
    var cartFile: String
    var productID: String
    var variantID: String
    var title: String
    /// "added" (a new line), "merged" (into the line already there) or "capped" (at 99).
    var outcome: String
    /// What the line holds now.
    var quantity: Int
    var itemCount: Int

    init(cartFile: String, productID: String, variantID: String, title: String, outcome: Cart.AddOutcome, itemCount: Int) {
        self.cartFile = cartFile
        self.productID = productID
        self.variantID = variantID
        self.title = title
        switch outcome {
        case .added(let n): (self.outcome, quantity) = ("added", n)
        case .merged(let n): (self.outcome, quantity) = ("merged", n)
        case .capped(let n): (self.outcome, quantity) = ("capped", n)
        }
        self.itemCount = itemCount
    }
}

/// `cart show --json`: the stored lines plus what the catalog says of them.
struct CartReport: Encodable {
    struct Line: Encodable {
        var productID: String
        var variantID: String
        /// The LIVE flash deal the line was added at (absent for a line at the regular price).
        var dealID: String?
        var quantity: Int
        var unitPrice: Money
        var addedAt: Date
        var title: String
        var variant: String
        var marketplace: String?
        var available: Bool
        var status: String
        var lineTotal: Money
        /// What one unit costs now (a deal's price while it honours the line); absent when the
        /// product is gone.
        var currentUnitPrice: Money?
        var currentLineTotal: Money
        /// Why the price moved, as the storefront's cart says it; absent when it has not.
        var priceNote: String?
    }

    var cartFile: String
    var itemCount: Int
    var lines: [Line]
    /// Per marketplace, at the prices the lines were added.
    var subtotals: [String: [Money]]
    /// Per marketplace, at today's prices: what a checkout will ask.
    var currentSubtotals: [String: [Money]]

    init(cart: Cart, summary: CartSummary, deals: DealDesk?, file: String) {
        cartFile = file
        itemCount = cart.itemCount
        lines = summary.lines.map { line in
            Line(
                productID: line.line.productID, variantID: line.line.variantID, dealID: line.line.dealID, quantity: line.line.quantity,
                unitPrice: line.line.unitPrice, addedAt: line.line.addedAt, title: line.title,
                variant: line.variantLabel, marketplace: line.product?.marketplaceID,
                available: line.availability.canOrder, status: line.availability.label ?? "available",
                lineTotal: line.total, currentUnitPrice: line.currentUnitPrice, currentLineTotal: line.currentTotal,
                priceNote: line.priceNote(deals: deals))
        }
        var subtotals: [String: [Money]] = [:], current: [String: [Money]] = [:]
        for group in summary.groups {
            if let marketplace = group.marketplace {
                subtotals[marketplace.id] = group.subtotals
                current[marketplace.id] = group.currentSubtotals
            }
        }
        self.subtotals = subtotals
        currentSubtotals = current
    }
}

/// `cart show`: catalog text (titles, options, marketplaces) each on its own line, shown safely.
enum CartText {
    /// Line totals and subtotals at today's prices (what a checkout asks), each moved price
    /// explained under its line.
    static func render(cart: Cart, summary: CartSummary, deals: DealDesk?, file: String) -> String {
        guard !summary.isEmpty else { return "The cart is empty. (\(shown(file)))\n" }
        var out = "Cart · \(cart.itemCount) item\(cart.itemCount == 1 ? "" : "s")  (\(shown(file)))\n"
        for group in summary.groups {
            out += "\n\(shown(group.marketplace?.name ?? "No longer in the catalog"))\n"
            for line in group.lines {
                var text = "  \(line.line.quantity) × \(shown(line.title)) (\(shown(line.variantLabel)))"
                if let label = line.availability.label { text += " — \(label)" }
                out += pad(text, to: 58) + " " + line.currentTotal.formatted + "\n"
                if let note = line.priceNote(deals: deals) { out += "      \(shown(note))\n" }
            }
            for subtotal in group.currentSubtotals {
                out += pad("  Subtotal", to: 58) + " " + subtotal.formatted + "\n"
            }
        }
        return out
    }

    private static func pad(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
