import Foundation
@testable import ShopCore
import ShopUI

/// The JSON files in the state directory (read through `JSONDocumentStore`) and the demo tour.
///
/// A document that decodes must survive a write and a read unchanged (else saving would alter
/// it) and must draw on the screens that show it; one that does not decode is refused with a
/// reason, which is what moves it aside instead of crashing the app.
enum DocumentFuzz {
    static func cart(_ bytes: [UInt8]) {
        guard let cart = decodeAndRoundTrip(Cart.self, bytes) else { return }
        _ = CartSummary(cart: cart, catalog: Fixtures.catalog)
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.cart = cart
        state.routes = [.cart(CartScreenState())]
        Fixtures.draw(state)
    }

    static func accounts(_ bytes: [UInt8]) {
        guard let file = decodeAndRoundTrip(AccountsFile.self, bytes) else { return }
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.market.accounts = file.accounts.map(\.account)
        state.routes = [.accounts(AccountsScreenState())]
        for size in [Size(width: 80, height: 24), Size(width: 200, height: 60)] {
            state.size = size
            let screen = AppView.render(state, theme: Fixtures.theme, library: Fixtures.clips).text
            // Tokens never reach the screen (a short one could match ordinary text by chance).
            for entry in file.accounts where entry.token.count >= 12 {
                require(!screen.contains(entry.token), "the token of \(entry.marketplaceID) is on screen")
            }
        }
    }

    static func orders(_ bytes: [UInt8]) {
        guard let book = decodeAndRoundTrip(OrderBook.self, bytes) else { return }
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.market.orders = book.orders
        state.routes = [.orders(OrdersScreenState())]
        Fixtures.draw(state)
    }

    static func social(_ bytes: [UInt8]) {
        guard let social = decodeAndRoundTrip(SocialState.self, bytes) else { return }
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.social = social
        Fixtures.draw(state)
    }

    /// The marketplace API's order and quote bodies, as the server decodes them from anyone:
    /// decoding never traps, and what decodes encodes to the same value again.
    static func marketWire(_ bytes: [UInt8]) {
        let data = Data(bytes)
        if let body = try? MarketWire.decoder().decode(MarketWire.OrderBody.self, from: data) {
            let again = try? MarketWire.decoder().decode(MarketWire.OrderBody.self, from: MarketWire.encoder().encode(body))
            require(again == body, "an order body changed in a round trip")
        }
        if let body = try? MarketWire.decoder().decode(MarketWire.QuoteBody.self, from: data) {
            let again = try? MarketWire.decoder().decode(MarketWire.QuoteBody.self, from: MarketWire.encoder().encode(body))
            require(again == body, "a quote body changed in a round trip")
        }
    }

    /// checkout-journal.json: its lines are taken out of the cart at the next start, so a decoded
    /// journal must never add units to a cart or leave a line outside 1…99, and every intent must
    /// have a message for the user however it ends.
    static func checkoutJournal(_ bytes: [UInt8]) {
        guard let journal = decodeAndRoundTrip(CheckoutJournal.self, bytes) else { return }
        let date = Date(timeIntervalSince1970: 0)
        var cart = Cart()
        for line in journal.intents.flatMap(\.lines) {
            cart.add(line.key, quantity: 50, unitPrice: line.unitPrice, at: date)
        }
        let before = cart.itemCount
        var stamp = CartStamp(cart)
        for intent in journal.intents {
            cart.settleCheckout(intent.idempotencyKey, ordered: intent.lines, pending: journal.pendingKeys)
            stamp = stamp.removing(intent.lines)
            let report = ReconcileReport(outcomes: [.dropped(intent, reason: "refused"), .unresolved(intent, reason: "no answer")])
            require(report.messages.count == 2 && report.messages.allSatisfy { !$0.isEmpty }, "every outcome has a message")
        }
        require(cart.itemCount <= before, "settling a journal never adds units to the cart")
        require(cart.lines.allSatisfy { Cart.quantityRange.contains($0.quantity) }, "every line keeps 1…99 units")
        require(stamp == CartStamp(cart), "the checkout stamp takes out what the cart does")
        for intent in journal.intents {
            let again = cart
            cart.settleCheckout(intent.idempotencyKey, ordered: intent.lines, pending: journal.pendingKeys)
            require(cart.lines == again.lines, "a settled checkout never takes lines out twice")
        }
    }

    static func demoTour(_ bytes: [UInt8]) {
        do {
            let tour = try DemoTour.parse(Data(bytes), file: "tour.json")
            require(!tour.steps.isEmpty, "a parsed tour has a step")
            require(tour.duration(speed: 1).isFinite, "a tour lasts a finite time")
        } catch {
            require(!error.problems.isEmpty, "a refused tour says why")
        }
    }

    /// Decodes as the store does; a decoded document must encode and decode back to itself.
    private static func decodeAndRoundTrip<Document: VersionedDocument>(_ type: Document.Type, _ bytes: [UInt8]) -> Document? {
        switch JSONDocumentStore<Document>.decode(Data(bytes)) {
        case .failure(let failure):
            require(!failure.reason.isEmpty, "a refused \(type) says why")
            return nil
        case .success(let document):
            let written: Data
            do {
                written = try JSONDocumentStore<Document>.encode(document)
            } catch {
                fatalError("property failed: a decoded \(type) cannot be written: \(error)")
            }
            switch JSONDocumentStore<Document>.decode(written) {
            case .success(let again):
                require(again == document, "a written \(type) reads back unchanged")
            case .failure(let failure):
                fatalError("property failed: a written \(type) cannot be read back: \(failure.reason)")
            }
            return document
        }
    }
}
