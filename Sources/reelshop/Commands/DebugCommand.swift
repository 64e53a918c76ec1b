import ArgumentParser
import Foundation
import ShopCore

/// `reelshop debug …`: single writes through the real stores, for the fault-injection scripts.
///
/// Hidden from help. The storefront is the only other way to like a post, link an account or
/// place an order, and a terminal cannot be killed a thousand times a minute; these commands do
/// one such write each, in the same code the storefront runs, and print one line once it is on
/// disk, so a script can tell an acknowledged change from one that was cut off
/// (scripts/faults/kill-writes).
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Single writes through the real stores, for fault-injection scripts.",
        shouldDisplay: false,
        subcommands: [Social.self, Link.self, Buy.self, Checkout.self]
    )

    /// Likes, saves or follows (a toggle, as the storefront's `l` `s` `f` keys).
    struct Social: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Toggle a like, save or follow in social.json.")

        enum Kind: String, ExpressibleByArgument, CaseIterable { case like, save, follow }

        @OptionGroup var options: CommonOptions
        @Argument(help: "like, save or follow.") var kind: Kind
        @Argument(help: ArgumentHelp("A post id (like, save) or a creator handle (follow).", valueName: "id")) var id: String

        func run() async throws {
            let store = SocialStore(stateDirectory: try MarketCLI.preparedStateDirectory(options))
            let isOn = try await MarketCLI.call { () throws -> Bool in
                switch kind {
                case .like: return try store.toggleLike(id).isOn
                case .save: return try store.toggleSave(id).isOn
                case .follow: return try store.toggleFollow(id).isOn
                }
            }
            Output.line("\(isOn ? "on" : "off") \(kind.rawValue) \(shown(id))")
        }
    }

    /// Links a demo marketplace account end to end, approving the code on this device.
    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Link a demo marketplace account, approved on this device.")
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp("The marketplace id, e.g. riverstone.", valueName: "marketplace")) var marketplace: String

        func run() async throws {
            let (_, directory, registry) = try await demoMarket(options)
            let linker = AccountLinker(registry: registry, accounts: AccountStore(stateDirectory: directory))
            let authorization = try await MarketCLI.call { try await linker.start(marketplaceID: marketplace) }
            try await MarketCLI.call { try await linker.approveOnThisDevice(authorization) }
            switch await linker.poll(authorization) {
            case .linked: Output.line("linked \(shown(marketplace))")
            case .failed(let error): throw MarketCLI.fail(error.message, status: error.kind == .storage ? 74 : 1)
            default: throw MarketCLI.fail("The approved link to \(marketplace) did not finish on the first poll.")
            }
        }
    }

    /// Buys one product now (checkout of that item alone) with the linked account.
    struct Buy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Buy one product now through the linked demo account.")
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp("The product id.", valueName: "product")) var product: String

        func run() async throws {
            let (catalog, directory, registry) = try await demoMarket(options)
            let coordinator = CheckoutCoordinator(
                stateDirectory: directory, catalog: catalog, registry: registry,
                killSwitch: try MarketCLI.debugKillSwitch())
            _ = await MarketCLI.reconcile(coordinator)
            var plan = try storageCall { try CheckoutPlan.buyNow(productID: product, catalog: catalog, at: Date()) }
            plan = await coordinator.quote(plan)
            for index in plan.groups.indices { plan.groups[index].confirmPriceChanges() }
            let result = await coordinator.place(plan)
            if let (marketplace, error) = result.failures.first {
                throw MarketCLI.fail("\(marketplace): \(error.message)", status: error.kind == .storage ? 74 : 1)
            }
            guard let group = result.plan.groups.first else { throw MarketCLI.fail("\(product) is sold nowhere.") }
            switch group.status {
            case .placed(let order): Output.line("ordered \(shown(order.id))")
            case .failed(let error): throw MarketCLI.fail(error.message)
            case .needsLink: throw MarketCLI.fail("Link \(group.marketplace.name) first: reelshop debug link \(group.marketplaceID)")
            default: throw MarketCLI.fail("\(product) could not be ordered (\(group.status)).")
            }
        }
    }

    /// Checks out the whole cart through the linked demo accounts, as the storefront's checkout
    /// does after `y`: one order per linked marketplace, price changes accepted. Starts by
    /// finishing what an earlier, killed run left (the restart of the kill-point tests). Prints
    /// `ordered ID` per order placed, `not linked M` per marketplace left in the cart, or
    /// `nothing to order`.
    struct Checkout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check out the cart through the linked demo accounts.")
        @OptionGroup var options: CommonOptions

        func run() async throws {
            let (catalog, directory, registry) = try await demoMarket(options)
            let coordinator = CheckoutCoordinator(
                stateDirectory: directory, catalog: catalog, registry: registry,
                killSwitch: try MarketCLI.debugKillSwitch())
            _ = await MarketCLI.reconcile(coordinator)
            let cart = try storageCall { try CartStore(stateDirectory: directory, catalog: catalog).load().cart }
            var plan = CheckoutPlan.cart(cart, catalog: catalog)
            guard !plan.groups.isEmpty else {
                print("nothing to order")
                return
            }
            plan = await coordinator.quote(plan)
            plan.confirmPriceChanges()
            let result = await coordinator.place(plan)
            if result.staleCart != nil {
                throw MarketCLI.fail("The cart changed while it was being checked out; nothing was placed. Run the command again.")
            }
            for order in result.newlyPlaced { print("ordered \(order.id)") }
            for id in result.plan.marketplacesNeedingLink { print("not linked \(id)") }
            if let cartError = result.cartError { MarketCLI.note(cartError) }
            if let (marketplace, error) = result.failures.first(where: { $0.value.kind != .notLinked && $0.value.kind != .unauthorized }) {
                throw MarketCLI.fail("\(marketplace): \(error.message)", status: error.kind == .storage ? 74 : 1)
            }
            if result.newlyPlaced.isEmpty && result.plan.marketplacesNeedingLink.isEmpty { print("nothing to order") }
        }
    }
}

/// The catalog, the prepared state directory and its marketplaces, as the storefront has them
/// (`--market`, else the embedded server over the state directory's marketplace.sqlite, which
/// lives until the command exits).
private func demoMarket(_ options: CommonOptions) async throws -> (Catalog, StateDirectory, MarketplaceRegistry) {
    let catalog = try options.loadCatalog()
    let directory = try MarketCLI.preparedStateDirectory(options)
    let market = try await MarketConnection.open(options, catalog: catalog)
    return (catalog, directory, market.registry)
}
