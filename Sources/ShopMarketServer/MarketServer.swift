import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import ShopCore

/// What a reference marketplace server needs: where to listen, its database file, the catalog
/// it sells from, and the clock and speed orders move on (injected so tests can move time).
public struct MarketServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var databasePath: String
    public var catalog: Catalog
    /// The address clients and phones reach (behind a proxy or tunnel); nil: `http://host:port`.
    public var publicURL: String?
    /// How much faster than real time orders progress (`REELSHOP_DEMO_SPEED`).
    public var speed: Double
    public var now: @Sendable () -> Date
    public var logger: Logger

    public init(
        host: String, port: Int, databasePath: String, catalog: Catalog, publicURL: String?, speed: Double,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.catalog = catalog
        self.publicURL = publicURL
        self.speed = speed > 0 && speed.isFinite ? speed : 1
        self.now = now
        self.logger = logger
    }
}

/// Why the server could not start, naming what to fix.
public struct MarketServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The reference marketplace service (issue 13): OAuth 2.0 device authorization (RFC 8628),
/// the verification page, and the shopping API over one SQLite file.
public enum MarketServer {
    static let executor = DispatchTaskExecutor(label: "reelshop.market-server")

    /// Opens the database, binds the port and returns once requests can be served.
    public static func start(_ configuration: MarketServerConfiguration) async throws -> RunningMarketServer {
        let store = try MarketStore(
            path: configuration.databasePath, catalog: configuration.catalog,
            speed: configuration.speed, now: configuration.now)
        let bound = BoundPort()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let formKey: [UInt8]
        do { formKey = try store.serverSecret("form-key") } catch {
            store.close()
            throw MarketServerError("Cannot open the marketplace database \(configuration.databasePath): \(error)")
        }
        let routes = MarketRoutes(
            store: store, catalog: configuration.catalog, publicBase: configuration.publicURL.map(Self.trimmed),
            fallbackBase: bound, logger: configuration.logger, formKey: formKey)
        let router = routes.router()
        let app = Application(
            router: router,
            // A connection that sends nothing for 30 s is closed (a stalled or slow client does
            // not hold a connection for ever); request bodies are bounded by MarketRoutes.bodyLimit.
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                bound.set(base: "http://\(configuration.host):\(port)")
                continuation.yield(port)
                continuation.finish()
            },
            logger: configuration.logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: configuration.logger))
        let failure = BoundPort()
        // Requests are handled in child tasks of this one, so on its executor: an embedded server
        // answers even when the process's cooperative pool is busy (a test process full of
        // blocking suites; the storefront's own loop never runs there, but nothing else has to).
        let task = Task(executorPreference: Self.executor) {
            do { try await group.run() } catch { failure.set(base: "\(error)") }
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            await task.value
            store.close()
            throw MarketServerError("Could not listen on \(configuration.host):\(configuration.port): \(failure.base ?? "the server stopped")")
        }
        let base = configuration.publicURL.map(Self.trimmed) ?? "http://\(configuration.host):\(port)"
        return RunningMarketServer(baseURL: base, port: port, group: group, task: task, store: store)
    }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// A server started by `MarketServer.start`; `stop()` ends it gracefully.
public final class RunningMarketServer: Sendable {
    /// The public URL (no trailing slash), else `http://<host>:<port>`.
    public let baseURL: String
    /// Always the loopback address, for local clients and tests.
    public let localURL: String
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, Never>
    private let store: MarketStore

    init(baseURL: String, port: Int, group: ServiceGroup, task: Task<Void, Never>, store: MarketStore) {
        self.baseURL = baseURL
        self.localURL = "http://127.0.0.1:\(port)"
        self.port = port
        self.group = group
        self.task = task
        self.store = store
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
        store.close()
    }
}

/// The base URL once the port is known (port 0 binds a free one), shared with the routes.
final class BoundPort: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    var base: String? { lock.withLock { value } }
    func set(base: String) { lock.withLock { value = base } }
}
