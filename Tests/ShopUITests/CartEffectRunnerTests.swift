import Foundation
import ShopCore
import ShopTesting
import Testing
@testable import ShopUI

/// The runner performs cart effects on the real store (real file, real lock) and answers with
/// typed results; the words the user reads come from the reducer.
@Suite struct CartEffectRunnerTests {
    private func store() throws -> (CartStore, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-cart-effects-\(UUID().uuidString)")
        let directory = StateDirectory(url: url)
        try directory.create()
        return (CartStore(stateDirectory: directory, catalog: Fixtures.catalog), url)
    }

    @Test func aSavedChangeComesBackTypedAndTheReducerWordsIt() throws {
        let (store, url) = try store()
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try store.add(productID: "mug", variantID: "sky", quantity: 1)
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: TestBackend(size: Size(width: 80, height: 24), script: []),
            environment: AppEnvironment(cartStore: store, clips: ClipLibrary()), offersInterestPicker: false)
        runner.dispatch(.cart(.loaded(try store.load().cart, recovery: nil)))
        runner.dispatch(.key(.character("c")))
        runner.dispatch(.key(.character("+")))
        #expect(runner.state.toast?.message == "Cloud Mug: quantity 2.")
        #expect(try store.load().cart.lines.map(\.quantity) == [2])

        // Another instance removes the line; this one's "x" finds it gone and says so.
        _ = try CartStore(stateDirectory: StateDirectory(url: url), catalog: Fixtures.catalog).remove(CartLineKey(productID: "mug", variantID: "sky"))
        runner.dispatch(.key(.character("x")))
        #expect(runner.state.toast?.message == "Cloud Mug was already gone: another window removed it. Nothing else was removed.")
        #expect(runner.state.cart.lines.isEmpty)
    }

    @Test func aRefusedChangeComesBackAsTheStoresReason() throws {
        let (_, url) = try store()
        defer { try? FileManager.default.removeItem(at: url) }
        // The store judges by its own catalog: the mug sold out there since the screen was drawn.
        let soldOut = Fixtures.catalog.withStock(["lumen": [StockLevel(productID: "mug", variantID: "sky", available: 0)]])
        let store = CartStore(stateDirectory: StateDirectory(url: url), catalog: soldOut)
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: TestBackend(size: Size(width: 80, height: 24), script: []),
            environment: AppEnvironment(cartStore: store, clips: ClipLibrary()), offersInterestPicker: false)
        runner.dispatch(.key(.character("j")))
        runner.dispatch(.key(.character("a")))
        #expect(runner.state.toast?.message == "\"Cloud Mug\" is out of stock in every variant.")
        #expect(runner.state.toast?.kind == .error)
        #expect(try store.load().cart.lines.isEmpty)
    }

    /// A toast raised before the loop's first tick (a cart moved aside at start-up) lasts its
    /// time on the runner's clock: it is on the first frame, not expired by the clock's first
    /// reading.
    @Test func aStartUpToastIsOnTheFirstFrame() throws {
        let (store, url) = try store()
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("not json".utf8).write(to: store.url)
        let backend = TestBackend(size: Size(width: 80, height: 24), script: [[]])
        // The default clock: seconds since boot, far from zero.
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend, environment: AppEnvironment(cartStore: store, clips: ClipLibrary()), offersInterestPicker: false)
        runner.run()
        let first = try #require(backend.grids.first?.text)
        #expect(first.contains("cart.json"), "the recovery toast is on the first frame:\n\(first)")
    }
}
