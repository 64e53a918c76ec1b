import Crypto
import Foundation
import NIOSSH

/// Who a visitor is: the SHA256 fingerprint of their public key, or a temporary guest.
///
/// The fingerprint has exactly the form `ssh-keygen -lf` prints (`SHA256:` + unpadded base64 of
/// the SHA-256 of the key's wire encoding), so `reelshop serve` and `reelshop ssh-session`
/// behind OpenSSH give the same visitor the same state directory.
public enum VisitorIdentity: Sendable, Hashable, CustomStringConvertible {
    case key(fingerprint: String)
    case guest(id: String)

    /// The identity of a public key given as its wire-format blob.
    public static func fingerprint(ofKeyBlob blob: [UInt8]) -> String {
        let digest = SHA256.hash(data: blob)
        let base64 = Data(digest).base64EncodedString()
        return "SHA256:" + base64.replacingOccurrences(of: "=", with: "")
    }

    /// The identity of an authenticated key.
    public init(publicKey: NIOSSHPublicKey) {
        // The OpenSSH text form is "<type> <base64 blob>"; the blob is what gets hashed.
        let text = String(openSSHPublicKey: publicKey)
        let parts = text.split(separator: " ")
        let blob = parts.count >= 2 ? Data(base64Encoded: String(parts[1])).map { [UInt8]($0) } : nil
        self = .key(fingerprint: VisitorIdentity.fingerprint(ofKeyBlob: blob ?? Array(text.utf8)))
    }

    /// A fresh guest with a random id.
    public static func newGuest() -> VisitorIdentity {
        .guest(id: UUID().uuidString.lowercased())
    }

    /// The identity named by the file OpenSSH writes for `ExposeAuthInfo yes` (`$SSH_USER_AUTH`):
    /// lines like `publickey ssh-ed25519 AAAA...`; the first public key line wins.
    public static func fromSSHUserAuth(_ contents: String) throws(SSHIdentityError) -> VisitorIdentity {
        for rawLine in contents.split(whereSeparator: \.isNewline) {
            let fields = rawLine.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, fields[0] == "publickey" else { continue }
            guard let blob = Data(base64Encoded: String(fields[2])), !blob.isEmpty else {
                throw SSHIdentityError("the public key in SSH_USER_AUTH is not valid base64: \(rawLine)")
            }
            return .key(fingerprint: fingerprint(ofKeyBlob: [UInt8](blob)))
        }
        throw SSHIdentityError(
            "SSH_USER_AUTH names no public key (expected a line like 'publickey ssh-ed25519 AAAA...'); "
                + "Reelshop behind OpenSSH needs public key authentication and 'ExposeAuthInfo yes'")
    }

    public var isGuest: Bool {
        if case .guest = self { return true }
        return false
    }

    /// The name of this visitor's directory: `sha256-` + the fingerprint's base64 made file-safe
    /// (`+` -> `-`, `/` -> `_`), or the guest's id.
    public var directoryName: String {
        switch self {
        case .key(let fingerprint):
            let base64 = fingerprint.hasPrefix("SHA256:") ? String(fingerprint.dropFirst(7)) : fingerprint
            return "sha256-" + base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        case .guest(let id):
            return "guest-" + id
        }
    }

    public var description: String {
        switch self {
        case .key(let fingerprint): fingerprint
        case .guest(let id): "guest \(id)"
        }
    }
}

/// A problem with a visitor's identity, with a message an operator can act on.
public struct SSHIdentityError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
