import Foundation
import NIOSSH
import Testing

@testable import ShopSSH

/// A key made with `ssh-keygen -t ed25519`; `ssh-keygen -lf` printed the fingerprint below.
let sampleKeyLine = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINZr2AxWT+DzfuMaRusvbUEPoWeKha9A2W9jfEQoCPow A"
let sampleFingerprint = "SHA256:Uj0fg85rjMAYU515dLT9jwAVzy/uR35bsNM+Gltyq5s"

@Suite struct VisitorIdentityTests {
    @Test func fingerprintOfAPublicKeyMatchesSSHKeygen() throws {
        let key = try NIOSSHPublicKey(openSSHPublicKey: sampleKeyLine)
        #expect(VisitorIdentity(publicKey: key) == .key(fingerprint: sampleFingerprint))
    }

    @Test func sshUserAuthFileGivesTheSameIdentity() throws {
        let contents = "publickey " + sampleKeyLine.split(separator: " ")[0...1].joined(separator: " ") + "\n"
        #expect(try VisitorIdentity.fromSSHUserAuth(contents) == .key(fingerprint: sampleFingerprint))
    }

    @Test func sshUserAuthWithoutAPublicKeyIsRefused() {
        #expect(throws: SSHIdentityError.self) { try VisitorIdentity.fromSSHUserAuth("password\n") }
        #expect(throws: SSHIdentityError.self) { try VisitorIdentity.fromSSHUserAuth("publickey ssh-ed25519 !!!\n") }
    }

    @Test func directoryNamesAreFileSafe() {
        let identity = VisitorIdentity.key(fingerprint: "SHA256:ab+cd/ef")
        #expect(identity.directoryName == "sha256-ab-cd_ef")
        #expect(!VisitorIdentity.key(fingerprint: sampleFingerprint).directoryName.contains("/"))
        #expect(VisitorIdentity.guest(id: "x1").directoryName == "guest-x1")
    }

    @Test func layoutSeparatesVisitorsAndGuestsAndRemovesOnlyGuests() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ssh-layout-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = VisitorStateLayout(dataDirectory: root)
        let keyed = VisitorIdentity.key(fingerprint: sampleFingerprint)
        let guest = VisitorIdentity.newGuest()
        let keyedDir = try layout.prepareStateDirectory(for: keyed)
        let guestDir = try layout.prepareStateDirectory(for: guest)
        #expect(keyedDir.url.path.hasPrefix(layout.visitorsDirectory.path))
        #expect(guestDir.url.path.hasPrefix(layout.guestsDirectory.path))
        let note = try String(contentsOf: keyedDir.file("identity.txt"), encoding: .utf8)
        #expect(note == sampleFingerprint + "\n")
        layout.removeGuestState(for: keyed)
        layout.removeGuestState(for: guest)
        #expect(FileManager.default.fileExists(atPath: keyedDir.url.path))
        #expect(!FileManager.default.fileExists(atPath: guestDir.url.path))
    }

    @Test func authorizedKeysSkipOptionsCommentsAndBlankLines() {
        let keys = AuthorizedKeys(
            contents: """
                # the demo team

                no-pty,from="127.0.0.1" \(sampleKeyLine)
                ssh-ed25519 not-base64!! broken
                """)
        #expect(keys.fingerprints == [sampleFingerprint])
        #expect(keys.allows(.key(fingerprint: sampleFingerprint)))
        #expect(!keys.allows(.key(fingerprint: "SHA256:other")))
        #expect(!keys.allows(.guest(id: "g")))
    }

    @Test func durationsReadLikePeopleWriteThem() throws {
        #expect(try DurationText.seconds("90") == 90)
        #expect(try DurationText.seconds("90s") == 90)
        #expect(try DurationText.seconds("15m") == 900)
        #expect(try DurationText.seconds("1h30m") == 5400)
        #expect(try DurationText.seconds("500ms") == 0.5)
        #expect(throws: SSHIdentityError.self) { try DurationText.seconds("soon") }
        #expect(throws: SSHIdentityError.self) { try DurationText.seconds("5x") }
        #expect(DurationFormat.text(900) == "15 minutes")
    }

    @Test func rateLimiterCountsPerAddressInAWindow() {
        var limiter = ConnectionRateLimiter(limit: 2, window: 60)
        let results = [
            limiter.admit("a", now: 0), limiter.admit("a", now: 1), limiter.admit("a", now: 2),
            limiter.admit("b", now: 2), limiter.admit("a", now: 61),
        ]
        #expect(results == [true, true, false, true, true])
    }
}
