import Foundation
import Logging
import NIOCore
import NIOSSH
import ShopSSHWire

/// One SSH session channel: collects the PTY request and environment, starts the visitor's
/// child on the shell request, pumps bytes both ways with back-pressure, and refuses everything
/// else.
///
/// Back-pressure: visitor input waits in the child's bounded input buffer (`PTYProcess`); while
/// that is over its high-water mark this handler holds the channel's `read`, so NIOSSH buffers
/// at most one window (2 MiB) and does not grant the visitor more. Output is read from the
/// terminal only while less than `PTYProcess.Limits.outputInFlight` is unacknowledged: each
/// write's promise gives its bytes back when they reach the socket.
final class SessionHandler: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    private let configuration: ServeConfiguration
    private let connection: ConnectionContext
    private let registry: SessionRegistry
    private var logger: Logger

    private var pty: SSHChannelRequestEvent.PseudoTerminalRequest?
    private var environment: [String: String] = [:]
    private var shellRequested = false
    /// This channel holds its connection's one storefront (`ConnectionContext.claimShell`).
    private var holdsShell = false
    private var process: PTYProcess?
    private var slot: Int?
    private var startedAt = NIODeadline.now()
    private var lastInput = NIODeadline.now()
    private var timer: RepeatedTask?
    /// Why the server ended the session, told to the visitor after the app has exited.
    private var endReason: String?
    private var channelOpen = true
    private var context: ChannelHandlerContext?
    private var identity: VisitorIdentity?
    /// Reading is held while the child's input buffer is full; a read asked for meanwhile waits.
    private var inputPaused = false
    private var readPending = false

    init(configuration: ServeConfiguration, connection: ConnectionContext, registry: SessionRegistry) {
        self.configuration = configuration
        self.connection = connection
        self.registry = registry
        self.logger = connection.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // The visitor may half-close (EOF) while the app is still running.
        context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).whenFailure { _ in }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        channelOpen = false
        timer?.cancel()
        if let process {
            // The visitor left: queued input is dropped, output is drained and dropped, the app
            // gets SIGHUP (and SIGKILL after the grace if it is still there); the reaper collects it.
            logger.info("visitor disconnected", metadata: ["pid": "\(process.pid)"])
            process.hangUp(grace: configuration.disconnectGrace, visitorGone: true)
        } else if holdsShell {
            holdsShell = false
            connection.shellEnded()
        }
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // The visitor's window or our send buffer is full: stop reading the terminal until it drains.
        process?.setOutputPaused(!context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if inputPaused {
            readPending = true
        } else {
            context.read()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .byteBuffer(var buffer) = message.data, case .channel = message.type else { return }
        lastInput = .now()
        guard channelOpen, let process, let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
        if process.write(bytes) >= process.limits.inputHighWater {
            inputPaused = true
        }
    }

    /// The child's input buffer has room again: read the channel again.
    private func inputSpace() {
        guard inputPaused else { return }
        inputPaused = false
        if readPending, let context {
            readPending = false
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            pty = request
            logger.info(
                "terminal",
                metadata: [
                    "term": LogText.value(request.term),
                    "size": "\(request.terminalCharacterWidth)x\(request.terminalRowHeight)",
                ])
            reply(request.wantReply, true, context: context)

        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            let allowed =
                SessionTerminal.allowsEnvironment(name: request.name, value: request.value)
                && (environment[request.name] != nil || environment.count < SessionTerminal.maxVariables)
            if allowed {
                environment[request.name] = request.value
            } else if SessionTerminal.isLocaleVariable(request.name) {
                // A locale that is a path (or not a locale name at all) is dropped: the storefront
                // keeps the UTF-8 default.
                logger.notice(
                    "refused environment variable",
                    metadata: [
                        "name": LogText.value(request.name), "value": LogText.value(request.value),
                        "using": "\(SessionTerminal.defaultLocale)",
                    ])
            } else {
                logger.debug("refused environment variable", metadata: ["name": LogText.value(request.name)])
            }
            reply(request.wantReply, allowed, context: context)

        case let request as SSHChannelRequestEvent.ShellRequest:
            startShell(wantReply: request.wantReply, context: context)

        case let request as SSHChannelRequestEvent.ExecRequest:
            logger.notice("refused exec request", metadata: ["command": LogText.value(request.command)])
            refuse(
                "Reelshop runs no commands. Connect without one: \(connectHint(context))",
                wantReply: request.wantReply, context: context)

        case let request as SSHChannelRequestEvent.SubsystemRequest:
            logger.notice("refused subsystem", metadata: ["subsystem": LogText.value(request.subsystem)])
            refuse(
                "Reelshop offers no \(LogText.sanitized(request.subsystem, maxLength: 40)). Connect with: \(connectHint(context))",
                wantReply: request.wantReply, context: context)

        case let request as SSHChannelRequestEvent.WindowChangeRequest:
            let columns = SessionTerminal.clampedColumns(request.terminalCharacterWidth)
            let rows = SessionTerminal.clampedRows(request.terminalRowHeight)
            logger.info(
                "terminal size",
                metadata: [
                    "size": "\(request.terminalCharacterWidth)x\(request.terminalRowHeight)", "applied": "\(columns)x\(rows)",
                ])
            process?.resize(rows: rows, columns: columns)

        case let request as SSHChannelRequestEvent.LocalFlowControlRequest:
            _ = request

        case let request as SSHChannelRequestEvent.SignalRequest:
            logger.debug("ignored signal request", metadata: ["signal": LogText.value(request.signal)])

        case let event as ChannelEvent where event == .inputClosed:
            // The visitor sent EOF; the app keeps running until it quits or the channel closes.
            break

        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("session error", metadata: ["error": LogText.value("\(error)")])
        context.close(promise: nil)
    }

    // MARK: Starting the child

    private func startShell(wantReply: Bool, context: ChannelHandlerContext) {
        guard !shellRequested else {
            reply(wantReply, false, context: context)
            return
        }
        shellRequested = true
        reply(wantReply, true, context: context)

        guard let pty else {
            logger.notice("refused session without a terminal")
            finish(
                message: "Reelshop needs an interactive terminal: \(connectHint(context))", status: 1,
                context: context)
            return
        }
        guard let identity = connection.identity else {
            finish(message: "Reelshop could not tell who you are.", status: 1, context: context)
            return
        }
        // One storefront per connection: a client multiplexing sessions over one connection
        // (or opening dozens of channels) gets one slot, like anyone else.
        guard connection.claimShell() else {
            logger.notice("refused session: the connection already runs one")
            finish(
                message: "Reelshop runs one storefront per connection. Open another connection: \(connectHint(context))",
                status: 1, context: context)
            return
        }
        holdsShell = true
        let slot: Int
        switch registry.reserve(identity: identity, address: connection.address) {
        case .success(let reserved):
            slot = reserved
        case .failure(let refusal):
            holdsShell = false
            connection.shellEnded()
            let message: String
            switch refusal {
            case .closing:
                logger.notice("refused session: shutting down")
                message = "Reelshop is closing. Please come back in a moment."
            case .full:
                logger.notice("refused session: shop is full", metadata: ["max": "\(registry.limit)"])
                message = "Reelshop is full: \(registry.limit) visitors are shopping right now. Please try again in a few minutes."
            case .tooManyForKey(let limit):
                logger.notice("refused session: too many for this key", metadata: ["max": "\(limit)", "visitor": "\(identity)"])
                message = "You already have \(limit) Reelshop session\(limit == 1 ? "" : "s") open with this key. Close one and try again."
            case .tooManyFromAddress(let limit):
                logger.notice("refused session: too many from this address", metadata: ["max": "\(limit)"])
                message = "Reelshop already has \(limit) session\(limit == 1 ? "" : "s") from your address. Please try again in a few minutes."
            }
            finish(message: message, status: 1, context: context)
            return
        }
        self.slot = slot
        self.identity = identity

        let stateDirectory: String
        do {
            stateDirectory = try configuration.layout.prepareStateDirectory(for: identity).url.path
        } catch {
            logger.error("cannot prepare state directory", metadata: ["error": LogText.value("\(error)")])
            releaseSlot()
            finish(message: "Reelshop cannot open your shop state right now.", status: 1, context: context)
            return
        }

        var childEnvironment = configuration.command.environment
        for (name, value) in environment { childEnvironment[name] = value }
        let terminal = SessionTerminal(
            requestedTerm: pty.term, environmentTerm: environment["TERM"],
            columns: pty.terminalCharacterWidth, rows: pty.terminalRowHeight)
        childEnvironment["TERM"] = terminal.term
        childEnvironment["REELSHOP_STATE_DIR"] = stateDirectory
        childEnvironment["HOME"] = stateDirectory
        childEnvironment["REELSHOP_VISITOR"] = identity.description

        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let columns = terminal.columns, rows = terminal.rows
        do {
            let process = try PTYProcess(
                executable: configuration.command.executable,
                arguments: configuration.command.arguments(stateDirectory),
                environment: childEnvironment,
                workingDirectory: stateDirectory,
                rows: rows, columns: columns, zygote: configuration.zygote,
                onOutput: { bytes in loop.execute { bound.value.childWrote(bytes) } },
                onInputSpace: { loop.execute { bound.value.inputSpace() } },
                onExit: { status in loop.execute { bound.value.childExited(status: status) } })
            self.process = process
            startedAt = .now()
            lastInput = .now()
            logger[metadataKey: "pid"] = "\(process.pid)"
            logger.info(
                "session started",
                metadata: [
                    "visitor": "\(identity)", "term": LogText.value(childEnvironment["TERM"] ?? ""), "size": "\(columns)x\(rows)",
                ])
            registry.attach(
                slot,
                entry: .init(
                    shutdown: { loop.execute { bound.value.serverClosing() } },
                    kill: { process.kill9() }))
            startTimer(context: context)
        } catch {
            logger.error("cannot start the storefront", metadata: ["error": LogText.value("\(error)")])
            releaseSlot()
            if identity.isGuest { configuration.layout.removeGuestState(for: identity) }
            finish(message: "Reelshop could not start. Please try again later.", status: 1, context: context)
        }
    }

    /// Gives back the session's slot and its connection's storefront.
    private func releaseSlot() {
        if let slot { registry.release(slot) }
        slot = nil
        if holdsShell {
            holdsShell = false
            connection.shellEnded()
        }
    }

    private func startTimer(context: ChannelHandlerContext) {
        let interval = max(0.05, min(1.0, min(configuration.idleTimeout, configuration.maxSessionLength) / 4))
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(
            initialDelay: .milliseconds(Int64(interval * 1000)), delay: .milliseconds(Int64(interval * 1000))
        ) { _ in bound.value.checkLimits() }
    }

    private func checkLimits() {
        guard let process, endReason == nil else { return }
        let now = NIODeadline.now()
        if Double((now - lastInput).nanoseconds) / 1e9 >= configuration.idleTimeout {
            endReason = "Reelshop closed this session after \(DurationFormat.text(configuration.idleTimeout)) without input. Your cart is saved."
            logger.info("idle timeout", metadata: ["after": "\(configuration.idleTimeout)s"])
            process.hangUp(grace: configuration.shutdownGrace)
        } else if Double((now - startedAt).nanoseconds) / 1e9 >= configuration.maxSessionLength {
            endReason = "Reelshop sessions last at most \(DurationFormat.text(configuration.maxSessionLength)). Your cart is saved."
            logger.info("session length limit", metadata: ["after": "\(configuration.maxSessionLength)s"])
            process.hangUp(grace: configuration.shutdownGrace)
        }
    }

    private func serverClosing() {
        guard let process else { return }
        if endReason == nil { endReason = "Reelshop is shutting down. Your cart is saved; please come back soon." }
        process.hangUp(grace: configuration.shutdownGrace)
    }

    // MARK: Child events (on the event loop)

    private func childWrote(_ bytes: [UInt8]) {
        guard let process else { return }
        let count = bytes.count
        guard channelOpen, let context else {
            process.outputDelivered(count)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: count)
        buffer.writeBytes(bytes)
        // The bytes count against the child's output bound until they reach the socket.
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { _ in process.outputDelivered(count) }
        context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(buffer))), promise: written)
    }

    private func childExited(status: Int32) {
        timer?.cancel()
        timer = nil
        let duration = Double((NIODeadline.now() - startedAt).nanoseconds) / 1e9
        logger.info(
            "session ended",
            metadata: ["status": "\(status)", "duration": "\(String(format: "%.1f", duration))s", "visitor": "\(identity.map { "\($0)" } ?? "-")"])
        process = nil
        releaseSlot()
        if let identity, identity.isGuest { configuration.layout.removeGuestState(for: identity) }
        if channelOpen, let context {
            finish(message: endReason, status: Int(status), context: context)
        }
    }

    // MARK: Replies

    private func reply(_ wantReply: Bool, _ success: Bool, context: ChannelHandlerContext) {
        guard wantReply else { return }
        let event: Any = success ? ChannelSuccessEvent() : ChannelFailureEvent()
        context.triggerUserOutboundEvent(event, promise: nil)
    }

    /// Refuses a command or subsystem. Before anything runs, the request is acknowledged so the
    /// client shows the message and exits 1 (as with a ForceCommand); once the storefront runs,
    /// it is simply failed.
    private func refuse(_ message: String, wantReply: Bool, context: ChannelHandlerContext) {
        guard process == nil, !shellRequested else {
            reply(wantReply, false, context: context)
            return
        }
        shellRequested = true
        reply(wantReply, true, context: context)
        finish(message: message, status: 1, context: context)
    }

    private func writeStderr(_ text: String, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .stdErr, data: .byteBuffer(buffer))), promise: nil)
    }

    /// Tells the visitor why (on stderr, never into the app's screen), sends the exit status and
    /// closes the channel.
    private func finish(message: String?, status: Int, context: ChannelHandlerContext) {
        guard channelOpen else { return }
        if let message { writeStderr("\r\n" + message + "\r\n", context: context) }
        let channel = context.channel
        context.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: status)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    private func connectHint(_ context: ChannelHandlerContext) -> String {
        let port = context.channel.parent?.localAddress?.port ?? configuration.port
        let host = context.channel.parent?.localAddress?.ipAddress ?? configuration.host
        return "ssh -t -p \(port) \(host)"
    }
}

/// Durations for people: "15 minutes", "2 hours", "7 days", "90 seconds".
enum DurationFormat {
    static func text(_ seconds: Double) -> String {
        if seconds >= 2 * 86400, seconds.truncatingRemainder(dividingBy: 86400) == 0, seconds < 1e15 {
            return "\(Int(seconds / 86400)) days"
        }
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0, seconds < 1e15 {
            let hours = Int(seconds / 3600)
            return hours == 1 ? "1 hour" : "\(hours) hours"
        }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0, seconds < 1e15 {
            let minutes = Int(seconds / 60)
            return minutes == 1 ? "1 minute" : "\(minutes) minutes"
        }
        return seconds == 1 ? "1 second" : "\(String(format: "%g", seconds)) seconds"
    }
}
