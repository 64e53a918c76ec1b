import Foundation
import Logging
import NIOCore
import NIOSSH

/// Public keys only: the listed ones with `--authorized-keys`, any with `--open` (plus keyless
/// guests who log in as `guest`). Passwords are always refused.
final class VisitorAuthenticator: NIOSSHServerUserAuthenticationDelegate {
    static let guestUser = "guest"

    private let authentication: ServeConfiguration.Authentication
    private let connection: ConnectionContext

    init(authentication: ServeConfiguration.Authentication, connection: ConnectionContext) {
        self.authentication = authentication
        self.connection = connection
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(
        request: NIOSSHUserAuthenticationRequest,
        responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>
    ) {
        let logger = connection.logger
        switch request.request {
        case .publicKey(let publicKey):
            let identity = VisitorIdentity(publicKey: publicKey.publicKey)
            switch authentication {
            case .open:
                accept(identity, user: request.username, promise: responsePromise)
            case .authorizedKeys(let url):
                // Read at every login, so edits take effect without a restart.
                do {
                    let keys = try AuthorizedKeys.load(from: url)
                    if keys.allows(identity) {
                        accept(identity, user: request.username, promise: responsePromise)
                    } else {
                        logger.notice("refused key", metadata: ["fingerprint": "\(identity)", "reason": "not in authorized keys"])
                        responsePromise.succeed(.failure)
                    }
                } catch {
                    logger.error("refused key", metadata: ["fingerprint": "\(identity)", "reason": LogText.value("\(error)")])
                    responsePromise.succeed(.failure)
                }
            }
        case .none:
            // OpenSSH always tries "none" first: only an explicit `guest` login becomes a guest,
            // so a visitor with a key still gets their own state.
            if authentication == .open, request.username == Self.guestUser {
                accept(VisitorIdentity.newGuest(), user: request.username, promise: responsePromise)
            } else {
                responsePromise.succeed(.failure)
            }
        case .password:
            logger.notice("refused password attempt", metadata: ["user": LogText.value(request.username)])
            responsePromise.succeed(.failure)
        case .hostBased:
            logger.notice("refused host-based attempt", metadata: ["user": LogText.value(request.username)])
            responsePromise.succeed(.failure)
        }
    }

    private func accept(
        _ identity: VisitorIdentity, user: String, promise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>
    ) {
        connection.authenticated(as: identity, user: user)
        connection.logger.info(
            "identity", metadata: ["visitor": "\(identity)", "user": LogText.value(user), "guest": "\(identity.isGuest)"])
        promise.succeed(.success)
    }
}

/// Refuses every global request (remote port forwarding in particular), and logs it.
struct RefuseGlobalRequests: GlobalRequestDelegate {
    let logger: Logger

    func tcpForwardingRequest(
        _ request: GlobalRequest.TCPForwardingRequest,
        handler: NIOSSHHandler,
        promise: EventLoopPromise<GlobalRequest.TCPForwardingResponse>
    ) {
        logger.notice("refused remote port forwarding", metadata: ["request": LogText.value("\(request)")])
        promise.fail(SSHIdentityError("port forwarding is not offered"))
    }
}
