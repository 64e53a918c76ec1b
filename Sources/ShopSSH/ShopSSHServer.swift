import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSH
import ShopSSHWire

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
        var connections: [Int: (channel: any Channel, context: ConnectionContext)] = [:]
        var nextConnectionID = 1
        var limiter = ConnectionRateLimiter(limit: 30)
        var stopping = false
    }

    /// Loads (or creates) the host key; binds nothing yet. Limits out of range are refused.
    public init(configuration: ServeConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        self.hostKey = try HostKey.loadOrCreate(at: configuration.resolvedHostKeyFile).key
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, min(System.coreCount, 4)))
        self.registry = SessionRegistry(
            limits: .init(
                total: configuration.maxSessions, perKey: configuration.maxSessionsPerKey,
                perAddress: configuration.maxSessionsPerAddress))
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
                    let peer = channel.remoteAddress?.ipAddress ?? "unknown"
                    guard self.configuration.trustedProxies.contains(where: { $0.contains(peer) }) else {
                        return try self.setUpConnection(channel, hostKey: hostKey, address: peer)
                    }
                    // A balancer: the visitor's address comes first, in a PROXY header; the SSH
                    // handlers are added once it has been read.
                    try channel.pipeline.syncOperations.addHandler(
                        ProxyProtocolHandler(balancer: peer, timeout: self.configuration.loginGraceTime, logger: self.logger) {
                            channel, address in
                            try self.setUpConnection(channel, hostKey: hostKey, address: address, balancer: peer)
                        })
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
        let connections = state.withLockedValue { $0.connections.values.map(\.channel) }
        for connection in connections {
            try? await connection.close().get()
        }
        try? await group.shutdownGracefully()
        logger.info("stopped")
    }

    // MARK: Connections

    /// Admits a connection, or refuses it (shutting down, over the per-address rate). When every
    /// connection is taken, the one that has gone longest without a storefront is closed to make
    /// room: idle and unfinished logins cannot lock a visitor out.
    private func setUpConnection(_ channel: any Channel, hostKey: NIOSSHPrivateKey, address: String, balancer: String? = nil) throws {
        let now = Date().timeIntervalSince1970
        let maxConnections = configuration.maxConnections
        let logger = self.logger
        let admitted = state.withLockedValue {
            state -> (connection: ConnectionContext, refusal: String?, evicted: (channel: any Channel, context: ConnectionContext)?) in
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            var logger = logger
            if let balancer { logger[metadataKey: "via"] = LogText.value(balancer) }
            let connection = ConnectionContext(id: id, address: address, logger: logger)
            if state.stopping { return (connection, "shutting down", nil) }
            if !state.limiter.admit(address, now: now) { return (connection, "too many connections per minute from this address", nil) }
            var evicted: (channel: any Channel, context: ConnectionContext)?
            if state.connections.count >= maxConnections {
                let idlest = state.connections.compactMap { entry in entry.value.context.idleSince.map { (entry.key, $0) } }
                    .min { $0.1 < $1.1 }
                guard let idlest else { return (connection, "too many connections", nil) }
                evicted = state.connections.removeValue(forKey: idlest.0)
            }
            state.connections[id] = (channel, connection)
            return (connection, nil, evicted)
        }
        let connection = admitted.connection
        if let refusal = admitted.refusal {
            connection.logger.notice("refused connection", metadata: ["reason": "\(refusal)"])
            throw SSHIdentityError(refusal)
        }
        if let evicted = admitted.evicted {
            evicted.context.logger.notice("closing: making room for a new connection, no session yet")
            evicted.channel.close(promise: nil)
        }
        connection.logger.info("connect")

        let configuration = self.configuration
        let registry = self.registry
        var serverConfiguration = SSHServerConfiguration(
            hostKeys: [hostKey],
            userAuthDelegate: VisitorAuthenticator(authentication: configuration.authentication, connection: connection),
            globalRequestDelegate: RefuseGlobalRequests(logger: connection.logger))
        // The receive window is 64 packets: 32 KiB packets (OpenSSH's size) make it 2 MiB, the
        // most one session's visitor can have in flight to the server beyond what it has read.
        serverConfiguration.maximumPacketSize = 32768
        let sshHandler = NIOSSHHandler(
            role: .server(serverConfiguration),
            allocator: channel.allocator,
            inboundChildChannelInitializer: { child, type in
                switch type {
                case .session:
                    guard connection.openChannel(limit: configuration.maxChannelsPerConnection) else {
                        connection.logger.notice(
                            "refused session channel", metadata: ["open": "\(configuration.maxChannelsPerConnection)"])
                        return child.eventLoop.makeFailedFuture(SSHIdentityError("too many session channels"))
                    }
                    child.closeFuture.whenComplete { _ in connection.channelClosed() }
                    return child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(
                            SessionHandler(configuration: configuration, connection: connection, registry: registry))
                    }
                case .directTCPIP(let target):
                    connection.logger.notice(
                        "refused port forwarding",
                        metadata: ["target": LogText.value("\(target.targetHost):\(target.targetPort)")])
                    return child.eventLoop.makeFailedFuture(SSHIdentityError("port forwarding is not offered"))
                case .forwardedTCPIP:
                    connection.logger.notice("refused forwarded channel")
                    return child.eventLoop.makeFailedFuture(SSHIdentityError("port forwarding is not offered"))
                }
            })
        let busyAt = Int((Double(maxConnections) * configuration.busyFraction).rounded(.up))
        let isBusy: @Sendable () -> Bool = { [self] in state.withLockedValue { $0.connections.count >= busyAt } }
        // The lifecycle handler goes first: NIOSSHHandler does not pass channelInactive on.
        try channel.pipeline.syncOperations.addHandler(
            ConnectionLifecycleHandler(
                connection: connection, loginGraceTime: configuration.loginGraceTime,
                busyLoginGraceTime: configuration.busyLoginGraceTime, isBusy: isBusy))
        // A visitor who does not read what we send is not read from either: replies to their
        // requests cannot pile up in the connection's send buffer (NIOSSHHandler does not pass
        // writability to the session channels; SessionHandler bounds the storefront's output).
        try channel.pipeline.syncOperations.addHandler(BackPressureHandler())
        try channel.pipeline.syncOperations.addHandler(sshHandler)
        try channel.pipeline.syncOperations.addHandler(CloseOnErrorHandler(connection: connection))
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLockedValue { $0.connections.removeValue(forKey: connection.id) }
        }
    }
}

/// Logs a connection's end with its duration, closes connections that run no storefront for
/// the login grace time (the busy grace while the server is busy), and closes on errors (never
/// telling the visitor internals).
final class ConnectionLifecycleHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    private let connection: ConnectionContext
    private let loginGraceTime: Double
    private let busyLoginGraceTime: Double
    private let isBusy: @Sendable () -> Bool
    private var graceTimer: RepeatedTask?
    private var handshakeReads = 0

    init(connection: ConnectionContext, loginGraceTime: Double, busyLoginGraceTime: Double, isBusy: @escaping @Sendable () -> Bool) {
        self.connection = connection
        self.loginGraceTime = loginGraceTime
        self.busyLoginGraceTime = min(busyLoginGraceTime, loginGraceTime)
        self.isBusy = isBusy
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let connection = self.connection
        let channel = context.channel
        let grace = loginGraceTime, busyGrace = busyLoginGraceTime, isBusy = self.isBusy
        let every = TimeAmount.milliseconds(Int64(max(50, min(1000, busyGrace * 250))))
        graceTimer = context.eventLoop.scheduleRepeatedTask(initialDelay: every, delay: every) { task in
            guard let idleSince = connection.idleSince else { return }
            let idle = Date().timeIntervalSince(idleSince)
            if idle >= grace {
                connection.logger.notice("closing: no session within the login grace time")
            } else if idle >= busyGrace && isBusy() {
                connection.logger.notice("closing: no session while the server is busy", metadata: ["after": "\(Int(idle))s"])
            } else {
                return
            }
            task.cancel()
            channel.close(promise: nil)
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
        connection.logger.info("connection error", metadata: ["error": LogText.value("\(error)")])
        context.close(promise: nil)
    }
}

/// Closes the connection on a protocol error raised by NIOSSHHandler (logged, never shown).
final class CloseOnErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    private let connection: ConnectionContext
    init(connection: ConnectionContext) { self.connection = connection }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection.logger.info("connection error", metadata: ["error": LogText.value("\(error)")])
        context.close(promise: nil)
    }
}

/// Reads the PROXY protocol header a trusted balancer sends before the SSH bytes, hands the
/// visitor's address to `onHeader` (which adds the SSH handlers behind this one), passes on
/// what followed the header, and leaves the pipeline. A balancer connection without a valid
/// header within the login grace time is closed.
final class ProxyProtocolHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let balancer: String
    private let timeout: Double
    private let logger: Logger
    private let onHeader: (any Channel, String) throws -> Void
    private var buffered: [UInt8] = []
    private var timer: Scheduled<Void>?
    private var done = false

    init(balancer: String, timeout: Double, logger: Logger, onHeader: @escaping (any Channel, String) throws -> Void) {
        self.balancer = balancer
        self.timeout = timeout
        var logger = logger
        logger[metadataKey: "via"] = LogText.value(balancer)
        self.logger = logger
        self.onHeader = onHeader
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel, logger = self.logger
        timer = context.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            logger.notice("closing: no PROXY header from the balancer within the login grace time")
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) { timer?.cancel() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return context.fireChannelRead(data) }
        var buffer = unwrapInboundIn(data)
        buffered += buffer.readBytes(length: buffer.readableBytes) ?? []
        switch ProxyProtocol.parse(buffered) {
        case .incomplete:
            return
        case .invalid(let reason):
            done = true
            logger.notice("refused connection", metadata: ["reason": "\(LogText.value(reason))"])
            context.close(promise: nil)
        case .header(let header, let length):
            done = true
            timer?.cancel()
            do {
                try onHeader(context.channel, header.sourceAddress ?? balancer)
            } catch {
                context.close(promise: nil)
                return
            }
            let rest = Array(buffered[length...])
            buffered = []
            if !rest.isEmpty { context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: rest))) }
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}
