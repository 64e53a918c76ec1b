import ArgumentParser
import Foundation
import ShopCore

// TEMPORARY (market branch): a stand-in for the lead's shared `CommonOptions` in main, which has
// the same two options with the same property names (`catalog`, `stateDir`). To unify, replace
// `MarketOptions` with `CommonOptions` in AccountsCommand.swift and OrdersCommand.swift and delete
// this file; `MarketCLI` may then use `CleanExit`/`printJSON` instead.

/// `--state-dir` and `--catalog`, for the accounts and orders commands.
struct MarketOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog folder (catalog.json + media/).", valueName: "dir"))
    var catalog: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Where the cart, accounts and orders live (default: $REELSHOP_STATE_DIR, $XDG_DATA_HOME/reelshop or ~/.local/share/reelshop).",
        valueName: "dir"))
    var stateDir: String?

    var stateDirectory: StateDirectory { StateDirectory.resolve(explicit: stateDir) }

    /// `--catalog`, else `REELSHOP_CATALOG`, else `Assets` beside the build tree.
    var catalogDirectory: URL {
        if let catalog, !catalog.isEmpty { return URL(fileURLWithPath: catalog).standardizedFileURL }
        if let env = ProcessInfo.processInfo.environment["REELSHOP_CATALOG"], !env.isEmpty {
            return URL(fileURLWithPath: env).standardizedFileURL
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Assets")
    }

    func loadCatalog() throws -> Catalog {
        do {
            return try Catalog.load(from: catalogDirectory)
        } catch {
            throw MarketCLI.fail(error.description, status: 65)
        }
    }

    /// The state directory, created (0700) if needed.
    func preparedStateDirectory() throws -> StateDirectory {
        let directory = stateDirectory
        do { try directory.create() } catch { throw MarketCLI.fail(error.description, status: 73) }
        return directory
    }
}
