import ArgumentParser
import Foundation
import ShopCore

/// `--catalog`.
struct CatalogOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog folder (catalog.json + media/).", valueName: "dir"))
    var catalog: String?
}

/// `--state-dir`.
struct StateDirOption: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp(
            "Where the cart and other state live (default: $REELSHOP_STATE_DIR, $XDG_DATA_HOME/reelshop or ~/.local/share/reelshop).",
            valueName: "dir"))
    var stateDir: String?
}

/// `--market`, `--market-data`, `--public-url`: which marketplace server the storefront and the
/// CLI talk to (docs/MARKETPLACE-API.md).
struct MarketOption: ParsableArguments {
    @Option(
        name: .customLong("market"),
        help: ArgumentHelp(
            "A marketplace server's base URL (default: $REELSHOP_MARKET, else an embedded one on loopback).", valueName: "url"))
    var market: String?

    @Option(
        name: .customLong("market-data"),
        help: ArgumentHelp(
            "The embedded marketplace's database (default: marketplace.sqlite in the state directory).", valueName: "file"))
    var marketData: String?

    @Option(
        name: .customLong("public-url"),
        help: ArgumentHelp(
            "The address phones use to reach the embedded marketplace, e.g. http://192.168.1.20:8710 (it then listens on that port on every interface).",
            valueName: "url"))
    var publicURL: String?

    /// `--market`, else `REELSHOP_MARKET`; nil means "start the embedded marketplace".
    var marketURL: String? {
        if let market, !market.isEmpty { return market }
        if let env = ProcessInfo.processInfo.environment["REELSHOP_MARKET"], !env.isEmpty { return env }
        return nil
    }
}

/// Where the catalog and the user's files are; shared by every command.
///
/// The root command holds these too and its parser reads them from the whole command line, a
/// subcommand's part included; a subcommand gets them through option groups of the same types
/// (swift-argument-parser hands a decoded group to a later group of its type). So the two are
/// groups of their own: `demo` takes `--state-dir` only to refuse it, in a group hidden from
/// its help.
struct CommonOptions: ParsableArguments {
    @OptionGroup var catalogOption: CatalogOption
    @OptionGroup var stateDirOption: StateDirOption
    @OptionGroup var marketOption: MarketOption

    var catalog: String? { catalogOption.catalog }
    var stateDir: String? { stateDirOption.stateDir }

    var stateDirectory: StateDirectory { StateDirectory.resolve(explicit: stateDir) }

    /// The state directory for a command that only reads (it is not created): refused, like by
    /// `create()`, when other users can write it.
    func checkedStateDirectory() throws -> StateDirectory {
        let directory = stateDirectory
        do {
            try directory.checkPrivate()
        } catch {
            throw CleanExit.message(error.description, status: 73)
        }
        return directory
    }

    /// `--catalog`, else `REELSHOP_CATALOG`, else the catalog bundled with this build.
    var catalogDirectory: URL { CommonOptions.catalogDirectory(catalog) }

    static func catalogDirectory(_ catalog: String?) -> URL {
        if let catalog, !catalog.isEmpty { return URL(fileURLWithPath: catalog).standardizedFileURL }
        if let env = ProcessInfo.processInfo.environment["REELSHOP_CATALOG"], !env.isEmpty {
            return URL(fileURLWithPath: env).standardizedFileURL
        }
        return BundledCatalog.directory
    }

    /// Loads and validates the catalog; a broken one becomes a clean error with every problem.
    func loadCatalog() throws -> Catalog { try CommonOptions.loadCatalog(from: catalogDirectory) }

    static func loadCatalog(from directory: URL) throws -> Catalog {
        // A storefront forked by serve's zygote takes the catalog it loaded, if unchanged.
        if let warm = WarmStart.catalog(for: directory) { return warm }
        do {
            return try Catalog.load(from: directory)
        } catch {
            throw CleanExit.message(error.description, status: 65)
        }
    }

    /// The cart store, with its directory created (0700).
    func cartStore(catalog: Catalog) throws -> CartStore {
        let directory = stateDirectory
        do {
            try directory.create()
        } catch {
            throw CleanExit.message(error.description, status: 73)
        }
        return CartStore(stateDirectory: directory, catalog: catalog)
    }
}

/// Finds the catalog that ships with Reelshop, wherever the binary is started from.
enum BundledCatalog {
    static var directory: URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates: [URL] = [
            // An installed layout: <prefix>/bin/reelshop and <prefix>/share/reelshop/Assets.
            executable.deletingLastPathComponent().appendingPathComponent("../share/reelshop/Assets"),
            // A build tree: <package>/.build/<config>/reelshop.
            executable.deletingLastPathComponent().appendingPathComponent("../../Assets"),
            executable.deletingLastPathComponent().appendingPathComponent("../../../Assets"),
        ]
        // The source tree this binary was built from.
        candidates.append(
            URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Assets"))
        for candidate in candidates {
            let standardized = candidate.standardizedFileURL
            if FileManager.default.fileExists(atPath: standardized.appendingPathComponent("catalog.json").path) {
                return standardized
            }
        }
        return candidates.last!.standardizedFileURL
    }
}

/// Ends the command with a message on stderr and a chosen exit status.
enum CleanExit {
    static func message(_ text: String, status: Int32) -> ExitCode {
        Output.error(text)
        return ExitCode(status)
    }

    static func note(_ text: String) {
        Output.error(text)
    }
}
