import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import ShopSSH
@testable import ShopSSHWire

/// A LogHandler that keeps what reaches it, for checking what the sanitizing wrapper passes on.
final class RecordedLog: @unchecked Sendable {
    private let box = NIOLockedValueBox<[(message: String, metadata: Logger.Metadata)]>([])
    var entries: [(message: String, metadata: Logger.Metadata)] { box.withLockedValue { $0 } }
    func append(_ message: String, _ metadata: Logger.Metadata) { box.withLockedValue { $0.append((message, metadata)) } }
}

struct RecordingHandler: LogHandler {
    let record: RecordedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        record.append(event.message.description, metadata.merging(event.metadata ?? [:]) { $1 })
    }
}

/// The limits of `reelshop serve` as values: log text, session slots, ranges, the locale.
@Suite struct ServeLimitsTests {
    @Test func logTextEscapesControlCharactersAndCapsLength() {
        #expect(LogText.sanitized("v\nFORGED line") == "v\\nFORGED line")
        #expect(LogText.sanitized("a\r\tb\u{1b}[2Jc") == "a\\r\\tb\\u{1b}[2Jc")
        #expect(LogText.sanitized("back\\slash") == "back\\\\slash", "an escape cannot be faked")
        #expect(LogText.sanitized("x\u{2028}y\u{202e}z\u{85}") == "x\\u{2028}y\\u{202e}z\\u{85}")
        #expect(LogText.sanitized("Zoë 🛒 café") == "Zoë 🛒 café", "printable text is kept")
        let long = LogText.sanitized(String(repeating: "x", count: 5000))
        #expect(long.hasPrefix(String(repeating: "x", count: LogText.maxLength)))
        #expect(long.hasSuffix("…[4800 more]"))
        #expect(!LogText.sanitized(String(repeating: "\n", count: 500)).contains("\n"))
    }

    @Test func theSanitizingHandlerCleansEveryMessageAndValueItPassesOn() {
        let record = RecordedLog()
        var logger = Logger(label: "test") { _ in SanitizingLogHandler(RecordingHandler(record: record)) }
        logger[metadataKey: "addr"] = "1.2.3.4\nforged"
        logger.info(
            "refused\nline",
            metadata: ["user": "v\nFORGED", "list": ["a\rb"], "nested": ["k": "x\ny"], "term": LogText.value("a\nb")])
        let entry = try? #require(record.entries.first)
        #expect(entry?.message == "refused\\nline")
        #expect(entry?.metadata["user"] == .string("v\\nFORGED"))
        #expect(entry?.metadata["addr"] == .string("1.2.3.4\\nforged"))
        #expect(entry?.metadata["list"] == .array([.string("a\\rb")]))
        #expect(entry?.metadata["nested"] == .dictionary(["k": .string("x\\ny")]))
        #expect(entry?.metadata["term"] == .string("a\\nb"), "a value sanitized at the call is not escaped twice")
    }

    @Test func sessionSlotsAreCappedInAllPerKeyAndPerAddress() {
        let registry = SessionRegistry(limits: .init(total: 5, perKey: 2, perAddress: 3))
        let alice = VisitorIdentity.key(fingerprint: "SHA256:alice")
        let bob = VisitorIdentity.key(fingerprint: "SHA256:bob")
        let first = registry.reserve(identity: alice, address: "10.0.0.1")
        #expect((try? first.get()) != nil)
        #expect((try? registry.reserve(identity: alice, address: "10.0.0.2").get()) != nil)
        #expect(registry.reserve(identity: alice, address: "10.0.0.3") == .failure(.tooManyForKey(2)))
        #expect((try? registry.reserve(identity: bob, address: "10.0.0.1").get()) != nil)
        // Guests are each their own visitor: only their address counts.
        #expect((try? registry.reserve(identity: .newGuest(), address: "10.0.0.1").get()) != nil)
        #expect(registry.reserve(identity: .newGuest(), address: "10.0.0.1") == .failure(.tooManyFromAddress(3)))
        #expect((try? registry.reserve(identity: bob, address: "10.0.0.9").get()) != nil)
        #expect(registry.reserve(identity: .newGuest(), address: "10.0.0.7") == .failure(.full))
        if case .success(let slot) = first { registry.release(slot) }
        #expect((try? registry.reserve(identity: .newGuest(), address: "10.0.0.7").get()) != nil, "a released slot is free")
        registry.beginShutdown()
        #expect(registry.reserve(identity: .newGuest(), address: "10.0.0.8") == .failure(.closing))
    }

    @Test func aConnectionRunsOneStorefrontAndAFewChannels() {
        let connection = ConnectionContext(id: 1, address: "127.0.0.1", logger: Logger(label: "test"))
        #expect(connection.idleSince != nil)
        #expect(connection.claimShell())
        #expect(!connection.claimShell(), "a second storefront on the same connection")
        #expect(connection.idleSince == nil, "a connection running a storefront is not idle")
        connection.shellEnded()
        #expect(connection.claimShell(), "once the first has ended, another may start")
        for _ in 0..<4 { #expect(connection.openChannel(limit: 4)) }
        #expect(!connection.openChannel(limit: 4))
        connection.channelClosed()
        #expect(connection.openChannel(limit: 4))
    }

    @Test func durationsAndCountsOutOfRangeAreRefused() throws {
        var configuration = ServeConfiguration(
            dataDirectory: URL(fileURLWithPath: "/tmp"), authentication: .open,
            command: .storefront(executable: "/bin/true", catalog: nil))
        try configuration.validate()
        for grace: Double in [0, 0.5, 601, 1e12, .infinity, .nan] {
            configuration.loginGraceTime = grace
            #expect(throws: ServeConfigurationError.self, "login grace \(grace)") { try configuration.validate() }
        }
        configuration.loginGraceTime = 60
        for idle: Double in [0, 4, 86401] {
            configuration.idleTimeout = idle
            #expect(throws: ServeConfigurationError.self, "idle timeout \(idle)") { try configuration.validate() }
        }
        configuration.idleTimeout = 900
        configuration.maxSessions = 100_000
        #expect(throws: ServeConfigurationError.self) { try configuration.validate() }
        do {
            try ServeConfiguration.check(1e11 * 3600, in: ServeConfiguration.loginGraceRange, option: "--login-grace", written: "100000000000h")
            Issue.record("a grace of 100000000000h was accepted")
        } catch {
            #expect(error.description == "--login-grace must be from 1 second to 10 minutes (got 100000000000h)")
        }
    }

    @Test func sshSessionGivesTheStorefrontAUTF8LocaleUnlessTheVisitorNamesOne() {
        let none = SessionTerminal.storefrontEnvironment(from: ["PATH": "/bin", "TERM": "xterm"])
        #expect(none.environment["LANG"] == "C.UTF-8" && none.dropped.isEmpty)
        let paths = SessionTerminal.storefrontEnvironment(from: ["LANG": "/tmp/evil", "LC_ALL": "../x", "LC_TIME": "de_DE.UTF-8"])
        #expect(paths.environment["LANG"] == "C.UTF-8")
        #expect(paths.environment["LC_ALL"] == nil)
        #expect(paths.environment["LC_TIME"] == "de_DE.UTF-8")
        #expect(paths.dropped == ["LANG", "LC_ALL"])
        let chosen = SessionTerminal.storefrontEnvironment(from: ["LC_ALL": "C"])
        #expect(chosen.environment["LC_ALL"] == "C" && chosen.environment["LANG"] == nil, "a visitor's own locale stays")
    }
}
