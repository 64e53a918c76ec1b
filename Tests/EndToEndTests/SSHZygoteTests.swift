import Foundation
import Testing

/// `reelshop serve`'s zygote (issue 15, docs/SSH.md "Visitors start warm"): visitors' storefronts
/// are forked from one warm process. Real server, real `ssh` in tmux, real signals.
@Suite(.serialized) struct SSHZygoteTests {
    typealias Fixture = SSHServeTests.Fixture

    /// Waits until the server's zygote has said it is ready `count` times in the log.
    private func waitForZygoteReady(_ fixture: Fixture, count: Int = 1) -> Bool {
        SSHE2E.waitUntil(timeout: 60) { fixture.server.log.components(separatedBy: "zygote ready").count - 1 >= count }
    }

    private func zygote(_ fixture: Fixture) throws -> pid_t {
        try #require(SSHE2E.zygotes(of: fixture.server.pid).first, "no zygote:\n\(fixture.server.log)")
    }

    /// The storefronts the zygote forked (not started directly by the server).
    private func forked(_ fixture: Fixture, zygote: pid_t) -> [pid_t] {
        SSHE2E.children(of: zygote).filter { $0.state != "Z" }.map(\.pid)
    }

    @Test func visitorsAreForkedWarmWithTheirOwnStateAndEnvironment() throws {
        if let reason = SSHE2E.missingPrerequisite() { print("skipping: \(reason)"); return }
        let fixture = try Fixture(authorize: ["A", "B"])
        #expect(waitForZygoteReady(fixture))
        let zygote = try zygote(fixture)
        // The zygote is the process serve started, with one thread (it forks).
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(zygote)/task")
        #expect(tasks.count == 1, "zygote threads: \(tasks)")

        let visitA = try fixture.visit(key: fixture.keyA)
        #expect(visitA.waitFor("For You"), "no feed:\n\(visitA.screen())")
        visitA.send("ala")
        #expect(visitA.waitFor("Cart 1"), "a did not add:\n\(visitA.screen())")
        // B asks for the C locale: the storefront B gets draws ASCII only, while A's, forked
        // from the same zygote, keeps its UTF-8 glyphs.
        let visitB = try fixture.visit(key: fixture.keyB, extra: ["-o", "SetEnv=LANG=C"])
        #expect(visitB.waitFor("For You"), "no feed for B:\n\(visitB.screen())")
        #expect(visitB.screen().contains("Cart 0"), "B sees A's cart:\n\(visitB.screen())")
        #expect(visitB.screen().unicodeScalars.allSatisfy { $0.isASCII }, "LANG=C did not reach B's storefront:\n\(visitB.screen())")
        #expect(!visitA.screen().unicodeScalars.allSatisfy { $0.isASCII }, "A lost UTF-8:\n\(visitA.screen())")
        let children = forked(fixture, zygote: zygote)
        #expect(children.count == 2, "zygote children: \(children); server children: \(SSHE2E.children(of: fixture.server.pid))")
        // Each child is a session leader on its own terminal, in its visitor's state directory.
        let dirA = try fixture.stateDirectory(ofKey: fixture.keyA).resolvingSymlinksInPath().path
        let dirB = try fixture.stateDirectory(ofKey: fixture.keyB).resolvingSymlinksInPath().path
        let cwds = Set(children.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/cwd") })
        #expect(cwds == [dirA, dirB], "\(cwds)")
        fixture.quit(visitA)
        fixture.quit(visitB)
        fixture.expectNoChildren()
        #expect(try fixture.cartLineCount(fixture.stateDirectory(ofKey: fixture.keyA)) == 1)
        #expect(try fixture.cartLineCount(fixture.stateDirectory(ofKey: fixture.keyB)) == 0)
    }

    @Test func aCrashingStorefrontEndsItsSessionAndTheNextVisitorIsServed() throws {
        if let reason = SSHE2E.missingPrerequisite() { print("skipping: \(reason)"); return }
        let fixture = try Fixture(authorize: ["A", "B"])
        #expect(waitForZygoteReady(fixture))
        let zygote = try zygote(fixture)
        let visit = try fixture.visit(key: fixture.keyA)
        #expect(visit.waitFor("For You"), "no feed:\n\(visit.screen())")
        let child = try #require(forked(fixture, zygote: zygote).first)
        kill(child, SIGSEGV)
        // The session ends with the crash's status, the visitor's terminal is the shell's again.
        #expect(visit.waitFor("[exit 139]"), "session did not end:\n\(visit.screen())")
        #expect(SSHE2E.waitUntil(timeout: 20) { fixture.server.log.contains("status=139") || fixture.server.log.contains("status: 139") })
        let next = try fixture.visit(key: fixture.keyB)
        #expect(next.waitFor("For You"), "next visitor not served:\n\(next.screen())")
        #expect(SSHE2E.zygotes(of: fixture.server.pid) == [zygote], "the zygote changed")
        #expect(forked(fixture, zygote: zygote).count == 1)
        fixture.quit(next)
        fixture.expectNoChildren()
    }

    @Test func visitorsWhoLeaveMidStartLeaveNothingBehind() throws {
        if let reason = SSHE2E.missingPrerequisite() { print("skipping: \(reason)"); return }
        let fixture = try Fixture(authorize: ["A"], extra: ["--max-connections-per-minute", "1000"])
        #expect(waitForZygoteReady(fixture))
        let zygote = try zygote(fixture)
        let ssh = fixture.ssh(["-tt", "127.0.0.1"], key: fixture.keyA)
        // Dropped 0-450 ms after starting: before login, during the fork, before the first frame.
        for round in 0..<4 {
            var clients: [ChildProcess] = []
            for _ in 0..<5 { clients.append(try ChildProcess(ssh[0], Array(ssh.dropFirst()))) }
            usleep(UInt32(round * 150_000))
            for client in clients { client.signal(SIGKILL) }
            for client in clients { _ = client.wait(timeout: 20) }
        }
        fixture.expectNoChildren(timeout: 60)
        #expect(SSHE2E.zygotes(of: fixture.server.pid) == [zygote], "the zygote changed")
        #expect(SSHE2E.children(of: zygote).isEmpty, "zygote children left: \(SSHE2E.children(of: zygote))")
        let visit = try fixture.visit(key: fixture.keyA)
        #expect(visit.waitFor("For You"), "not served afterwards:\n\(visit.screen())")
        fixture.quit(visit)
    }

    @Test func aChangedCatalogReachesTheNextVisitors() throws {
        if let reason = SSHE2E.missingPrerequisite() { print("skipping: \(reason)"); return }
        // A copy of the bundled catalog whose media folder is the bundled one.
        let catalog = try SSHE2E.temporaryDirectory("zygote-catalog")
        defer { try? FileManager.default.removeItem(at: catalog) }
        let assets = SSHE2E.packageRoot.appendingPathComponent("Assets")
        let original = try String(contentsOf: assets.appendingPathComponent("catalog.json"), encoding: .utf8)
        let file = catalog.appendingPathComponent("catalog.json")
        try original.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: catalog.appendingPathComponent("media"), withDestinationURL: assets.appendingPathComponent("media"))
        let fixture = try Fixture(authorize: ["A", "B"], extra: ["--catalog", catalog.path])
        #expect(waitForZygoteReady(fixture))

        let before = try fixture.visit(key: fixture.keyA)
        #expect(before.waitFor("The only claw clip"), "first caption not shown:\n\(before.screen())")
        let changed = original.replacingOccurrences(of: "The only claw clip that survives", with: "Fresh from the reload: a clip that survives")
        #expect(changed != original)
        try changed.write(to: file, atomically: true, encoding: .utf8)
        let after = try fixture.visit(key: fixture.keyB)
        #expect(after.waitFor("Fresh from the reload"), "new visitor got the old catalog:\n\(after.screen())")
        // The visitor already shopping keeps the catalog they started with.
        #expect(before.screen().contains("The only claw clip"))
        // A catalog that no longer loads: the next visitor is told why, as without the zygote,
        // and nobody else is disturbed.
        try "{ not json".write(to: file, atomically: true, encoding: .utf8)
        let broken = try fixture.visit(key: fixture.keyA)
        #expect(broken.waitFor("[exit 65]"), "broken catalog did not end the session with 65:\n\(broken.screen())")
        #expect(broken.screen().contains("catalog"), "no reason given:\n\(broken.screen())")
        try original.write(to: file, atomically: true, encoding: .utf8)
        let again = try fixture.visit(key: fixture.keyA)
        #expect(again.waitFor("The only claw clip"), "not served after the fix:\n\(again.screen())")
        fixture.quit(before)
        fixture.quit(after)
        fixture.quit(again)
        fixture.expectNoChildren()
    }

    @Test func sigtermDrainsVisitorsThenTheZygoteLeavingNoOrphans() throws {
        if let reason = SSHE2E.missingPrerequisite() { print("skipping: \(reason)"); return }
        let fixture = try Fixture(authorize: ["A", "B"])
        #expect(waitForZygoteReady(fixture))
        let zygote = try zygote(fixture)
        let visitA = try fixture.visit(key: fixture.keyA)
        let visitB = try fixture.visit(key: fixture.keyB)
        #expect(visitA.waitFor("For You"))
        #expect(visitB.waitFor("For You"))
        visitA.send("ala")
        #expect(visitA.waitFor("Cart 1"))
        let children = forked(fixture, zygote: zygote)
        #expect(children.count == 2)
        kill(fixture.server.pid, SIGTERM)
        #expect(fixture.server.process.wait(timeout: 30), "server did not stop")
        #expect(fixture.server.process.status == 0)
        #expect(visitA.waitFor("shutting down"), "visitor was not told:\n\(visitA.screen())")
        #expect(visitB.waitFor("shutting down"), "visitor was not told:\n\(visitB.screen())")
        for pid in children + [zygote] { #expect(kill(pid, 0) == -1, "\(pid) survived") }
        let strays = SSHE2E.processes().filter { $0.cmdline.contains(fixture.server.dataDirectory.path) }
        #expect(strays.isEmpty, "processes left: \(strays)")
        #expect(try fixture.cartLineCount(fixture.stateDirectory(ofKey: fixture.keyA)) == 1)
    }

    @Test func aDeadZygoteIsRestartedAndNoVisitorNoticesIt() throws {
        if let reason = SSHE2E.missingPrerequisite() { print("skipping: \(reason)"); return }
        let fixture = try Fixture(authorize: ["A", "B"])
        #expect(waitForZygoteReady(fixture))
        let first = try zygote(fixture)
        let visitA = try fixture.visit(key: fixture.keyA)
        #expect(visitA.waitFor("For You"))
        kill(first, SIGKILL)
        #expect(SSHE2E.waitUntil(timeout: 20) { fixture.server.log.contains("the zygote exited") }, "\(fixture.server.log)")
        // A's storefront (orphaned, on its own terminal) keeps working.
        let screen = visitA.screen()
        visitA.send("j")
        #expect(visitA.waitUntil { $0 != screen && $0.contains("2/") }, "A's storefront stopped:\n\(visitA.screen())")
        // B is served whether the zygote is back yet or not (started directly meanwhile).
        let visitB = try fixture.visit(key: fixture.keyB)
        #expect(visitB.waitFor("For You"), "B not served:\n\(visitB.screen())")
        #expect(waitForZygoteReady(fixture, count: 2), "no new zygote:\n\(fixture.server.log)")
        let second = try zygote(fixture)
        #expect(second != first)
        // A quits: the server sees the orphan's end through its pidfd, the session closes.
        fixture.quit(visitA)
        fixture.quit(visitB)
        let next = try fixture.visit(key: fixture.keyA)
        #expect(next.waitFor("For You"))
        #expect(forked(fixture, zygote: second).count == 1, "the new zygote does not fork visitors")
        fixture.quit(next)
        fixture.expectNoChildren()
        let orphans = SSHE2E.processes().filter {
            $0.cmdline.contains(fixture.server.dataDirectory.path) && ![second, fixture.server.pid].contains($0.pid)
        }
        #expect(orphans.isEmpty, "processes left: \(orphans)")
    }
}
