import ArgumentParser
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Logging
import ShopCore
import ShopMarketHTTP
import ShopMarketServer

/// Where this process's marketplaces are: the server `--market` names, or the embedded
/// reference server started here on loopback over `marketplace.sqlite` (shared by every window
/// and CLI on the same state directory: SQLite in WAL mode under GRDB does the locking).
/// Either way the storefront is a client over HTTP; nothing else knows which.
final class MarketConnection: Sendable {
    let registry: MarketplaceRegistry
    /// The marketplace's base URL, as the verification URIs start.
    let baseURL: String
    /// The embedded server, when this process runs one.
    let server: RunningMarketServer?

    private init(registry: MarketplaceRegistry, baseURL: String, server: RunningMarketServer?) {
        self.registry = registry
        self.baseURL = baseURL
        self.server = server
    }

    /// Connects (a remote server is only asked when first used: an unreachable one is a message
    /// on the screen, not a failed start) or starts the embedded server, over `--market-data`,
    /// else `defaultDatabase`, else the state directory's marketplace.sqlite.
    static func open(_ options: CommonOptions, catalog: Catalog, logger: Logger? = nil, defaultDatabase: URL? = nil) async throws -> MarketConnection {
        let market = options.marketOption
        if let url = market.marketURL {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw CleanExit.message("--market must be an http(s) URL such as http://127.0.0.1:8710, not '\(shown(url))'.", status: 64)
            }
            return MarketConnection(
                registry: MarketplaceRegistry.http(catalog: catalog, baseURL: url), baseURL: url, server: Optional<RunningMarketServer>.none)
        }
        let database: String
        if let given = market.marketData {
            database = URL(fileURLWithPath: given).standardizedFileURL.path
        } else if let defaultDatabase {
            database = defaultDatabase.path
        } else {
            let directory = options.stateDirectory
            do { try directory.create() } catch { throw CleanExit.message(error.description, status: 73) }
            database = directory.file("marketplace.sqlite").path
        }
        return try await embedded(catalog: catalog, database: database, publicURL: market.publicURL, logger: logger)
    }

    /// An embedded marketplace over one database, for clients in this process (and, with
    /// `publicURL`, for phones).
    static func embedded(catalog: Catalog, database: String, publicURL: String? = nil, logger: Logger? = nil) async throws -> MarketConnection {
        let server = try await startEmbedded(
            catalog: catalog, database: database, publicURL: publicURL,
            logger: logger ?? Logger(label: "reelshop.market", factory: { _ in SwiftLogNoOpLogHandler() }))
        return MarketConnection(registry: MarketplaceRegistry.http(catalog: catalog, baseURL: server.localURL), baseURL: server.baseURL, server: server)
    }

    /// The URL a client on this machine uses: the embedded server's loopback address, else
    /// the `--market` URL.
    var clientURL: String { server?.localURL ?? baseURL }

    /// Runs async work from a thread that is not part of Swift's cooperative pool (the
    /// storefront's own thread), waiting for it.
    static func blocking<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// The embedded server: loopback on a free port, or every interface on the port of
    /// `--public-url` so a phone on the room's Wi-Fi reaches the verification page.
    static func startEmbedded(catalog: Catalog, database: String, publicURL: String?, logger: Logger) async throws -> RunningMarketServer {
        var host = "127.0.0.1", port = 0
        if let publicURL {
            guard let parsed = URL(string: publicURL), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw CleanExit.message("--public-url must be an http(s) URL such as http://192.168.1.20:8710, not '\(shown(publicURL))'.", status: 64)
            }
            host = "0.0.0.0"
            port = parsed.port ?? (parsed.scheme?.lowercased() == "https" ? 443 : 80)
        }
        let configuration = MarketServerConfiguration(
            host: host, port: port, databasePath: database, catalog: catalog, publicURL: publicURL,
            speed: MarketSpeed.fromEnvironment(), logger: logger)
        do {
            return try await MarketServer.start(configuration)
        } catch {
            throw CleanExit.message("The embedded marketplace could not start: \(error)", status: 73)
        }
    }

    func close() async {
        await server?.stop()
    }
}

private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    /// Written once by the task before it signals, read after the wait.
    var result: Result<Value, any Error>?
}
