import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOSSH
import Testing

@testable import ShopSSH
@testable import ShopSSHWire

/// Stands where the SSH connection is: counts the reads the session asks for, records the
/// requests it sends, and, when `stalled`, never completes its writes (a visitor who stopped
/// reading, with the server's buffers as the only place left for the output).
final class WireDouble: ChannelOutboundHandler, @unchecked Sendable {
    typealias OutboundIn = SSHChannelData

    private let box = NIOLockedValueBox<(reads: Int, bytes: Int, held: [EventLoopPromise<Void>], heldBytes: Int, events: [String])>(
        (0, 0, [], 0, []))
    private let stalled = NIOLockedValueBox(false)

    init(stalled: Bool = false) { self.stalled.withLockedValue { $0 = stalled } }

    var reads: Int { box.withLockedValue { $0.reads } }
    var bytes: Int { box.withLockedValue { $0.bytes } }
    var heldBytes: Int { box.withLockedValue { $0.heldBytes } }
    var events: [String] { box.withLockedValue { $0.events } }

    func read(context: ChannelHandlerContext) {
        box.withLockedValue { $0.reads += 1 }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = unwrapOutboundIn(data)
        guard case .byteBuffer(let buffer) = message.data else {
            promise?.succeed(())
            return
        }
        let stalled = self.stalled.withLockedValue { $0 }
        box.withLockedValue {
            $0.bytes += buffer.readableBytes
            if stalled {
                // Written and never sent: these bytes stay in the server's memory.
                $0.heldBytes += buffer.readableBytes
                if let promise { $0.held.append(promise) }
            }
        }
        if !stalled { promise?.succeed(()) }
    }

    func flush(context: ChannelHandlerContext) {}

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        box.withLockedValue { $0.events.append("\(event)") }
        promise?.succeed(())
    }

    /// The visitor reads again: every held write completes.
    func drain() {
        stalled.withLockedValue { $0 = false }
        let held = box.withLockedValue { state -> [EventLoopPromise<Void>] in
            defer {
                state.held = []
                state.heldBytes = 0
            }
            return state.held
        }
        held.forEach { $0.succeed(()) }
    }
}

/// One SessionHandler on a testing channel, with a real child (`/bin/sh -c script`) on a real
/// pseudo-terminal, as `reelshop serve` would start the storefront.
struct SessionFixture {
    let channel: NIOAsyncTestingChannel
    let wire: WireDouble
    let registry: SessionRegistry
    let directory: URL

    init(script: String, stalled: Bool = false) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let command = SessionCommand(
            executable: "/bin/sh", arguments: { _ in ["-c", script] }, environment: ["PATH": "/usr/bin:/bin"])
        let configuration = ServeConfiguration(dataDirectory: directory, authentication: .open, command: command)
        let connection = ConnectionContext(id: 1, address: "127.0.0.1", logger: Logger(label: "test"))
        connection.authenticated(as: .key(fingerprint: "SHA256:flowcontrol"), user: "visitor")
        registry = SessionRegistry(limit: 4)
        wire = WireDouble(stalled: stalled)
        let handler = SessionHandler(configuration: configuration, connection: connection, registry: registry)
        channel = NIOAsyncTestingChannel()
        try await channel.pipeline.addHandler(wire).get()
        try await channel.pipeline.addHandler(handler).get()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 22)).get()
    }

    /// Asks for a PTY of the given size and a shell, as ssh -t does.
    func startShell(columns: Int = 80, rows: Int = 24) async throws {
        channel.pipeline.fireUserInboundEventTriggered(
            SSHChannelRequestEvent.PseudoTerminalRequest(
                wantReply: false, term: "xterm", terminalCharacterWidth: columns, terminalRowHeight: rows,
                terminalPixelWidth: 0, terminalPixelHeight: 0, terminalModes: SSHTerminalModes([:])))
        channel.pipeline.fireUserInboundEventTriggered(SSHChannelRequestEvent.ShellRequest(wantReply: false))
    }

    /// What the visitor types, `count` times `size` bytes; after each message the channel asks
    /// for the next read, as an autoRead SSH channel does.
    func type(_ count: Int, of size: Int = 32768) async throws {
        for _ in 0..<count {
            var buffer = channel.allocator.buffer(capacity: size)
            buffer.writeRepeatingByte(UInt8(ascii: "j"), count: size)
            try await channel.writeInbound(SSHChannelData(type: .channel, data: .byteBuffer(buffer)))
            channel.read()
        }
    }

    /// A file in the child's working directory (the visitor's state directory).
    func file(_ name: String) -> String {
        directory.appendingPathComponent("visitors/sha256-flowcontrol").appendingPathComponent(name).path
    }

    func contents(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

func eventually(timeout: Double = 15, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return condition()
}

func processExists(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 || errno != ESRCH }

/// Back-pressure between the SSH channel and the storefront's terminal, both ways, and what
/// happens to a storefront whose visitor left with input still queued (issue 11, "Trust").
@Suite(.serialized) struct SessionFlowControlTests {
    @Test func visitorInputIsNotReadWhileTheTerminalIsFull() async throws {
        // The child reads nothing until the test says so (a file appears), then everything.
        let fixture = try await SessionFixture(
            script: "echo $$ > pid; stty raw -echo; while [ ! -e go ]; do sleep 0.05; done; exec cat > /dev/null")
        defer { fixture.remove() }
        try await fixture.startShell()
        #expect(await eventually { !fixture.contents("pid").isEmpty })
        let before = fixture.wire.reads
        // 4 MiB typed at once: a terminal holds a few KiB, so nearly all of it waits at the server.
        try await fixture.type(128)
        let asked = fixture.wire.reads - before
        #expect(asked < 16, "the session kept reading the channel while the terminal was full: \(asked) reads for 128 messages")
        // Once the child reads, the session asks for input again.
        FileManager.default.createFile(atPath: fixture.file("go"), contents: Data())
        #expect(await eventually(timeout: 30) { fixture.wire.reads > before + asked }, "reading never resumed")
        try await fixture.channel.close()
    }

    @Test func storefrontOutputIsNotReadWhileTheVisitorDoesNotRead() async throws {
        // A child that writes as fast as its terminal takes it.
        let fixture = try await SessionFixture(script: "echo $$ > pid; stty raw -echo; exec cat /dev/zero", stalled: true)
        defer { fixture.remove() }
        try await fixture.startShell()
        #expect(await eventually { !fixture.contents("pid").isEmpty })
        #expect(await eventually { fixture.wire.heldBytes > 0 })
        try await Task.sleep(nanoseconds: 2_000_000_000)
        let held = fixture.wire.heldBytes
        print("output held for a stalled visitor after 2 s: \(held) bytes")
        #expect(held <= 1 << 20, "the server buffered \(held) bytes for a visitor who reads nothing")
        // The visitor reads again: output flows again.
        let before = fixture.wire.bytes
        fixture.wire.drain()
        #expect(await eventually { fixture.wire.bytes > before + (1 << 20) }, "output did not resume")
        try await fixture.channel.close()
    }

    @Test func aStorefrontWithInputQueuedIsGoneSoonAfterTheVisitorLeaves() async throws {
        let fixture = try await SessionFixture(script: "echo $$ > pid; stty raw -echo; exec sleep 1000")
        defer { fixture.remove() }
        try await fixture.startShell()
        #expect(await eventually { !fixture.contents("pid").isEmpty })
        let pid = try #require(pid_t(fixture.contents("pid")))
        try await fixture.type(64)
        #expect(fixture.registry.count == 1)
        let left = Date()
        try await fixture.channel.close()
        let gone = await eventually(timeout: 10) { !processExists(pid) && fixture.registry.count == 0 }
        #expect(gone, "pid \(pid) still there \(String(format: "%.1f", Date().timeIntervalSince(left))) s after the visitor left")
        if processExists(pid) { kill(pid, SIGKILL) }
    }

    @Test func aSessionSetsAtMostSixteenVariables() async throws {
        let fixture = try await SessionFixture(script: "env > environment; echo $$ > pid; exec sleep 1000")
        defer { fixture.remove() }
        // LC_* names are open-ended: a visitor could send thousands.
        for index in 0..<200 {
            fixture.channel.pipeline.fireUserInboundEventTriggered(
                SSHChannelRequestEvent.EnvironmentRequest(wantReply: false, name: "LC_X\(index)", value: "C"))
        }
        try await fixture.startShell()
        #expect(await eventually { !fixture.contents("pid").isEmpty })
        let passed = fixture.contents("environment").split(separator: "\n").filter { $0.hasPrefix("LC_X") }.count
        #expect(passed == SessionTerminal.maxVariables, "\(passed) of 200 variables reached the child")
        try await fixture.channel.close()
        if let pid = pid_t(fixture.contents("pid")) { _ = await eventually { !processExists(pid) } }
    }

    @Test func aWindowChangeIsClampedToAScreenBeforeItReachesTheTerminal() async throws {
        let fixture = try await SessionFixture(
            script: "trap 'stty size > size' WINCH; stty size > size; echo $$ > pid; while :; do sleep 0.05; done")
        defer { fixture.remove() }
        try await fixture.startShell(columns: 10000, rows: 10000)
        #expect(await eventually { !fixture.contents("pid").isEmpty })
        #expect(fixture.contents("size") == "200 500", "pty-req 10000x10000 gave \(fixture.contents("size"))")
        // A usual size, then 10000x10000 again (the kernel signals only a change of size).
        for (columns, rows, expected) in [(100, 30, "30 100"), (10000, 10000, "200 500")] {
            try? FileManager.default.removeItem(atPath: fixture.file("size"))
            fixture.channel.pipeline.fireUserInboundEventTriggered(
                SSHChannelRequestEvent.WindowChangeRequest(
                    terminalCharacterWidth: columns, terminalRowHeight: rows, terminalPixelWidth: 0, terminalPixelHeight: 0))
            #expect(await eventually { !fixture.contents("size").isEmpty })
            #expect(fixture.contents("size") == expected, "window-change \(columns)x\(rows) gave \(fixture.contents("size"))")
        }
        try await fixture.channel.close()
        if let pid = pid_t(fixture.contents("pid")) { _ = await eventually { !processExists(pid) } }
    }
}
