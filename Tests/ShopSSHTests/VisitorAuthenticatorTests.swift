import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOSSH
import Testing

@testable import ShopSSH

@Suite struct VisitorAuthenticatorTests {
    private func outcome(
        _ authentication: ServeConfiguration.Authentication, user: String = "visitor",
        _ request: NIOSSHUserAuthenticationRequest.Request
    ) throws -> (Bool, ConnectionContext) {
        let loop = EmbeddedEventLoop()
        let connection = ConnectionContext(id: 1, address: "127.0.0.1", logger: Logger(label: "test"))
        let authenticator = VisitorAuthenticator(authentication: authentication, connection: connection)
        #expect(authenticator.supportedAuthenticationMethods == .publicKey)
        let promise = loop.makePromise(of: NIOSSHUserAuthenticationOutcome.self)
        authenticator.requestReceived(
            request: .init(username: user, serviceName: "ssh-connection", request: request), responsePromise: promise)
        let accepted: Bool
        switch try promise.futureResult.wait() {
        case .success: accepted = true
        default: accepted = false
        }
        return (accepted, connection)
    }

    private func authorizedKeysFile(_ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ak-\(UUID().uuidString)")
        try Data(contents.utf8).write(to: url)
        return url
    }

    @Test func passwordsAreNeverAccepted() throws {
        for mode in [ServeConfiguration.Authentication.open, .authorizedKeys(URL(fileURLWithPath: "/dev/null"))] {
            let (result, connection) = try outcome(mode, .password(.init(password: "hunter2")))
            #expect(result == false)
            #expect(connection.identity == nil)
        }
    }

    @Test func listedKeysComeInAndOthersAreRefused() throws {
        let file = try authorizedKeysFile(sampleKeyLine + "\n")
        defer { try? FileManager.default.removeItem(at: file) }
        let listed = try NIOSSHPublicKey(openSSHPublicKey: sampleKeyLine)
        let other = NIOSSHPrivateKey(ed25519Key: .init()).publicKey
        let (ok, connection) = try outcome(.authorizedKeys(file), .publicKey(.init(publicKey: listed)))
        #expect(ok == true)
        #expect(connection.identity == .key(fingerprint: sampleFingerprint))
        #expect(try outcome(.authorizedKeys(file), .publicKey(.init(publicKey: other))).0 == false)
        // Re-read at each login: once the file lists nobody, the same key is refused.
        try Data().write(to: file)
        #expect(try outcome(.authorizedKeys(file), .publicKey(.init(publicKey: listed))).0 == false)
    }

    @Test func openLetsAnyKeyInAndKeylessGuestsOnlyAsGuest() throws {
        let other = NIOSSHPrivateKey(ed25519Key: .init()).publicKey
        #expect(try outcome(.open, .publicKey(.init(publicKey: other))).0 == true)
        let (guest, connection) = try outcome(.open, user: "guest", .none)
        #expect(guest == true)
        #expect(connection.identity?.isGuest == true)
        // "none" as any other user fails, so a client with a key goes on to offer it.
        #expect(try outcome(.open, user: "alice", .none).0 == false)
        #expect(try outcome(.authorizedKeys(URL(fileURLWithPath: "/dev/null")), user: "guest", .none).0 == false)
    }
}
