import Foundation
import Testing

/// Issue 11, "an order must never be placed twice", with real processes: the binary is told to
/// SIGKILL itself at each step of placing an order (`REELSHOP_DEBUG_KILL_AT`), restarted, and
/// retried; the demo marketplace's own file is the count of what was charged.
@Suite(.serialized) struct OrderKillPointTests {
    /// A state directory with Riverstone linked and a cart of two claw clips (Riverstone) and a
    /// scrunchie (Lumen, not linked: it stays in the cart throughout).
    struct Shop {
        let sandbox: CLISandbox

        init() throws {
            sandbox = try CLISandbox()
            for arguments in [["debug", "link", "riverstone"], ["cart", "add", "claw-clip", "--quantity", "2"], ["cart", "add", "silk-scrunchie"]] {
                let result = try sandbox.reelshop(arguments + sandbox.common)
                #expect(result.status == 0, "\(arguments): \(result)")
            }
        }

        func reelshop(_ arguments: [String], killAt point: String? = nil) throws -> ProcessResult {
            var environment = sandbox.environment
            if let point { environment["REELSHOP_DEBUG_KILL_AT"] = point }
            return try run(reelshopBinary, arguments + sandbox.common, environment: environment)
        }

        func json(_ name: String) -> [String: Any] {
            guard let data = FileManager.default.contents(atPath: sandbox.state.appendingPathComponent(name).path),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return [:] }
            return object
        }

        /// Orders the marketplace itself holds for Riverstone (its SQLite database, read
        /// directly): what was charged.
        var chargedAtMarketplace: [MarketDatabase.OrderRow] {
            MarketDatabase.orders(in: sandbox.state.appendingPathComponent("marketplace.sqlite"), marketplaceID: "riverstone")
        }
        var recorded: [[String: Any]] { json("orders.json")["orders"] as? [[String: Any]] ?? [] }
        var intents: [[String: Any]] { json("checkout-journal.json")["intents"] as? [[String: Any]] ?? [] }
        var cart: [String] {
            (json("cart.json")["lines"] as? [[String: Any]] ?? []).map { "\($0["productID"] as? String ?? "?")×\($0["quantity"] as? Int ?? 0)" }
        }
    }

    static let points = ["intent-written", "marketplace-confirmed", "orders-written", "cart-written"]

    @Test(arguments: points)
    func killedAtEachStepThenRestartedAndRetriedChargesOnce(point: String) throws {
        let shop = try Shop()
        defer { shop.sandbox.remove() }

        let killed = try shop.reelshop(["debug", "checkout"], killAt: point)
        #expect(killed.signalled && killed.status == SIGKILL, "killed at \(point): \(killed)")
        // What the kill left, step by step.
        #expect(shop.intents.count == 1, "the intent is on disk before anything else")
        #expect(shop.chargedAtMarketplace.count == (point == "intent-written" ? 0 : 1))
        #expect(shop.recorded.count == (["orders-written", "cart-written"].contains(point) ? 1 : 0))
        #expect(shop.cart == (point == "cart-written" ? ["silk-scrunchie×1"] : ["claw-clip×2", "silk-scrunchie×1"]))

        // The restart finishes it; the retry (the same command again) orders nothing more.
        let restarted = try shop.reelshop(["debug", "checkout"])
        #expect(restarted.status == 0, "\(restarted)")
        #expect(
            restarted.stderr.contains(point == "intent-written" ? "it was placed now, once" : "Finished an order interrupted earlier"),
            "the user is told: \(restarted.stderr)")
        #expect(restarted.stdout.contains("not linked lumen"), "\(restarted)")
        let retried = try shop.reelshop(["debug", "checkout"])
        #expect(retried.status == 0, "\(retried)")

        #expect(shop.chargedAtMarketplace.count == 1, "exactly one order per intent at the marketplace")
        #expect(shop.recorded.count == 1)
        #expect(
            Set(shop.chargedAtMarketplace.map(\.idempotencyKey))
                == Set(shop.recorded.compactMap { $0["idempotencyKey"] as? String }), "the charge is the one recorded")
        #expect(shop.cart == ["silk-scrunchie×1"], "the ordered lines left the cart, nothing else did")
        #expect(shop.intents.isEmpty)
        #expect(!shop.sandbox.stateNames().contains { $0.hasSuffix(".claim") }, "no claim left: \(shop.sandbox.stateNames())")

        // `reelshop orders` agrees.
        let listed = try shop.reelshop(["orders", "--json"])
        #expect(listed.status == 0 && listed.stderr.isEmpty, "\(listed)")
    }

    @Test func ordersCommandReconcilesAnOrderTheMarketplaceConfirmed() throws {
        let shop = try Shop()
        defer { shop.sandbox.remove() }
        let killed = try shop.reelshop(["debug", "checkout"], killAt: "marketplace-confirmed")
        #expect(killed.signalled)
        let listed = try shop.reelshop(["orders"])
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.stderr.contains("Finished an order interrupted earlier"), "\(listed)")
        #expect(listed.stdout.contains("Riverstone Market"))
        #expect(shop.recorded.count == 1 && shop.chargedAtMarketplace.count == 1)
        #expect(shop.cart == ["silk-scrunchie×1"])
    }

    @Test func anUnknownKillPointIsRefused() throws {
        let shop = try Shop()
        defer { shop.sandbox.remove() }
        let refused = try shop.reelshop(["debug", "checkout"], killAt: "sometime")
        #expect(refused.status != 0 && !refused.signalled)
        #expect(refused.stderr.contains("REELSHOP_DEBUG_KILL_AT=sometime is not a kill point; use one of intent-written"), "\(refused)")
        #expect(shop.chargedAtMarketplace.isEmpty && shop.intents.isEmpty)
    }

    // MARK: - The storefront

    private func storefront(_ shop: Shop, killAt point: String? = nil) throws -> TmuxSession {
        var environment = shop.sandbox.environment
        environment.merge(["LANG": "C.UTF-8", "TERM": "xterm-256color"]) { $1 }
        if let point { environment["REELSHOP_DEBUG_KILL_AT"] = point }
        return try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) \(shop.sandbox.common.map(shellQuote).joined(separator: " "))",
            width: 100, height: 30, environment: environment)
    }

    @Test func theStorefrontKilledAfterTheMarketplaceConfirmedFinishesTheOrderWhenRestarted() throws {
        let shop = try Shop()
        defer { shop.sandbox.remove() }
        let first = try storefront(shop, killAt: "marketplace-confirmed")
        defer { first.close() }
        first.waitFor("Cart 3")
        try first.send("c")
        first.waitFor("Checkout")
        try first.send("Enter")
        first.waitFor("Not linked")
        first.waitFor("Visa ···· 4242")
        try first.send("k", "Enter")
        first.waitFor("Place 1 order for $")
        try first.send("y")
        #expect(first.waitForExit(timeout: 30) == 128 + SIGKILL, "the storefront died at the kill point")
        #expect(shop.chargedAtMarketplace.count == 1 && shop.recorded.isEmpty)

        let second = try storefront(shop)
        defer { second.close() }
        second.waitFor("Finished an order interrupted earlier", timeout: 30)
        second.waitFor("Cart 1")
        try second.send("c")
        // The cart page drawn whole: a capture taken mid-draw still shows the feed's shop card
        // ("Matte Claw Clip") under it; a cart that kept the ordered line never loses it.
        second.waitUntil(timeout: 10, "the cart without the ordered line") { $0.contains("Silk") && !$0.contains("Claw Clip") }
        #expect(!second.screen().contains("Claw Clip"), "the ordered line is gone from the cart")
        try second.send("Enter")
        second.waitFor("Checkout · 1 order")
        let panel = second.screen().split(separator: "\n").filter { $0.contains("│") }.joined(separator: "\n")
        #expect(!panel.contains("Riverstone"), "nothing left to order from Riverstone:\n\(panel)")
        try second.quitFromOpenScreens(escapes: 2)
        #expect(second.waitForExit() == 0)
        #expect(shop.chargedAtMarketplace.count == 1)
        #expect(shop.recorded.count == 1)
        #expect(shop.cart == ["silk-scrunchie×1"])
        #expect(shop.intents.isEmpty)
    }

    @Test func twoWindowsInCheckoutPlaceOneOrder() throws {
        let shop = try Shop()
        defer { shop.sandbox.remove() }
        // Only the Riverstone clips: each window offers "Place 1 order".
        #expect(try shop.reelshop(["cart", "remove", "silk-scrunchie"]).status == 0)
        let a = try storefront(shop), b = try storefront(shop)
        defer {
            a.close()
            b.close()
        }
        for window in [a, b] {
            window.waitFor("Cart 2")
            try window.send("c")
            window.waitFor("Checkout")
            try window.send("Enter")
            window.waitFor("to place 1 order")
        }
        try a.send("Enter")
        a.waitFor("Place 1 order for $")
        try a.send("y")
        a.waitFor("Placed 1 order")

        b.waitFor("The cart changed in another window", timeout: 30)
        b.waitFor("nothing is left to order")
        #expect(!b.screen().contains("to place 1 order"))
        try b.send("Enter")
        try b.send("y")
        b.waitFor("Nothing here can be ordered")
        #expect(!b.screen().contains("Place 1 order"))
        try a.quitFromOpenScreens(escapes: 2)
        try b.quitFromOpenScreens(escapes: 2)
        #expect(a.waitForExit() == 0)
        #expect(b.waitForExit() == 0)
        #expect(shop.chargedAtMarketplace.count == 1, "one order for one cart")
        #expect(shop.recorded.count == 1)
        #expect(shop.cart.isEmpty)
    }
}
