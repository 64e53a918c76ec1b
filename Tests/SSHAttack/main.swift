// reelshop-ssh-attack: a deliberately hostile SSH client for the tests and the attack measurements
// (Tests/EndToEndTests/SSHAttackTests.swift, scripts/faults/ssh_attacks.py). It does what a real
// OpenSSH client cannot be made to do: flood input without reading, advertise a 2 GiB window and
// stop reading the socket, open dozens of session channels on one connection, hold raw pre-auth
// connections, log in with any bytes as the user name. Loopback test servers only.
//
// Every event is one line on stdout (flushed), so a test can wait for it:
//   connected | auth ok | auth failed | channel N open | channel N open failed | channel N reply success|failure
//   channel N stderr <text, escaped> | channel N exit-status S | channel N closed | sent B received R
//   preauth open N | preauth closed-by-server C of N after S s | done
import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSH
import ShopSSH

let usage = """
    usage: reelshop-ssh-attack ATTACK --port P [--host 127.0.0.1] [--bind ADDR]
                               [--key FILE | --guest] [--user NAME] [options]
    attacks:
      flood     PTY and shell, then input as fast as the server takes it (--bytes N, default 1 GiB)
      stall     PTY and shell with a 2 GiB window, then stop reading the socket; keys keep coming
      channels  --count N session channels on one connection, each asking for a PTY and a shell
      preauth   --count N TCP connections that send nothing
      login     authenticate (as --user), open one session and ask for a PTY and a shell
    options:
      --password PW       offer this password first (the server must refuse it)
      --seconds S         how long to attack and hold before exiting (default 30)
      --size WxH          the PTY request's size (default 80x24)
      --term NAME         the PTY request's TERM (default xterm-256color)
      --exec CMD          ask for this command instead of a shell
      --subsystem NAME    ask for this subsystem instead of a shell
      --env NAME=VALUE    send an env request first (repeatable)
      --pattern TEXT      the input a flood repeats (default "jk")
      --keys-per-second N keys a stalled client keeps typing (default 50)
      --resizes-per-second N  window-changes a stalled client keeps sending, alternating between
                          --size and one column less: each makes the storefront redraw it all
      --flood-requests    stall: also send env requests that want a reply, as fast as the
                          connection takes them, and never read the replies
      --exit-when-sent    flood: exit (dropping the connection) as soon as --bytes are sent
    """

struct Options {
    var attack = ""
    var host = "127.0.0.1"
    var port = 0
    var bind: String?
    var keyFile: String?
    var guest = false
    var user = "visitor"
    var password: String?
    var seconds = 30.0
    var columns = 80
    var rows = 24
    var term = "xterm-256color"
    var exec: String?
    var subsystem: String?
    var environment: [(String, String)] = []
    var bytes = 1 << 30
    var count = 1
    var pattern = "jk"
    var keysPerSecond = 50
    var resizesPerSecond = 0
    var floodRequests = false
    var exitWhenSent = false

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let next = rest.popFirst() else { fail("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) -> Int {
            guard let parsed = Int(value(flag)) else { fail("\(flag) needs a number") }
            return parsed
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--host": options.host = value(argument)
            case "--port": options.port = number(argument)
            case "--bind": options.bind = value(argument)
            case "--key": options.keyFile = value(argument)
            case "--guest": options.guest = true
            case "--user": options.user = value(argument)
            case "--password": options.password = value(argument)
            case "--seconds": options.seconds = Double(value(argument)) ?? options.seconds
            case "--size":
                let parts = value(argument).split(separator: "x").compactMap { Int($0) }
                guard parts.count == 2 else { fail("--size is WxH") }
                options.columns = parts[0]
                options.rows = parts[1]
            case "--term": options.term = value(argument)
            case "--exec": options.exec = value(argument)
            case "--subsystem": options.subsystem = value(argument)
            case "--env":
                let pair = value(argument)
                guard let equals = pair.firstIndex(of: "=") else { fail("--env is NAME=VALUE") }
                options.environment.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
            case "--bytes": options.bytes = number(argument)
            case "--count": options.count = number(argument)
            case "--pattern": options.pattern = value(argument)
            case "--keys-per-second": options.keysPerSecond = number(argument)
            case "--resizes-per-second": options.resizesPerSecond = number(argument)
            case "--flood-requests": options.floodRequests = true
            case "--exit-when-sent": options.exitWhenSent = true
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                guard options.attack.isEmpty, !argument.hasPrefix("-") else { fail("unknown argument \(argument)") }
                options.attack = argument
            }
        }
        guard ["flood", "stall", "channels", "preauth", "login"].contains(options.attack) else { fail("name an attack") }
        guard options.port > 0 else { fail("--port is required") }
        return options
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("reelshop-ssh-attack: \(message)\n\(usage)\n".utf8))
    exit(2)
}

/// One event line on stdout, written at once.
func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Control characters as escapes, so a report stays on one line.
func escaped(_ text: String) -> String {
    text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))

// MARK: Raw pre-auth connections

if options.attack == "preauth" {
    var descriptors: [Int32] = []
    for _ in 0..<options.count {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { fail("socket: \(String(cString: strerror(errno)))") }
        if let bind = options.bind {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(bind)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { fail("bind \(bind): \(String(cString: strerror(errno)))") }
        }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_addr.s_addr = inet_addr(options.host)
        remote.sin_port = in_port_t(UInt16(options.port).bigEndian)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected == 0 { descriptors.append(fd) } else { close(fd) }
    }
    report("preauth open \(descriptors.count)")
    // Read (and discard) the server's banner; a read of 0 or an error means the server closed it.
    let started = Date()
    var closedAt: [Int32: Double] = [:]
    var buffer = [UInt8](repeating: 0, count: 512)
    while Date().timeIntervalSince(started) < options.seconds && closedAt.count < descriptors.count {
        for fd in descriptors where closedAt[fd] == nil {
            let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                closedAt[fd] = Date().timeIntervalSince(started)
            }
        }
        usleep(100_000)
    }
    let times = closedAt.values.sorted()
    let within = [1.0, 15, 30, 45].map { limit in "\(times.filter { $0 <= limit }.count) within \(Int(limit)) s" }
    report(
        "preauth closed-by-server \(closedAt.count) of \(descriptors.count)"
            + (times.isEmpty ? "" : ": " + within.joined(separator: ", ") + ", the last after \(String(format: "%.1f", times[times.count - 1])) s"))
    descriptors.forEach { close($0) }
    report("done")
    exit(0)
}

// MARK: SSH

/// Accepts any host key: these are throwaway loopback servers.
final class TrustingServerDelegate: NIOSSHClientServerAuthenticationDelegate {
    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        validationCompletePromise.succeed(())
    }
}

/// Offers a password first when asked to (it must be refused), then the key (or "none" for a
/// guest), once each, as the given user name.
final class OfferOnce: NIOSSHClientUserAuthenticationDelegate {
    private let user: String
    private var offers: [NIOSSHUserAuthenticationOffer.Offer]

    init(user: String, key: NIOSSHPrivateKey?, password: String?) {
        self.user = user
        offers =
            (password.map { [.password(.init(password: $0))] } ?? [])
            + [key.map { .privateKey(.init(privateKey: $0)) } ?? .none]
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods,
        nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        guard !offers.isEmpty else {
            report("auth failed")
            nextChallengePromise.succeed(nil)
            return
        }
        let offer = offers.removeFirst()
        nextChallengePromise.succeed(NIOSSHUserAuthenticationOffer(username: user, serviceName: "ssh-connection", offer: offer))
    }
}

/// Bytes sent and received over all channels, for the periodic report.
let counters = NIOLockedValueBox<(sent: Int, received: Int)>((0, 0))

/// One session channel: asks for a PTY and a shell (or the exec / subsystem), then floods,
/// stalls or just holds, reporting what the server answers.
final class SessionClient: ChannelInboundHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    let index: Int
    let options: Options
    private var replies = 0
    private var shellAccepted = false
    private var sentHere = 0
    private var typing: RepeatedTask?
    private var resizing: RepeatedTask?
    private var requesting: RepeatedTask?
    private lazy var chunk: ByteBuffer = {
        var buffer = ByteBufferAllocator().buffer(capacity: 32768)
        let pattern = Array(options.pattern.utf8)
        while buffer.readableBytes + pattern.count <= 32768 { buffer.writeBytes(pattern) }
        return buffer
    }()

    init(index: Int, options: Options) {
        self.index = index
        self.options = options
    }

    func channelActive(context: ChannelHandlerContext) {
        report("channel \(index) open")
        for (name, value) in options.environment {
            context.triggerUserOutboundEvent(
                SSHChannelRequestEvent.EnvironmentRequest(wantReply: false, name: name, value: value), promise: nil)
        }
        context.triggerUserOutboundEvent(
            SSHChannelRequestEvent.PseudoTerminalRequest(
                wantReply: true, term: options.term, terminalCharacterWidth: options.columns,
                terminalRowHeight: options.rows, terminalPixelWidth: 0, terminalPixelHeight: 0,
                terminalModes: SSHTerminalModes([:])),
            promise: nil)
        let request: Any
        if let command = options.exec {
            request = SSHChannelRequestEvent.ExecRequest(command: command, wantReply: true)
        } else if let subsystem = options.subsystem {
            request = SSHChannelRequestEvent.SubsystemRequest(subsystem: subsystem, wantReply: true)
        } else {
            request = SSHChannelRequestEvent.ShellRequest(wantReply: true)
        }
        context.triggerUserOutboundEvent(request, promise: nil)
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelSuccessEvent, is ChannelFailureEvent:
            replies += 1
            let success = event is ChannelSuccessEvent
            report("channel \(index) reply \(success ? "success" : "failure")")
            // The second reply answers the shell (the first the PTY).
            if replies == 2, success {
                shellAccepted = true
                started(context: context)
            }
        case let status as SSHChannelRequestEvent.ExitStatus:
            report("channel \(index) exit-status \(status.exitStatus)")
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .byteBuffer(let buffer) = message.data else { return }
        counters.withLockedValue { $0.received += buffer.readableBytes }
        if message.type == .stdErr {
            report("channel \(index) stderr \(escaped(String(buffer: buffer)))")
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if options.attack == "flood", shellAccepted { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        typing?.cancel()
        resizing?.cancel()
        requesting?.cancel()
        report("channel \(index) closed")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        report("channel \(index) error \(escaped("\(error)"))")
        context.close(promise: nil)
    }

    private func started(context: ChannelHandlerContext) {
        switch options.attack {
        case "flood":
            pump(context: context)
        case "stall":
            // Stop reading the socket: the server's output has nowhere to go but its own buffers.
            // The session channel first: with autoRead it would ask the connection to read again.
            let parent = context.channel.parent
            context.channel.setOption(ChannelOptions.autoRead, value: false).flatMap {
                parent?.setOption(ChannelOptions.autoRead, value: false) ?? context.eventLoop.makeSucceededVoidFuture()
            }.whenComplete { _ in report("stalled") }
            let keys = Array("jk".utf8)
            var next = 0
            let interval = max(1, 1000 / max(1, options.keysPerSecond))
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            typing = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(Int64(interval))) { _ in
                let context = bound.value
                var buffer = context.channel.allocator.buffer(capacity: 1)
                buffer.writeInteger(keys[next % keys.count])
                next += 1
                context.writeAndFlush(NIOAny(SSHChannelData(type: .channel, data: .byteBuffer(buffer))), promise: nil)
            }
            if options.floodRequests {
                // Each refused env request costs the server a reply it cannot send anywhere.
                requesting = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(200), delay: .milliseconds(2)) { _ in
                    let context = bound.value
                    var sent = 0
                    while sent < 256, context.channel.parent?.isWritable ?? false {
                        context.triggerUserOutboundEvent(
                            SSHChannelRequestEvent.EnvironmentRequest(wantReply: true, name: "REELSHOP_ATTACK", value: "x"),
                            promise: nil)
                        sent += 1
                    }
                    if sent > 0 {
                        context.flush()
                        counters.withLockedValue { $0.sent += sent * 48 }
                    }
                }
            }
            if options.resizesPerSecond > 0 {
                var narrow = false
                let columns = options.columns, rows = options.rows
                let every = max(1, 1000 / options.resizesPerSecond)
                resizing = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(200), delay: .milliseconds(Int64(every))) { _ in
                    narrow.toggle()
                    bound.value.triggerUserOutboundEvent(
                        SSHChannelRequestEvent.WindowChangeRequest(
                            terminalCharacterWidth: narrow ? columns - 1 : columns, terminalRowHeight: rows,
                            terminalPixelWidth: 0, terminalPixelHeight: 0),
                        promise: nil)
                }
            }
        default:
            break
        }
    }

    /// Writes as long as the channel takes it: the server's window is the only brake.
    private func pump(context: ChannelHandlerContext) {
        var wrote = false
        while context.channel.isWritable && sentHere < options.bytes {
            let size = min(chunk.readableBytes, options.bytes - sentHere)
            context.write(
                wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(chunk.getSlice(at: chunk.readerIndex, length: size)!))), promise: nil)
            sentHere += size
            counters.withLockedValue { $0.sent += size }
            wrote = true
        }
        if wrote { context.flush() }
        if sentHere >= options.bytes {
            report("channel \(index) sent-all \(sentHere)")
            if options.exitWhenSent {
                // Drop the connection at once, with input still queued at the server.
                context.flush()
                context.eventLoop.scheduleTask(in: .milliseconds(50)) { exit(0) }
            }
        }
    }
}

/// Reports errors on the connection and closes it.
final class ConnectionErrors: ChannelInboundHandler {
    typealias InboundIn = Any
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        report("connection error \(escaped("\(error)"))")
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        report("connection closed")
        context.fireChannelInactive()
    }
}

func loadKey() -> NIOSSHPrivateKey? {
    if options.guest { return nil }
    if let file = options.keyFile {
        do {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            return try HostKey.parse(openSSHPrivateKey: text, path: file).nioKey
        } catch {
            fail("cannot read the key \(file): \(error)")
        }
    }
    return NIOSSHPrivateKey(ed25519Key: Curve25519.Signing.PrivateKey())
}

let key = loadKey()
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
var configuration = SSHClientConfiguration(
    userAuthDelegate: OfferOnce(user: options.user, key: key, password: options.password), serverAuthDelegate: TrustingServerDelegate())
if options.attack == "stall" {
    // 2^25-byte packets: the window advertised is 64 packets, which saturates at Int32.max (2 GiB).
    configuration.maximumPacketSize = 1 << 25
}
let clientConfiguration = configuration
var bootstrap = ClientBootstrap(group: group)
    .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
    .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                NIOSSHHandler(role: .client(clientConfiguration), allocator: channel.allocator, inboundChildChannelInitializer: nil))
            try channel.pipeline.syncOperations.addHandler(ConnectionErrors())
        }
    }
if let bind = options.bind {
    do {
        bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: bind, port: 0))
    } catch {
        fail("cannot bind \(bind): \(error)")
    }
}

let channel: any Channel
do {
    channel = try bootstrap.connect(host: options.host, port: options.port).wait()
} catch {
    report("connect failed \(escaped("\(error)"))")
    exit(1)
}
report("connected")

let sessions = options.attack == "channels" ? options.count : 1
let opened: EventLoopFuture<Void> = channel.eventLoop.flatSubmit {
    do {
        let handler = try channel.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
        var futures: [EventLoopFuture<any Channel>] = []
        for index in 1...sessions {
            let promise = channel.eventLoop.makePromise(of: (any Channel).self)
            handler.createChannel(promise, channelType: .session) { child, _ in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(SessionClient(index: index, options: options))
                }
            }
            promise.futureResult.whenFailure { error in report("channel \(index) open failed \(escaped("\(error)"))") }
            futures.append(promise.futureResult)
        }
        return EventLoopFuture.whenAllComplete(futures, on: channel.eventLoop).map { _ in () }
    } catch {
        return channel.eventLoop.makeFailedFuture(error)
    }
}
opened.whenSuccess { report("auth ok") }

let started = Date()
var lastReport = (sent: -1, received: -1)
while Date().timeIntervalSince(started) < options.seconds && channel.isActive {
    usleep(250_000)
    let now = counters.withLockedValue { $0 }
    if now != lastReport {
        report("sent \(now.sent) received \(now.received)")
        lastReport = now
    }
}
try? channel.close().wait()
report("done")
exit(0)
