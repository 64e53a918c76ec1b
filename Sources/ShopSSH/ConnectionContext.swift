import Foundation
import Logging
import NIOConcurrencyHelpers

/// What one TCP connection knows about its visitor: who authenticated, from where, since when,
/// and what it holds (session channels, the one storefront it may run).
///
/// Written by the auth delegate and read by session handlers on the same event loop; the lock
/// makes reads from elsewhere (the connection table, shutdown, logging) safe too.
final class ConnectionContext: Sendable {
    let id: Int
    let address: String
    let connectedAt: Date
    let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var identity: VisitorIdentity?
        var user = ""
        var channels = 0
        var shellRunning = false
        var shellsStarted = 0
        /// Since when the connection has had no storefront running (its start, or the last one's end).
        var idleSince = Date()
    }

    init(id: Int, address: String, logger: Logger) {
        self.id = id
        self.address = address
        self.connectedAt = Date()
        var logger = logger
        logger[metadataKey: "conn"] = "\(id)"
        logger[metadataKey: "addr"] = LogText.value(address)
        self.logger = logger
        state.withLockedValue { $0.idleSince = connectedAt }
    }

    var identity: VisitorIdentity? { state.withLockedValue { $0.identity } }
    var user: String { state.withLockedValue { $0.user } }
    var sessionsStarted: Int { state.withLockedValue { $0.shellsStarted } }
    var hasRunningShell: Bool { state.withLockedValue { $0.shellRunning } }
    /// Since when no storefront has run on this connection; nil while one runs.
    var idleSince: Date? { state.withLockedValue { $0.shellRunning ? nil : $0.idleSince } }

    func authenticated(as identity: VisitorIdentity, user: String) {
        state.withLockedValue {
            $0.identity = identity; $0.user = user
        }
    }

    /// Counts a new session channel; false when `limit` are already open.
    func openChannel(limit: Int) -> Bool {
        state.withLockedValue { state in
            guard state.channels < limit else { return false }
            state.channels += 1
            return true
        }
    }

    func channelClosed() { state.withLockedValue { $0.channels = max(0, $0.channels - 1) } }

    /// Takes the connection's one storefront; false when it already runs one.
    func claimShell() -> Bool {
        state.withLockedValue { state in
            guard !state.shellRunning else { return false }
            state.shellRunning = true
            state.shellsStarted += 1
            return true
        }
    }

    /// The connection's storefront ended (or never started after `claimShell`).
    func shellEnded() {
        state.withLockedValue { state in
            state.shellRunning = false
            state.idleSince = Date()
        }
    }
}
