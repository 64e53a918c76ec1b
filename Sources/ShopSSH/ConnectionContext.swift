import Foundation
import Logging
import NIOConcurrencyHelpers

/// What one TCP connection knows about its visitor: who authenticated, from where, since when.
///
/// Written by the auth delegate and read by session handlers on the same event loop; the lock
/// makes reads from elsewhere (shutdown, logging) safe too.
final class ConnectionContext: Sendable {
    let id: Int
    let address: String
    let connectedAt: Date
    let logger: Logger
    private let state = NIOLockedValueBox<(identity: VisitorIdentity?, user: String, sessions: Int)>((nil, "", 0))

    init(id: Int, address: String, logger: Logger) {
        self.id = id
        self.address = address
        self.connectedAt = Date()
        var logger = logger
        logger[metadataKey: "conn"] = "\(id)"
        logger[metadataKey: "addr"] = "\(address)"
        self.logger = logger
    }

    var identity: VisitorIdentity? { state.withLockedValue { $0.identity } }
    var user: String { state.withLockedValue { $0.user } }
    var sessionsStarted: Int { state.withLockedValue { $0.sessions } }

    func authenticated(as identity: VisitorIdentity, user: String) {
        state.withLockedValue { $0.identity = identity; $0.user = user }
    }

    func sessionStarted() { state.withLockedValue { $0.sessions += 1 } }
}
