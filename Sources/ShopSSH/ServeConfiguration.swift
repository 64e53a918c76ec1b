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
    /// New connections one address may open per minute.
    public var connectionsPerMinute: Int = 30
    /// A session with no input for this many seconds is ended.
    public var idleTimeout: Double = 15 * 60
    /// No session lasts longer than this many seconds.
    public var maxSessionLength: Double = 2 * 60 * 60
    /// A connection that has not started a session after this many seconds is closed.
    public var loginGraceTime: Double = 60
    /// On shutdown (and on disconnect) children get this long after SIGHUP before SIGKILL.
    public var shutdownGrace: Double = 5
    /// What runs for each visitor.
    public var command: SessionCommand

    public init(dataDirectory: URL, authentication: Authentication, command: SessionCommand) {
        self.dataDirectory = dataDirectory
        self.authentication = authentication
        self.command = command
    }

    public var layout: VisitorStateLayout { VisitorStateLayout(dataDirectory: dataDirectory) }
    public var resolvedHostKeyFile: URL { hostKeyFile ?? layout.defaultHostKeyFile }
}

/// The program started for each visitor, on its own pseudo-terminal.
public struct SessionCommand: Sendable {
    public var executable: String
    /// The arguments for a visitor whose state lives in the given directory.
    public var arguments: @Sendable (_ stateDirectory: String) -> [String]
    /// The base environment (nothing of the server's own leaks through). Per session, TERM comes
    /// from the PTY request, LANG and LC_* from the visitor's env requests (overriding the default
    /// C.UTF-8: visitors' terminals are UTF-8 nearly always), plus REELSHOP_STATE_DIR and HOME.
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

    /// The storefront itself: `<executable> --state-dir DIR [--catalog CATALOG] [--skip-intro]`.
    public static func storefront(executable: String, catalog: String?, skipIntro: Bool = false) -> SessionCommand {
        SessionCommand(executable: executable) { stateDirectory in
            ["--state-dir", stateDirectory] + (catalog.map { ["--catalog", $0] } ?? []) + (skipIntro ? ["--skip-intro"] : [])
        }
    }
}
