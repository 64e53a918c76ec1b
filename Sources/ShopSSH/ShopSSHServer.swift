import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSH

/// The embedded SSH server of `reelshop serve`: public-key visitors, one child process on its
/// own pseudo-terminal per session, and limits on sessions, connection rate, idleness and length.
public final class ShopSSHServer: Sendable {
    public let configuration: ServeConfiguration
    public let hostKey: HostKey
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let registry: SessionRegistry
    private let state = NIOLockedValueBox<State>(State())

    private struct State {
        var serverChannel: (any Channel)?
        var connections: [Int: any Channel] = [:]
        var nextConnectionID = 1
        var limiter = ConnectionRateLimiter(limit: 30)
        var stopping = false
    }

    /// Loads (or creates) the host key; binds nothing yet.
    public init(configuration: ServeConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.hostKey = try HostKey.loadOrCreate(at: configuration.resolvedHostKeyFile).key
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, min(System.coreCount, 4)))
        self.registry = SessionRegistry(limit: configuration.maxSessions)
        let limit = configuration.connectionsPerMinute
        state.withLockedValue { $0.limiter = ConnectionRateLimiter(limit: limit) }
        // Guests' state is temporary: whatever a crash or SIGKILL left behind goes now.
        let guests = configuration.layout.guestsDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: guests.path)) ?? [] where name.hasPrefix("guest-") {
            try? FileManager.default.removeItem(at: guests.appendingPathComponent(name))
        }
    }

    /// Binds the listening socket and returns the address actually bound (port 0 picks one).
    public func start() async throws -> SocketAddress {
        let hostKey = self.hostKey.nioKey
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            // tcpOption, not socketOption: the latter sets the level to SOL_SOCKET (SO_DEBUG!).
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.setUpConnection(channel, hostKey: hostKey)
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        state.withLockedValue { $0.serverChannel = channel }
        guard let address = channel.localAddress else {
            throw SSHIdentityError("the server socket has no local address")
        }
        logger.info("listening", metadata: ["address": "\(address)", "hostKey": "\(self.hostKey.fingerprint)"])
        return address
    }

    /// Waits until the listening socket is closed (by `shutdown()`).
    public func waitUntilClosed() async {
        let channel = state.withLockedValue { $0.serverChannel }
        try? await channel?.closeFuture.get()
    }

    /// Stops accepting, tells sessions, waits up to the grace period for children to save and
    /// exit, kills the rest, closes every connection and the event loops.
    public func shutdown() async {
        let (server, alreadyStopping) = state.withLockedValue { state -> ((any Channel)?, Bool) in
            defer { state.stopping = true }
            return (state.serverChannel, state.stopping)
        }
        guard !alreadyStopping else { return }
        logger.info("shutting down", metadata: ["sessions": "\(registry.count)"])
        try? await server?.close().get()
        registry.beginShutdown()
        let deadline = Date().addingTimeInterval(configuration.shutdownGrace + 1)
        while registry.count > 0 && Date() < deadline {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        if registry.count > 0 {
            logger.warning("killing sessions that did not exit", metadata: ["sessions": "\(registry.count)"])
            registry.killAll()
            let killDeadline = Date().addingTimeInterval(2)
            while registry.count > 0 && Date() < killDeadline {
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
        }
        // Let the final exit statuses and messages go out before the connections close.
        try? await Task.sleep(nanoseconds: 200_000_000)
        let connections = state.withLockedValue { Array($0.connections.values) }
        for connection in connections {
            try? await connection.close().get()
        }
        try? await group.shutdownGracefully()
        logger.info("stopped")
    }

    // MARK: Connections

    private func setUpConnection(_ channel: any Channel, hostKey: NIOSSHPrivateKey) throws {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let now = Date().timeIntervalSince1970
        let maxConnections = configuration.maxSessions + 16
        let admitted = state.withLockedValue { state -> (id: Int, refusal: String?) in
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            if state.stopping { return (id, "shutting down") }
            if state.connections.count >= maxConnections { return (id, "too many connections") }
            if !state.limiter.admit(address, now: now) { return (id, "too many connections per minute from this address") }
            state.connections[id] = channel
            return (id, nil)
        }
        var connectionLogger = logger
        connectionLogger[metadataKey: "conn"] = "\(admitted.id)"
        connectionLogger[metadataKey: "addr"] = "\(address)"
        if let refusal = admitted.refusal {
            connectionLogger.notice("refused connection", metadata: ["reason": "\(refusal)"])
            throw SSHIdentityError(refusal)
        }
        let connection = ConnectionContext(id: admitted.id, address: address, logger: logger)
        connection.logger.info("connect")

        let configuration = self.configuration
        let registry = self.registry
        let sshHandler = NIOSSHHandler(
            role: .server(
                .init(
                    hostKeys: [hostKey],
                    userAuthDelegate: VisitorAuthenticator(
                        authentication: configuration.authentication, connection: connection),
                    globalRequestDelegate: RefuseGlobalRequests(logger: connection.logger))),
            allocator: channel.allocator,
            inboundChildChannelInitializer: { child, type in
                switch type {
                case .session:
                    return child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(
                            SessionHandler(configuration: configuration, connection: connection, registry: registry))
                    }
                case .directTCPIP(let target):
                    connection.logger.notice(
                        "refused port forwarding", metadata: ["target": "\(target.targetHost):\(target.targetPort)"])
                    return child.eventLoop.makeFailedFuture(SSHIdentityError("port forwarding is not offered"))
                case .forwardedTCPIP:
                    connection.logger.notice("refused forwarded channel")
                    return child.eventLoop.makeFailedFuture(SSHIdentityError("port forwarding is not offered"))
                }
            })
        // The lifecycle handler goes first: NIOSSHHandler does not pass channelInactive on.
        try channel.pipeline.syncOperations.addHandler(
            ConnectionLifecycleHandler(connection: connection, loginGraceTime: configuration.loginGraceTime))
        try channel.pipeline.syncOperations.addHandler(sshHandler)
        try channel.pipeline.syncOperations.addHandler(CloseOnErrorHandler(connection: connection))
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLockedValue { $0.connections.removeValue(forKey: admitted.id) }
        }
    }
}

/// Logs a connection's end with its duration, closes connections that never start a session
/// within the login grace time, and closes on errors (never telling the visitor internals).
final class ConnectionLifecycleHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    private let connection: ConnectionContext
    private let loginGraceTime: Double
    private var graceTimer: Scheduled<Void>?
    private var handshakeReads = 0

    init(connection: ConnectionContext, loginGraceTime: Double) {
        self.connection = connection
        self.loginGraceTime = loginGraceTime
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let connection = self.connection
        let channel = context.channel
        graceTimer = context.eventLoop.scheduleTask(in: .milliseconds(Int64(loginGraceTime * 1000))) {
            if connection.sessionsStarted == 0 {
                connection.logger.notice("closing: no session within the login grace time")
                channel.close(promise: nil)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // During the handshake OpenSSH sends some messages in separate small writes (NEWKEYS,
        // then SERVICE_REQUEST) before it turns Nagle off; acknowledging at once instead of after
        // the 40 ms delayed-ACK timer saves that much on every login.
        if handshakeReads < 32 {
            handshakeReads += 1
            context.channel.setOption(
                ChannelOptions.Types.SocketOption(level: SocketOptionLevel(IPPROTO_TCP), name: SocketOptionName(TCP_QUICKACK)),
                value: 1
            ).whenFailure { _ in }
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        graceTimer?.cancel()
        let duration = Date().timeIntervalSince(connection.connectedAt)
        connection.logger.info(
            "disconnect",
            metadata: [
                "visitor": "\(connection.identity.map { "\($0)" } ?? "-")",
                "duration": "\(String(format: "%.1f", duration))s",
            ])
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection.logger.info("connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}

/// Closes the connection on a protocol error raised by NIOSSHHandler (logged, never shown).
final class CloseOnErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    private let connection: ConnectionContext
    init(connection: ConnectionContext) { self.connection = connection }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection.logger.info("connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
