import Foundation
import ShopSSHWire

/// The keys allowed in by `--authorized-keys`, in OpenSSH's authorized_keys format.
///
/// Options before the key type (`no-pty,from="..." ssh-ed25519 AAAA...`) are skipped, not
/// honoured; comments and blank lines are ignored. The file is read again at every login so an
/// operator can add or remove a visitor without restarting the server.
public struct AuthorizedKeys: Sendable, Equatable {
    /// Fingerprints (`SHA256:...`) of the allowed keys.
    public let fingerprints: Set<String>

    public init(fingerprints: Set<String>) { self.fingerprints = fingerprints }

    public init(contents: String) {
        var found = Set<String>()
        for line in contents.split(whereSeparator: \.isNewline) {
            guard let key = AuthorizedKeyLine(line) else { continue }
            found.insert(VisitorIdentity.fingerprint(ofKeyBlob: key.blob))
        }
        fingerprints = found
    }

    public static func load(from url: URL) throws(SSHIdentityError) -> AuthorizedKeys {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SSHIdentityError("cannot read the authorized keys file \(url.path)")
        }
        return AuthorizedKeys(contents: String(decoding: data, as: UTF8.self))
    }

    public func allows(_ identity: VisitorIdentity) -> Bool {
        guard case .key(let fingerprint) = identity else { return false }
        return fingerprints.contains(fingerprint)
    }
}
