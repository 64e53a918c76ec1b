import Foundation
import Testing

/// Two `reelshop serve` instances behind the real HAProxy on loopback (issue 15, "Run on several
/// machines"): one host key, one data directory, the PROXY protocol (v2 to one, v1 to the other)
/// so limits and logs see the visitor's address, visitors spread over both, a cart found again
/// through the other instance, and one instance drained by SIGTERM while the other serves.
@Suite(.serialized) struct HAProxyTests {
    static func missing() -> String? { SSHE2E.missingPrerequisite(also: ["haproxy"]) }

    final class Fixture {
        let directory: URL
        let key: String
        let knownHosts: String
        let hostKey: String
        let data: URL
        var a: ServeProcess?
        var b: ServeProcess?
        var haproxy: ChildProcess?
        let port = SSHE2E.freePort()
        private var terminals: [TmuxTerminal] = []

        init() throws {
            directory = try SSHE2E.temporaryDirectory("haproxy")
            key = try SSHE2E.makeKey(in: directory, name: "A")
            knownHosts = directory.appendingPathComponent("known_hosts").path
            hostKey = directory.appendingPathComponent("shared_host_key").path
            data = directory.appendingPathComponent("shared-data")
            let shared = ["--open", "--host-key", hostKey, "--proxy-protocol-from", "127.0.0.1/32", "::1"]
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("a"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("b"), withIntermediateDirectories: true)
            let a = try ServeProcess(directory: directory.appendingPathComponent("a"), arguments: shared, dataDirectory: data)
            self.a = a
            let b = try ServeProcess(directory: directory.appendingPathComponent("b"), arguments: shared, dataDirectory: data)
            self.b = b
            let config = """
                global
                    maxconn 200
                defaults
                    mode tcp
                    retries 3
                    option redispatch
                    timeout connect 5s
                    timeout client 120s
                    timeout server 120s
                frontend shop
                    bind 127.0.0.1:\(port)
                    default_backend storefronts
                backend storefronts
                    balance roundrobin
                    server a 127.0.0.1:\(a.port) send-proxy-v2 check check-send-proxy inter 500ms fall 1 rise 1
                    server b 127.0.0.1:\(b.port) send-proxy check check-send-proxy inter 500ms fall 1 rise 1

                """
            let configFile = directory.appendingPathComponent("haproxy.cfg")
            try Data(config.utf8).write(to: configFile)
            haproxy = try ChildProcess(
                SSHE2E.tool("haproxy")!, ["-db", "-f", configFile.path],
                stdoutPath: directory.appendingPathComponent("haproxy.out").path,
                stderrPath: directory.appendingPathComponent("haproxy.err").path)
            guard SSHE2E.waitUntil(timeout: 20, { SSHE2E.isListening(port) }) else {
                throw E2EError("haproxy did not listen: \((try? String(contentsOf: directory.appendingPathComponent("haproxy.err"), encoding: .utf8)) ?? "")")
            }
        }

        /// `ssh -tt` through the balancer from `source` (a loopback address of its own, so the
        /// visitor's address differs from the balancer's).
        func visit(from source: String) throws -> TmuxTerminal {
            let command = [
                SSHE2E.tool("ssh")!, "-F", "/dev/null", "-p", "\(port)", "-b", source,
                "-o", "UserKnownHostsFile=\(knownHosts)", "-o", "StrictHostKeyChecking=accept-new",
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "ConnectTimeout=20",
                "-o", "LogLevel=ERROR", "-i", key, "-tt", "127.0.0.1",
            ]
            let terminal = try TmuxTerminal(command: command)
            terminals.append(terminal)
            return terminal
        }

        deinit {
            terminals.forEach { $0.close() }
            haproxy?.stop(grace: 5)
            a?.stop()
            b?.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func twoInstancesBehindHAProxyShareTheHostKeyTheCartsAndSeeTheVisitorsAddress() throws {
        if let reason = Self.missing() { print("skipping: \(reason)"); return }
        let fixture = try Fixture()
        let a = try #require(fixture.a), b = try #require(fixture.b)
        #expect(a.fingerprint == b.fingerprint, "one host key for both instances")

        // Round robin: the first two visitors land on different instances, both by the balancer.
        let first = try fixture.visit(from: "127.0.0.2")
        #expect(first.waitFor("For You"), "\(first.screen())")
        first.send("ala")  // a asks which colour, l picks the first in stock, a adds it
        #expect(first.waitFor("Cart 1"), "\(first.screen())")
        let second = try fixture.visit(from: "127.0.0.3")
        #expect(second.waitFor("For You"), "\(second.screen())")
        #expect(second.waitFor("Cart 1"), "the same key finds the same cart on the other instance:\n\(second.screen())")
        #expect(
            SSHE2E.waitUntil(timeout: 10) { a.log.contains("session started") && b.log.contains("session started") },
            "visitors spread over both instances:\nA: \(a.log)\nB: \(b.log)")
        // The logs name the visitors' own addresses, and the balancer they came through.
        let logs = a.log + b.log
        #expect(logs.contains("addr=127.0.0.2") && logs.contains("addr=127.0.0.3"), "\(logs)")
        #expect(logs.contains("via=127.0.0.1"), "\(logs)")

        // A stopped gracefully: its visitor's storefront is ended, the cart stays; new visitors
        // go to B.
        a.stop()
        #expect(!a.process.isRunning)
        usleep(1_500_000)  // HAProxy's next health check (every 500 ms) marks A down
        for source in ["127.0.0.4", "127.0.0.5"] {
            let later = try fixture.visit(from: source)
            #expect(later.waitFor("Cart 1", timeout: 60), "served by B with the cart after A stopped:\n\(later.screen())")
            later.send("q")
            #expect(later.waitFor("[exit 0]"), "\(later.screen())")
        }
        #expect(b.log.contains("addr=127.0.0.5"), "\(b.log)")
    }

    @Test func aBalancerConnectionWithoutAHeaderIsRefusedAndADirectOneNeedsNone() throws {
        if let reason = Self.missing() { print("skipping: \(reason)"); return }
        let directory = try SSHE2E.temporaryDirectory("proxy-refuse")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServeProcess(directory: directory, arguments: ["--open", "--proxy-protocol-from", "127.0.0.1"])
        defer { server.stop() }
        // From the trusted address with plain SSH bytes: closed, with the reason logged.
        let answer = SSHE2E.exchange(port: server.port, sending: Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), timeout: 10)
        #expect(answer == [], "closed without a word of SSH: \(String(decoding: answer ?? [], as: UTF8.self))")
        #expect(SSHE2E.waitUntil(timeout: 10) { server.log.contains("expected a PROXY protocol header") }, "\(server.log)")
        // From another address (127.0.0.2 is not a balancer) no header is expected.
        let command =
            [SSHE2E.tool("ssh")!] + server.sshOptions(knownHosts: directory.appendingPathComponent("kh").path)
            + ["-b", "127.0.0.2", "-i", try SSHE2E.makeKey(in: directory, name: "K"), "-tt", "127.0.0.1"]
        let visit = try TmuxTerminal(command: command)
        defer { visit.close() }
        #expect(visit.waitFor("For You"), "\(visit.screen())")
        visit.send("q")
        #expect(visit.waitFor("[exit 0]"))
    }
}
