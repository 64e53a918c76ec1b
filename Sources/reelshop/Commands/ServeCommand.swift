import ArgumentParser
import Dispatch
import Foundation
import Logging
import ShopCore
import ShopSSH

/// `reelshop serve`: the storefront over SSH, one child process per visitor.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the storefront over SSH for demos.",
        discussion: """
            Every visitor is the SHA256 fingerprint of their public key and gets their own cart, \
            linked accounts and orders under the data directory. With --open, visitors without a \
            key may log in as 'guest' (ssh -t guest@HOST) and their state is removed when they \
            leave. Passwords are never accepted. See docs/SSH.md.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Address and port to listen on: ADDR:PORT or [IPv6]:PORT, port 0 to 65535 (0 picks a free one).", valueName: "addr:port"))
    var listen = ListenAddress(host: "127.0.0.1", port: 2222)

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Host key and visitors' state (default: <state dir>/serve).", valueName: "dir"))
    var dataDir: String?

    @Option(
        name: .customLong("host-key"),
        help: ArgumentHelp(
            "ed25519 host key in OpenSSH format, created (0600) if missing (default: <data-dir>/host_ed25519_key).",
            valueName: "file"))
    var hostKey: String?

    @Option(
        name: .customLong("authorized-keys"),
        help: ArgumentHelp(
            "Only these public keys may come in (authorized_keys format, re-read at each login).", valueName: "file"))
    var authorizedKeys: String?

    @Flag(help: "Let any key in, and keyless visitors as guests (user name 'guest').")
    var open = false

    @Option(name: .customLong("max-sessions"), help: "Concurrent sessions (1-1000); the next visitor is told the shop is full.")
    var maxSessions: Int = 32

    @Option(name: .customLong("max-sessions-per-key"), help: "Concurrent sessions of one key.")
    var maxSessionsPerKey: Int = 3

    @Option(name: .customLong("max-sessions-per-address"), help: "Concurrent sessions from one address.")
    var maxSessionsPerAddress: Int = 8

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "End a session after this long without input (5s to 24h, e.g. 90s, 15m, 1h).", valueName: "duration"))
    var idleTimeout = DurationArgument(argument: "15m")!

    @Option(
        name: .customLong("max-session-length"),
        help: ArgumentHelp(
            "No session lasts longer than this (5s to 7 days).", valueName: "duration"))
    var maxSessionLength = DurationArgument(argument: "2h")!

    @Option(name: .customLong("max-connections-per-minute"), help: "New connections one address may open per minute.")
    var maxConnectionsPerMinute: Int = 30

    @Option(
        name: .customLong("login-grace"),
        help: ArgumentHelp(
            "Close connections that run no session for this long (1s to 10m).", valueName: "duration"))
    var loginGrace = DurationArgument(argument: "60s")!

    // The root command's options (--catalog, --skip-intro, ...) are parsed for every subcommand,
    // so serve takes them as the same groups rather than declaring look-alikes the root would
    // swallow: --catalog is every visitor's catalog, --skip-intro skips their interest picker.
    @Option(
        name: .customLong("proxy-protocol-from"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Balancers (HAProxy) that start each connection with a PROXY protocol header, v1 or v2, naming the visitor's address; CIDR ranges or addresses.",
            valueName: "cidr"))
    var proxyProtocolFrom: [AddressRange] = []

    @Flag(
        name: .customLong("no-zygote"),
        help: "Start every visitor's storefront as a new process, loading everything itself (slower; docs/SSH.md).")
    var noZygote = false

    @OptionGroup var common: CommonOptions
    @OptionGroup var storefront: StorefrontOptions

    @Option(name: .customLong("log-level"), help: "What is logged, from the most:")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if open && authorizedKeys != nil {
            throw ValidationError("Choose one: --authorized-keys FILE (only those keys) or --open (any key, plus guests).")
        }
        if !open && authorizedKeys == nil {
            throw ValidationError("Say who may come in: --authorized-keys FILE (only those keys) or --open (any key, plus guests).")
        }
        do {
            try ServeConfiguration.check(maxSessions, in: ServeConfiguration.maxSessionsRange, option: "--max-sessions")
            try ServeConfiguration.check(maxSessionsPerKey, in: 1...Int.max, option: "--max-sessions-per-key")
            try ServeConfiguration.check(maxSessionsPerAddress, in: 1...Int.max, option: "--max-sessions-per-address")
            try ServeConfiguration.check(maxConnectionsPerMinute, in: 1...Int.max, option: "--max-connections-per-minute")
        } catch {
            throw ValidationError(error.description + ".")
        }
        _ = try durations()
    }

    /// The idle timeout, session length cap and login grace in seconds, each within its range.
    func durations() throws -> (idle: Double, length: Double, grace: Double) {
        func parse(_ duration: DurationArgument, option: String, range: ClosedRange<Double>) throws -> Double {
            do throws(ServeConfigurationError) {
                try ServeConfiguration.check(duration.seconds, in: range, option: option, written: duration.text)
                return duration.seconds
            } catch {
                throw ValidationError(error.description + ".")
            }
        }
        return (
            try parse(idleTimeout, option: "--idle-timeout", range: ServeConfiguration.idleTimeoutRange),
            try parse(maxSessionLength, option: "--max-session-length", range: ServeConfiguration.sessionLengthRange),
            try parse(loginGrace, option: "--login-grace", range: ServeConfiguration.loginGraceRange)
        )
    }

    func run() async throws {
        let level = logLevel
        // Every message and value is escaped and capped on its way to stderr: visitors control
        // many of them (user names, TERM, commands), and a newline would forge a log line.
        LoggingSystem.bootstrap { label in
            var handler = SanitizingLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "reelshop.serve")

        let (host, port) = (listen.host, listen.port)
        let dataDirectory =
            dataDir.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? StateDirectory.resolve(explicit: nil).url.appendingPathComponent("serve")
        let executable = SelfExecutable.path
        // One marketplace for every visitor: --market, else the embedded server over
        // DATA_DIR/marketplace.sqlite (its pages on --public-url for the visitors' phones).
        let market: MarketConnection
        do {
            let catalog = try common.loadCatalog()
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            market = try await MarketConnection.open(
                common, catalog: catalog, logger: logger, defaultDatabase: dataDirectory.appendingPathComponent("marketplace.sqlite"))
        } catch let error as ExitCode {
            throw error
        } catch {
            throw failure("the marketplace could not start: \(error)")
        }
        let catalogPath = common.catalog.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var configuration = ServeConfiguration(
            dataDirectory: dataDirectory,
            authentication: open ? .open : .authorizedKeys(URL(fileURLWithPath: authorizedKeys ?? "").standardizedFileURL),
            command: .storefront(executable: executable, catalog: catalogPath, market: market.clientURL, skipIntro: storefront.skipIntro))
        // One warm process that forks every visitor's storefront (issue 15); with the visitors'
        // own clean environment, so it finds the catalog exactly as their storefronts do. The data
        // directory is only named on its command line (which its children inherit), so `ps` and
        // the tests can tell this server's processes apart.
        let zygote =
            noZygote
            ? nil
            : ZygoteClient(
                executable: executable, arguments: [Zygote.commandName, "--data-dir", dataDirectory.path] + (catalogPath.map { ["--catalog", $0] } ?? []),
                environment: configuration.command.environment, logger: logger)
        configuration.zygote = zygote
        configuration.host = host
        configuration.port = port
        configuration.hostKeyFile = hostKey.map { URL(fileURLWithPath: $0).standardizedFileURL }
        configuration.maxSessions = maxSessions
        configuration.maxSessionsPerKey = maxSessionsPerKey
        configuration.maxSessionsPerAddress = maxSessionsPerAddress
        configuration.connectionsPerMinute = maxConnectionsPerMinute
        configuration.trustedProxies = proxyProtocolFrom
        (configuration.idleTimeout, configuration.maxSessionLength, configuration.loginGraceTime) = try durations()

        if case .authorizedKeys(let url) = configuration.authentication,
            !FileManager.default.isReadableFile(atPath: url.path)
        {
            throw failure("cannot read the authorized keys file \(url.path)")
        }

        let server: ShopSSHServer
        do {
            server = try ShopSSHServer(configuration: configuration, logger: logger)
        } catch {
            throw failure("\(error)")
        }

        // Stop on SIGINT/SIGTERM: ignore the default action and watch them with dispatch.
        let signals = SignalSources.termination()

        zygote?.start()
        let address: String
        do {
            let bound = try await server.start()
            address = "\(bound.ipAddress ?? host):\(bound.port ?? port)"
        } catch {
            await server.shutdown()
            zygote?.stop()
            throw failure("cannot listen on \(listen): \(error)")
        }
        let boundPort = address.split(separator: ":").last.map(String.init) ?? "\(port)"
        let boundHost = String(address.dropLast(boundPort.count + 1))
        // Written unbuffered, so a script reading the pipe sees the address at once.
        let banner = """
            Reelshop is serving on \(address)
            Host key fingerprint: \(server.hostKey.fingerprint) (ED25519)
            Visitors connect with: ssh -t -p \(boundPort) \(boundHost)\(open ? "   (no key? ssh -t -p \(boundPort) guest@\(boundHost))" : "")
            Marketplace (verification pages for phones): \(market.baseURL)

            """
        FileHandle.standardOutput.write(Data(banner.utf8))

        for await signalNumber in signals {
            logger.info("signal received", metadata: ["signal": "\(signalNumber == SIGINT ? "SIGINT" : "SIGTERM")"])
            break
        }
        // The visitors are gone (hung up, then killed after their grace): the zygote goes next.
        await server.shutdown()
        zygote?.stop()
        await market.close()
    }

    private func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("reelshop serve: " + message + "\n").utf8))
        return ExitCode(78)
    }
}

/// Keeps dispatch signal sources alive for the life of the process.
enum SignalSources {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    private static let lock = NSLock()
    static func keep(_ source: any DispatchSourceSignal) {
        lock.lock()
        sources.append(source)
        lock.unlock()
    }
}

/// The path of the running reelshop binary, for starting a visitor's storefront.
enum SelfExecutable {
    static var path: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// `--proxy-protocol-from 10.0.0.0/8 ::1`: parsed once, here, with the reason when it is not a range.
extension AddressRange: ExpressibleByArgument {
    public init?(argument: String) {
        guard let range = try? AddressRange(argument) else { return nil }
        self = range
    }
}

/// `--log-level`'s values are swift-log's levels, by name.
extension Logger.Level: @retroactive ExpressibleByArgument {}
