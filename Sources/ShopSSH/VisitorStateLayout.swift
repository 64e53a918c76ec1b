import Foundation
import ShopCore

/// Where the server keeps things under its data directory.
///
/// ```
/// DATA/host_ed25519_key        the host key (0600), plus host_ed25519_key.pub
/// DATA/visitors/sha256-.../    one state directory per key: cart.json, accounts, orders
/// DATA/guests/guest-.../       temporary state of a keyless guest, removed when they leave
/// ```
public struct VisitorStateLayout: Sendable {
    public let dataDirectory: URL

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory.standardizedFileURL
    }

    public var defaultHostKeyFile: URL { dataDirectory.appendingPathComponent("host_ed25519_key") }
    public var visitorsDirectory: URL { dataDirectory.appendingPathComponent("visitors") }
    public var guestsDirectory: URL { dataDirectory.appendingPathComponent("guests") }

    /// The state directory of a visitor (not created).
    public func stateDirectory(for identity: VisitorIdentity) -> StateDirectory {
        let parent = identity.isGuest ? guestsDirectory : visitorsDirectory
        return StateDirectory(url: parent.appendingPathComponent(identity.directoryName))
    }

    /// Creates the visitor's state directory (0700, parents too) and, for a key, records its
    /// fingerprint in `identity.txt` so an operator can tell whose directory it is.
    @discardableResult
    public func prepareStateDirectory(for identity: VisitorIdentity) throws -> StateDirectory {
        try createPrivateDirectory(dataDirectory)
        try createPrivateDirectory(identity.isGuest ? guestsDirectory : visitorsDirectory)
        let state = stateDirectory(for: identity)
        try state.create()
        if case .key(let fingerprint) = identity {
            let note = state.file("identity.txt")
            if !FileManager.default.fileExists(atPath: note.path) {
                try? Data((fingerprint + "\n").utf8).write(to: note, options: .atomic)
            }
        }
        return state
    }

    /// Removes a guest's state; keys' state is never removed here.
    public func removeGuestState(for identity: VisitorIdentity) {
        guard identity.isGuest else { return }
        try? FileManager.default.removeItem(at: stateDirectory(for: identity).url)
    }

    private func createPrivateDirectory(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SSHIdentityError("\(url.path) exists but is not a directory")
            }
            // Other users who can write the data directory could swap visitors' carts and keys.
            try StateDirectory.checkPrivate(url)
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SSHIdentityError("cannot create \(url.path): \(error.localizedDescription)")
        }
    }
}
