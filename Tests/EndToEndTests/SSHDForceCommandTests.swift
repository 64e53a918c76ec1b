import Foundation
import Testing

/// The documented OpenSSH set-up, for real: sshd (as root) on a loopback port with a throwaway
/// host key and a throwaway user whose ForceCommand is `reelshop ssh-session`, configured with
/// the exact block from docs/SSH.md.
@Suite(.serialized) struct SSHDForceCommandTests {
    /// The sshd_config block between the markers in docs/SSH.md.
    static func documentedBlock() throws -> String {
        let doc = try String(contentsOf: SSHE2E.packageRoot.appendingPathComponent("docs/SSH.md"), encoding: .utf8)
        guard let begin = doc.range(of: "<!-- sshd-config-begin -->"), let end = doc.range(of: "<!-- sshd-config-end -->") else {
            throw E2EError("docs/SSH.md has no sshd-config-begin/end markers")
        }
        return doc[begin.upperBound..<end.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("```") }
            .joined(separator: "\n")
    }

    final class SSHDFixture {
        let directory: URL
        let user: String
        let uid: uid_t
        let port: Int
        let dataDirectory: URL
        let keyA: String
        let keyB: String
        let knownHosts: String
        let sshd: ChildProcess
        let logFile: String
        private var terminals: [TmuxTerminal] = []

        init() throws {
            let directory = try SSHE2E.temporaryDirectory("sshd")
            self.directory = directory
            user = "rshop\(UInt16.random(in: 1000...65000))"
            let fm = FileManager.default
            // The binary and catalog are copied where the throwaway user can surely read them;
            // from pkg/bin/reelshop the storefront finds pkg/../Assets as its bundled catalog.
            let binDirectory = directory.appendingPathComponent("pkg/bin")
            try fm.createDirectory(at: binDirectory, withIntermediateDirectories: true)
            let binary = binDirectory.appendingPathComponent("reelshop").path
            // Copied by /bin/cp, not in this process: other tests fork children here all the time,
            // and one that inherited our write descriptor would make the exec fail with ETXTBSY.
            _ = try SSHE2E.run("/bin/cp", [SSHE2E.reelshopBinary, binary], timeout: 60)
            try fm.copyItem(at: SSHE2E.packageRoot.appendingPathComponent("Assets"), to: directory.appendingPathComponent("Assets"))
            for path in [directory.path, directory.appendingPathComponent("pkg").path, binDirectory.path] { chmod(path, 0o755) }
            chmod(binary, 0o755)
            _ = try SSHE2E.run("/bin/chmod", ["-R", "a+rX", directory.appendingPathComponent("Assets").path], timeout: 30)

            let home = directory.appendingPathComponent("home")
            dataDirectory = directory.appendingPathComponent("data")
            let add = try SSHE2E.run(
                SSHE2E.tool("useradd")!, ["-M", "-d", home.path, "-s", "/bin/sh", user], timeout: 30)
            guard add.status == 0 else { throw E2EError("useradd failed: \(add.stderr)") }
            _ = try SSHE2E.run(SSHE2E.tool("usermod")!, ["-p", "*", user], timeout: 30)
            guard let entry = getpwnam(user) else { throw E2EError("no passwd entry for \(user)") }
            uid = entry.pointee.pw_uid
            let gid = entry.pointee.pw_gid
            for dir in [home, dataDirectory] {
                try fm.createDirectory(at: dir, withIntermediateDirectories: true)
                chown(dir.path, uid, gid)
                chmod(dir.path, 0o700)
            }

            keyA = try SSHE2E.makeKey(in: directory, name: "A")
            keyB = try SSHE2E.makeKey(in: directory, name: "B")
            knownHosts = directory.appendingPathComponent("known_hosts").path
            let authorized = try [keyA, keyB].map { try String(contentsOfFile: $0 + ".pub", encoding: .utf8) }.joined()
            let authorizedFile = directory.appendingPathComponent("authorized_keys").path
            try Data(authorized.utf8).write(to: URL(fileURLWithPath: authorizedFile))
            chmod(authorizedFile, 0o644)
            let hostKey = try SSHE2E.makeKey(in: directory, name: "ssh_host_ed25519_key")

            port = SSHE2E.freePort()
            let block = try SSHDForceCommandTests.documentedBlock()
                .replacingOccurrences(of: "Match User reelshop", with: "Match User \(user)")
                .replacingOccurrences(of: "/usr/local/bin/reelshop", with: binary)
                .replacingOccurrences(of: "/var/lib/reelshop", with: dataDirectory.path)
            let config = """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(hostKey)
                PidFile none
                UsePAM no
                StrictModes no
                AuthorizedKeysFile \(authorizedFile)
                AllowUsers \(user)
                LogLevel VERBOSE
                Subsystem sftp internal-sftp
                \(block)
                """
            let configFile = directory.appendingPathComponent("sshd_config").path
            try Data(config.utf8).write(to: URL(fileURLWithPath: configFile))
            try fm.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            let sshdPath = SSHE2E.tool("sshd")!
            let check = try SSHE2E.run(sshdPath, ["-t", "-f", configFile], timeout: 30)
            guard check.status == 0 else { throw E2EError("sshd -t rejected the documented config: \(check.stderr)") }
            logFile = directory.appendingPathComponent("sshd.log").path
            sshd = try ChildProcess(sshdPath, ["-D", "-e", "-f", configFile], stderrPath: logFile)
            let port = self.port
            guard SSHE2E.waitUntil(timeout: 30, { SSHE2E.isListening(port) }) else {
                throw E2EError("sshd did not listen: \((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "")")
            }
        }

        func ssh(_ extra: [String], key: String?, logLevel: String = "ERROR") -> [String] {
            [
                SSHE2E.tool("ssh")!, "-F", "/dev/null", "-p", "\(port)", "-o", "UserKnownHostsFile=\(knownHosts)",
                "-o", "StrictHostKeyChecking=accept-new", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", "ConnectTimeout=20", "-o", "LogLevel=\(logLevel)", "-o", "BatchMode=yes",
            ] + (key.map { ["-i", $0] } ?? []) + extra
        }

        func visit(key: String) throws -> TmuxTerminal {
            let terminal = try TmuxTerminal(command: ssh(["-tt", "\(user)@127.0.0.1"], key: key))
            terminals.append(terminal)
            return terminal
        }

        func run(_ extra: [String], key: String?) throws -> SSHE2E.Result {
            let command = ssh(extra, key: key)
            return try SSHE2E.run(command[0], Array(command.dropFirst()), timeout: 60)
        }

        var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

        func userProcesses() -> [pid_t] { SSHE2E.processes().filter { $0.uid == uid && $0.state != "Z" }.map(\.pid) }

        func cartLineCount(key: String) throws -> Int {
            let fingerprint = try SSHE2E.fingerprint(ofKey: key + ".pub")
            let state = dataDirectory.appendingPathComponent("visitors").appendingPathComponent(SSHE2E.visitorDirectoryName(fingerprint))
            let result = try SSHE2E.run(SSHE2E.reelshopBinary, ["cart", "show", "--json", "--state-dir", state.path], timeout: 30)
            guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                let lines = object["lines"] as? [[String: Any]]
            else { throw E2EError("cart show failed: \(result.stdout) \(result.stderr)") }
            return lines.count
        }

        deinit {
            terminals.forEach { $0.close() }
            sshd.stop()
            // Whatever the throwaway user still runs was started by this test: end it by pid.
            for pid in userProcesses() { kill(pid, SIGKILL) }
            _ = SSHE2E.waitUntil(timeout: 10) { userProcesses().isEmpty }
            _ = try? SSHE2E.run(SSHE2E.tool("userdel")!, ["-f", user], timeout: 30)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func documentedForceCommandServesPerKeyCartsAndRefusesTheRest() throws {
        if let reason = SSHE2E.missingPrerequisite(also: ["sshd", "useradd", "usermod", "userdel"]) {
            print("skipping: \(reason)")
            return
        }
        guard getuid() == 0 else {
            print("skipping: starting sshd with its own config and creating a throwaway user needs root")
            return
        }
        let fixture = try SSHDFixture()

        let visitA = try fixture.visit(key: fixture.keyA)
        #expect(visitA.waitFor("For You"), "no feed through sshd:\n\(visitA.screen())\n\(fixture.log.suffix(3000))")
        // sshd passes no locale here (no AcceptEnv): ssh-session gives the storefront UTF-8, as serve does.
        let storefront = fixture.userProcesses().first { pid in
            (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map { String(decoding: $0, as: UTF8.self) } ?? "")
                .contains("--state-dir")
        }
        let environ =
            storefront.flatMap { FileManager.default.contents(atPath: "/proc/\($0)/environ") }
            .map { String(decoding: $0, as: UTF8.self).split(separator: "\0").map(String.init) } ?? []
        #expect(environ.contains("LANG=C.UTF-8"), "the storefront behind sshd has no UTF-8 locale: \(environ)")
        // A first visit offers the interest picker; skipping it is remembered for the next visit.
        #expect(visitA.waitFor("Pick 3 or more"), "no interest picker on a first visit:\n\(visitA.screen())")
        visitA.send("s")
        #expect(visitA.waitFor("1/44"), "s did not skip to the feed:\n\(visitA.screen())")
        visitA.send("ala")  // a asks which colour, l picks the first in stock, a adds it
        #expect(visitA.waitFor("Cart 1"), "a did not add:\n\(visitA.screen())")
        visitA.send("q")
        #expect(visitA.waitFor("[exit 0]"), "\(visitA.screen())")
        #expect(try fixture.cartLineCount(key: fixture.keyA) == 1)

        let visitB = try fixture.visit(key: fixture.keyB)
        #expect(visitB.waitFor("For You"))
        #expect(visitB.screen().contains("Cart 0"), "B sees A's cart:\n\(visitB.screen())")
        visitB.send("q")
        #expect(visitB.waitFor("[exit 0]"))

        // A again: the cart is still there. Then A just drops the connection: the storefront
        // gets SIGHUP from the closing terminal and exits, nothing of the user is left running.
        let again = try fixture.visit(key: fixture.keyA)
        #expect(again.waitFor("Cart 1"), "A's cart is gone on the next visit:\n\(again.screen())")
        again.close()
        #expect(SSHE2E.waitUntil(timeout: 30) { fixture.userProcesses().isEmpty }, "left running: \(fixture.userProcesses())")

        let exec = try fixture.run(["-T", "\(fixture.user)@127.0.0.1", "cat", "/etc/passwd"], key: fixture.keyA)
        #expect(exec.status == 1)
        #expect(exec.stderr.contains("runs no commands"), "\(exec.stderr)")
        #expect(!exec.stdout.contains("root:"))

        let sftp = try fixture.run(["-s", "\(fixture.user)@127.0.0.1", "sftp"], key: fixture.keyA)
        // ForceCommand replaces the subsystem too (sshd drops a subsystem's stderr, so only the
        // status tells): ssh-session saw SSH_ORIGINAL_COMMAND=internal-sftp and refused.
        #expect(sftp.status == 1, "\(sftp.status) \(sftp.stderr)")

        let noPTY = try fixture.run(["-T", "\(fixture.user)@127.0.0.1"], key: fixture.keyA)
        #expect(noPTY.status == 1)
        #expect(noPTY.stderr.contains("Reelshop needs an interactive terminal: ssh -t"), "\(noPTY.stderr)")

        let password = try fixture.run(
            ["-tt", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password", "\(fixture.user)@127.0.0.1"],
            key: nil)
        #expect(password.status == 255)
        #expect(password.stderr.contains("Permission denied"), "\(password.stderr)")

        let remote = try fixture.run(
            ["-N", "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:\(fixture.port)", "\(fixture.user)@127.0.0.1"],
            key: fixture.keyA)
        #expect(remote.status == 255)
        #expect(remote.stderr.contains("forwarding failed"), "\(remote.stderr)")

        let localPort = SSHE2E.freePort()
        let command = fixture.ssh(
            ["-N", "-L", "127.0.0.1:\(localPort):127.0.0.1:\(fixture.port)", "\(fixture.user)@127.0.0.1"],
            key: fixture.keyA, logLevel: "INFO")
        let forwardErr = fixture.directory.appendingPathComponent("forward.err").path
        let forward = try ChildProcess(command[0], Array(command.dropFirst()), stderrPath: forwardErr)
        defer { forward.stop() }
        #expect(SSHE2E.waitUntil(timeout: 30) { SSHE2E.isListening(localPort) }, "ssh -L never listened")
        let received = SSHE2E.connectAndRead(port: localPort, timeout: 10)
        #expect(received != nil && received?.isEmpty == true, "forwarded: \(String(decoding: received ?? [], as: UTF8.self))")
        forward.stop()
        let forwardStderr = (try? String(contentsOfFile: forwardErr, encoding: .utf8)) ?? ""
        #expect(forwardStderr.contains("open failed"), "\(forwardStderr)")
        #expect(SSHE2E.waitUntil(timeout: 30) { fixture.userProcesses().isEmpty }, "left running: \(fixture.userProcesses())")
    }
}
