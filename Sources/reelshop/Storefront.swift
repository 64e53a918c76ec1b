import ArgumentParser
import Foundation
import NcursesBackend
import ShopCore
import ShopUI

/// Options that only matter to the interactive storefront.
struct StorefrontOptions: ParsableArguments {}

/// Opens the full-screen storefront: everything that can fail without a terminal is checked
/// first, so its message is printed plainly; the terminal is restored however the run ends.
enum Storefront {
    static func open(common: CommonOptions, options: StorefrontOptions) throws -> Int32 {
        let catalog = try common.loadCatalog()
        let cartStore = try common.cartStore(catalog: catalog)
        // cartStore(catalog:) has created the state directory; accounts and orders live there too.
        let market = MarketServices.demo(catalog: catalog, stateDirectory: common.stateDirectory)
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal()
        } catch {
            throw CleanExit.message(error.description, status: 2)
        }
        let runner = AppRunner(catalog: catalog, cartStore: cartStore, backend: terminal, market: market)
        runner.run()
        terminal.close()
        return 0
    }
}
