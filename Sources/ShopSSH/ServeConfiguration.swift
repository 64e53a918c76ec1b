import Foundation

/// Everything `reelshop serve` can be told, with the documented defaults.
public struct ServeConfiguration: Sendable {
    /// Who may come in.
    public enum Authentication: Sendable, Equatable {
        /// Only the keys in this authorized_keys file, re-read at every login.
        case authorizedKeys(URL)
        /// Any key; visitors without a key come in as temporary guests (user name `guest`).
        case open
    }

    public var host: String = "127.0.0.1"
    public var port: Int = 2222
    public var dataDirectory: URL
    /// The host key file; nil means `DATA/host_ed25519_key`.
    public var hostKeyFile: URL?
    public var authentication: Authentication
    /// Concurrent sessions (one child process each); the next visitor is told the shop is full.
    public var maxSessions: Int = 32
    /// Concurrent sessions of one key (guests: each is their own visitor).
    public var maxSessionsPerKey: Int = 3
    /// Concurrent sessions from one address.
    public var maxSessionsPerAddress: Int = 8
    /// Session channels one connection may have open at once (it runs one storefront at most).
    public var maxChannelsPerConnection: Int = 4
    /// New connections one address may open per minute.
    public var connectionsPerMinute: Int = 30
    /// A session with no input for this many seconds is ended.
    public var idleTimeout: Double = 15 * 60
    /// No session lasts longer than this many seconds.
    public var maxSessionLength: Double = 2 * 60 * 60
    /// A connection that has no storefront running for this many seconds (from its start, or
    /// since its last one ended) is closed.
    public var loginGraceTime: Double = 60
    /// ... and after only this long while the server is busy (`busyFraction` of its connections
    /// taken), so idle connections cannot hold the room new visitors need.
    public var busyLoginGraceTime: Double = 10
    /// The share of `maxConnections` from which the server counts as busy.
    public var busyFraction: Double = 0.75
    /// Balancers (HAProxy) whose connections start with a PROXY protocol header naming the
    /// visitor's real address; a connection from one of them without a valid header is closed.
    /// Empty: no PROXY protocol, every peer is the visitor.
    public var trustedProxies: [AddressRange] = []
    /// On shutdown children get this long after SIGHUP before SIGKILL.
    public var shutdownGrace: Double = 5
    /// When a visitor disconnects, their storefront gets this long after SIGHUP before SIGKILL.
    public var disconnectGrace: Double = 3
    /// What runs for each visitor.
    public var command: SessionCommand
    /// Forks `command` warm for each visitor (issue 15); nil, or not ready: spawned directly.
    public var zygote: ZygoteClient?

    public init(dataDirectory: URL, authentication: Authentication, command: SessionCommand) {
        self.dataDirectory = dataDirectory
        self.authentication = authentication
        self.command = command
    }

    public var layout: VisitorStateLayout { VisitorStateLayout(dataDirectory: dataDirectory) }
    public var resolvedHostKeyFile: URL { hostKeyFile ?? layout.defaultHostKeyFile }

    /// Connections open at once: room for every session plus some logging in.
    public var maxConnections: Int { maxSessions + 16 }

    // The values that make sense; anything else is refused before the server starts (a huge
    // grace overflowed the timer, 0 s ended every session at once).
    public static let loginGraceRange: ClosedRange<Double> = 1...600
    public static let idleTimeoutRange: ClosedRange<Double> = 5...(24 * 3600)
    public static let sessionLengthRange: ClosedRange<Double> = 5...(7 * 24 * 3600)
    public static let maxSessionsRange: ClosedRange<Int> = 1...1000

    /// Refuses `value` outside `range`, naming `option` and the range.
    public static func check(_ value: Double, in range: ClosedRange<Double>, option: String, written: String? = nil) throws(ServeConfigurationError) {
        guard value.isFinite, range.contains(value) else {
            throw ServeConfigurationError(
                "\(option) must be from \(DurationFormat.text(range.lowerBound)) to \(DurationFormat.text(range.upperBound))"
                    + " (got \(written ?? "\(value) seconds"))")
        }
    }

    /// Refuses a count outside `range`, naming `option`.
    public static func check(_ value: Int, in range: ClosedRange<Int>, option: String) throws(ServeConfigurationError) {
        guard range.contains(value) else {
            throw ServeConfigurationError("\(option) must be from \(range.lowerBound) to \(range.upperBound) (got \(value))")
        }
    }

    /// Every limit within its range, or the first that is not.
    public func validate() throws(ServeConfigurationError) {
        try Self.check(loginGraceTime, in: Self.loginGraceRange, option: "the login grace time")
        try Self.check(idleTimeout, in: Self.idleTimeoutRange, option: "the idle timeout")
        try Self.check(maxSessionLength, in: Self.sessionLengthRange, option: "the session length cap")
        try Self.check(maxSessions, in: Self.maxSessionsRange, option: "the session cap")
        try Self.check(maxSessionsPerKey, in: 1...Int.max, option: "the sessions per key")
        try Self.check(maxSessionsPerAddress, in: 1...Int.max, option: "the sessions per address")
        try Self.check(connectionsPerMinute, in: 1...Int.max, option: "the connections per minute")
    }
}

/// A server setting out of range.
public struct ServeConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The program started for each visitor, on its own pseudo-terminal.
public struct SessionCommand: Sendable {
    public var executable: String
    /// The arguments for a visitor whose state lives in the given directory.
    public var arguments: @Sendable (_ stateDirectory: String) -> [String]
    /// The base environment (nothing of the server's own leaks through). Per session, TERM comes
    /// from the PTY request, LANG and LC_* from the visitor's env requests when they are locale
    /// names (overriding the default C.UTF-8: visitors' terminals are UTF-8 nearly always), plus
    /// REELSHOP_STATE_DIR and HOME.
    public var environment: [String: String]

    public init(
        executable: String,
        arguments: @escaping @Sendable (_ stateDirectory: String) -> [String],
        environment: [String: String] = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"]
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// The storefront itself: `<executable> --state-dir DIR [--catalog CATALOG] [--market URL] [--skip-intro]`.
    /// `market` is the marketplace server every visitor shares (`--market URL`).
    ///
    /// Swift's crash backtracer is off for visitors: it wrote the crashed storefront's registers
    /// and memory onto the visitor's terminal and then waited there (interactive, since the
    /// terminal is a tty) instead of ending the session (docs/RELIABILITY.md, "SSH").
    public static func storefront(executable: String, catalog: String?, market: String? = nil, skipIntro: Bool = false) -> SessionCommand {
        SessionCommand(
            executable: executable,
            arguments: { stateDirectory in
                ["--state-dir", stateDirectory] + (catalog.map { ["--catalog", $0] } ?? []) + (market.map { ["--market", $0] } ?? [])
                    + (skipIntro ? ["--skip-intro"] : [])
            },
            // A visitor who walks away stops costing CPU and bandwidth after two minutes (the
            // clip pauses; any key plays on), long before the idle timeout closes the session.
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "enable=no", "REELSHOP_IDLE_PAUSE": "2m"])
    }
}
