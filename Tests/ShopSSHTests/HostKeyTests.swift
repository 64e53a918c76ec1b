import Foundation
import Testing

@testable import ShopSSH

@Suite struct HostKeyTests {
    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ssh-hostkey-\(UUID().uuidString)")
    }

    @Test func createdOnceWithMode0600AndReused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("host_ed25519_key")
        let first = try HostKey.loadOrCreate(at: file)
        #expect(first.created)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let second = try HostKey.loadOrCreate(at: file)
        #expect(!second.created)
        #expect(second.key.fingerprint == first.key.fingerprint)
        #expect(first.key.fingerprint.hasPrefix("SHA256:"))
    }

    @Test func looseOrBrokenKeyFilesAreRefusedWithAClearMessage() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("key")
        _ = try HostKey.loadOrCreate(at: file)
        chmod(file.path, 0o644)
        do {
            _ = try HostKey.loadOrCreate(at: file)
            Issue.record("a 0644 host key was accepted")
        } catch {
            #expect(error.description.contains("loose permissions 644"))
            #expect(error.description.contains("chmod 600"))
        }
        let garbage = dir.appendingPathComponent("garbage")
        _ = FileManager.default.createFile(atPath: garbage.path, contents: Data("hello".utf8), attributes: [.posixPermissions: 0o600])
        #expect(throws: HostKeyError.self) { try HostKey.loadOrCreate(at: garbage) }
    }

    @Test func sshKeygenReadsTheKeyAndAgreesOnTheFingerprint() throws {
        guard let keygen = ["/usr/bin/ssh-keygen", "/bin/ssh-keygen"].first(where: FileManager.default.isExecutableFile) else {
            print("skipping: ssh-keygen is not installed (make deps installs openssh-client)")
            return
        }
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("host_ed25519_key")
        let key = try HostKey.loadOrCreate(at: file).key
        let process = Process()
        process.executableURL = URL(fileURLWithPath: keygen)
        process.arguments = ["-lf", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.contains(key.fingerprint))
        // And a key ssh-keygen made is read back by us.
        let theirs = dir.appendingPathComponent("theirs")
        let make = Process()
        make.executableURL = URL(fileURLWithPath: keygen)
        make.arguments = ["-q", "-t", "ed25519", "-N", "", "-f", theirs.path]
        try make.run()
        make.waitUntilExit()
        let loaded = try HostKey.loadOrCreate(at: theirs)
        #expect(!loaded.created)
        let pub = try String(contentsOf: URL(fileURLWithPath: theirs.path + ".pub"), encoding: .utf8)
        #expect(pub.hasPrefix(loaded.key.openSSHPublicKey().split(separator: " ")[0...1].joined(separator: " ")))
    }
}
