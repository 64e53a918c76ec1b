import ArgumentParser
import Foundation
import ShopCore

/// Where the catalog and the user's files are; shared by every command.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog folder (catalog.json + media/).", valueName: "dir"))
    var catalog: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Where the cart and other state live (default: $REELSHOP_STATE_DIR, $XDG_DATA_HOME/reelshop or ~/.local/share/reelshop).",
        valueName: "dir"))
    var stateDir: String?

    var stateDirectory: StateDirectory { StateDirectory.resolve(explicit: stateDir) }

    /// `--catalog`, else `REELSHOP_CATALOG`, else the catalog bundled with this build.
    var catalogDirectory: URL {
        if let catalog, !catalog.isEmpty { return URL(fileURLWithPath: catalog).standardizedFileURL }
        if let env = ProcessInfo.processInfo.environment["REELSHOP_CATALOG"], !env.isEmpty {
            return URL(fileURLWithPath: env).standardizedFileURL
        }
        return BundledCatalog.directory
    }

    /// Loads and validates the catalog; a broken one becomes a clean error with every problem.
    func loadCatalog() throws -> Catalog {
        do {
            return try Catalog.load(from: catalogDirectory)
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
        candidates.append(URL(fileURLWithPath: #filePath)
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
        FileHandle.standardError.write(Data(("reelshop: " + text + "\n").utf8))
        return ExitCode(status)
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data(("reelshop: " + text + "\n").utf8))
    }
}
