import Foundation
import ShopCore
import ShopTesting
import Testing
@testable import ShopUI

/// Another window (or `reelshop` command) writing the state files while the storefront is open:
/// the run loop with real files, real locks and the real inotify watcher; only the terminal is a
/// double.
@Suite struct OtherWindowRunnerTests {
    private func stateDirectory() throws -> StateDirectory {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-other-\(UUID().uuidString)")
        let directory = StateDirectory(url: url)
        try directory.create()
        return directory
    }

    private func run(_ runner: AppRunner) async {
        let box = UncheckedBox(runner)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                box.value.run(); done.resume()
            }.start()
        }
    }

    @Test func theAccountsScreenShowsALinkMadeInAnotherWindow() async throws {
        let directory = try stateDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let market = MarketServices.fileBacked(catalog: Fixtures.catalog, stateDirectory: directory)
        let elsewhere = AccountStore(stateDirectory: directory)
        let backend = WaitingBackend(steps: [
            .until("For You"),
            .keys([.character("L")]), .until("Press ⏎ to link: you approve it on Riverstone Market."),
            // `reelshop accounts link` finishing in another terminal writes accounts.json.
            .perform {
                _ = try? elsewhere.save(
                    marketplaceID: "riverstone", token: AccessToken(unredactedValue: "tok_elsewhere"),
                    profile: MarketFixtures.profile("riverstone"))
            },
            .until("✓ Linked"),
            .perform { _ = try? elsewhere.remove(marketplaceID: "riverstone") },
            .until("Press ⏎ to link: you approve it on Riverstone Market."),
        ])
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: ClipLibrary(), market: market),
            offersInterestPicker: false)
        await run(runner)
        #expect(backend.timedOut.isEmpty, "never showed \(backend.timedOut); last screen:\n\(backend.lastGrid?.text ?? "")")
    }

    /// A key pressed while another window's change is on its way acts on the line the screen
    /// showed as selected, never on the neighbour the change would select.
    @Test func xRemovesTheLineShownAsSelectedEvenWhenAnotherWindowRemovedItJustBefore() async throws {
        let directory = try stateDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let store = CartStore(stateDirectory: directory, catalog: Fixtures.catalog)
        _ = try store.add(productID: "clip", variantID: "black", quantity: 1)
        _ = try store.add(productID: "hush", variantID: "graphite", quantity: 1)
        _ = try store.add(productID: "mug", variantID: "sky", quantity: 1)
        let elsewhere = CartStore(stateDirectory: directory, catalog: Fixtures.catalog)
        let hush = CartLineKey(productID: "hush", variantID: "graphite")
        let backend = WaitingBackend(steps: [
            .until("For You"),
            .keys([.character("c"), .character("j")]), .until("Cart · 3 items"),
            .perform { _ = try? elsewhere.remove(hush) },
            .keysWithChange([.character("x")]),
            .until("Cart · 2 items"),
        ])
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend, environment: AppEnvironment(cartStore: store, clips: ClipLibrary()), offersInterestPicker: false)
        await run(runner)
        #expect(backend.timedOut.isEmpty, "never showed \(backend.timedOut); last screen:\n\(backend.lastGrid?.text ?? "")")
        let (cart, _) = try store.load()
        #expect(cart.lines.map(\.productID) == ["clip", "mug"], "the mug was never shown as selected: \(cart.lines.map(\.productID))")
    }
}
