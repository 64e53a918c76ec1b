import ArgumentParser
import Foundation
import ShopCore

/// `reelshop orders`: orders placed through Reelshop, with their status brought up to date.
struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "List orders placed through Reelshop and where they are."
    )

    @OptionGroup var options: CommonOptions
    @Flag(help: "Print JSON instead of text (never includes tokens).") var json = false

    func run() async throws {
        let state = try options.checkedStateDirectory()
        let store = OrderStore(stateDirectory: state)
        let catalog = try? Catalog.load(from: options.catalogDirectory)
        // Without a catalog (or a marketplace) the stored orders are still shown.
        var market: MarketConnection?
        if let catalog { market = try? await MarketConnection.open(options, catalog: catalog) }
        defer { if let market { Task { await market.close() } } }
        let coordinator = catalog.flatMap { catalog in
            market.map { CheckoutCoordinator(stateDirectory: state, catalog: catalog, registry: $0.registry) }
        }
        // An order an earlier process placed but did not finish recording is found first.
        if let coordinator { _ = await MarketCLI.reconcile(coordinator) }
        var (orders, recovery) = try await MarketCLI.call { try store.load() }
        if let recovery { MarketCLI.note(recovery.description) }
        // Statuses come from the marketplaces; without a catalog the stored ones are shown.
        if !orders.isEmpty, let coordinator {
            // A full disk or a read-only state directory must not hide the orders already saved.
            do {
                orders = try await coordinator.refreshOrders()
            } catch {
                MarketCLI.note("could not bring the order statuses up to date (\(error)); showing the saved ones.")
            }
        }
        if json {
            try Output.json(orders)
            return
        }
        guard !orders.isEmpty else {
            Output.line("No orders yet.")
            return
        }
        // orders.json keeps each line's title as it was bought: shown safely even after the
        // catalog that held escapes is fixed.
        var out: [String] = []
        for order in orders.reversed() {
            let count = order.itemCount == 1 ? "1 item" : "\(order.itemCount) items"
            out.append("\(shown(order.id))  \(shown(order.marketplaceName))  \(order.total)  \(count)  placed \(MarketCLI.shortDate(order.placedAt))")
            let arrival = order.status == .delivered ? "" : " · \(Quote.arrivalLabel(order.deliveryEstimate))"
            out.append("  \(order.status.label)\(arrival)")
            for line in order.lines {
                out.append("  \(line.quantity) × \(shown(line.title)) (\(shown(line.variantLabel)))  \(line.total)")
            }
        }
        Output.line(out.joined(separator: "\n"))
    }
}
