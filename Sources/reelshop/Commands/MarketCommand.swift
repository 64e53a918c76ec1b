import ArgumentParser
import Dispatch
import Foundation
import Logging
import ShopCore
import ShopMarketServer
import ShopSSH

/// `reelshop market`: the reference marketplace service (issue 13).
struct MarketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market",
        abstract: "Run the reference marketplace service (OAuth device linking, stock, orders).",
        subcommands: [Serve.self]
    )

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve every catalog marketplace over HTTP from one SQLite file.",
            discussion: """
                Prints "Marketplace listening on http://ADDR:PORT" once the port is bound, then one line per
                request on stderr (method, path, status, time; never tokens or codes). Stops on SIGINT/SIGTERM.
                Orders advance at $REELSHOP_DEMO_SPEED times real time (default 1440).
                """
        )

        @OptionGroup var common: CommonOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Where to listen: ADDR:PORT or [IPv6]:PORT, port 0 to 65535 (0 picks a free one).", valueName: "addr:port"))
        var listen = ListenAddress(host: "127.0.0.1", port: 8080)

        @Option(name: .long, help: ArgumentHelp("The database file (default: <state dir>/marketplace.sqlite).", valueName: "file"))
        var data: String?

        /// `--public-url` comes from the shared market options (`MarketOption`): the URL clients
        /// and phones use to reach this server (a laptop's Wi-Fi address, a proxy or tunnel).
        var publicURL: String? { common.marketOption.publicURL }

        func validate() throws {
            if let publicURL {
                guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                    url.query == nil, url.fragment == nil
                else {
                    throw ValidationError("--public-url must be an http(s) URL without query, e.g. https://shop.example.net")
                }
            }
        }

        func run() async throws {
            LoggingSystem.bootstrap { label in
                var handler = SanitizingLogHandler(StreamLogHandler.standardError(label: label))
                handler.logLevel = .info
                return handler
            }
            let logger = Logger(label: "reelshop.market")
            let (host, port) = (listen.host, listen.port)
            let catalog = try common.loadCatalog()
            let databasePath =
                data.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                ?? common.stateDirectory.url.appendingPathComponent("marketplace.sqlite").path

            // Stop on SIGINT/SIGTERM: ignore the default action and watch them with dispatch.
            let signals = SignalSources.termination()

            let server: RunningMarketServer
            do {
                server = try await MarketServer.start(
                    MarketServerConfiguration(
                        host: host, port: port, databasePath: databasePath, catalog: catalog, publicURL: publicURL,
                        speed: MarketSpeed.fromEnvironment(), logger: logger))
            } catch {
                FileHandle.standardError.write(Data("reelshop market serve: \(error)\n".utf8))
                throw ExitCode(78)
            }
            let shownHost = ["0.0.0.0", "::", "127.0.0.1"].contains(host) ? "127.0.0.1" : (host.contains(":") ? "[\(host)]" : host)
            var banner = "Marketplace listening on http://\(shownHost):\(server.port)"
            if publicURL != nil { banner += " (public URL: \(server.baseURL))" }
            // Written unbuffered, so a script reading the pipe sees the address at once.
            FileHandle.standardOutput.write(Data((banner + "\n").utf8))

            for await signalNumber in signals {
                logger.info("signal received", metadata: ["signal": "\(signalNumber == SIGINT ? "SIGINT" : "SIGTERM")"])
                break
            }
            await server.stop()
        }
    }
}
