import Crypto
import Foundation
import NIOSSH

/// The server's ed25519 host key, kept in OpenSSH's private key format (unencrypted) so
/// `ssh-keygen -lf` can check it, created on first start with mode 0600 and reused afterwards.
public struct HostKey: Sendable {
    /// The 32-byte ed25519 seed (kept as bytes: CryptoKit keys are not Sendable).
    private let seed: [UInt8]

    public init(privateKey: Curve25519.Signing.PrivateKey) { self.seed = [UInt8](privateKey.rawRepresentation) }

    public var privateKey: Curve25519.Signing.PrivateKey {
        // The seed came from a valid key, so this cannot fail; fall back to a fresh key rather than trap.
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) ?? Curve25519.Signing.PrivateKey()
    }

    public var nioKey: NIOSSHPrivateKey { NIOSSHPrivateKey(ed25519Key: privateKey) }

    /// The public key's wire encoding: string "ssh-ed25519", string key.
    public var publicKeyBlob: [UInt8] {
        var out = SSHWire()
        out.string("ssh-ed25519")
        out.string([UInt8](privateKey.publicKey.rawRepresentation))
        return out.bytes
    }

    /// `SHA256:...`, as `ssh-keygen -lf` prints it.
    public var fingerprint: String { VisitorIdentity.fingerprint(ofKeyBlob: publicKeyBlob) }

    /// `ssh-ed25519 AAAA... comment`, as in a `.pub` or known_hosts file.
    public func openSSHPublicKey(comment: String = "reelshop") -> String {
        "ssh-ed25519 " + Data(publicKeyBlob).base64EncodedString() + " " + comment
    }

    /// Loads the key at `url`, or creates it (and `url.pub`) when there is no file yet.
    /// A file that is unreadable, group/world accessible or not an ed25519 key is refused.
    public static func loadOrCreate(at url: URL) throws(HostKeyError) -> (key: HostKey, created: Bool) {
        let path = url.path
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else {
                throw HostKeyError(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
            }
            let key = HostKey(privateKey: Curve25519.Signing.PrivateKey())
            try key.write(to: url)
            return (key, true)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw HostKeyError(path: path, reason: "is not a regular file")
        }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw HostKeyError(
                path: path,
                reason: "has loose permissions \(String(mode, radix: 8)): a private key must be readable by its owner only; run: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HostKeyError(path: path, reason: "cannot be read (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HostKeyError(path: path, reason: "is not an OpenSSH private key (not text)")
        }
        return (try parse(openSSHPrivateKey: text, path: path), false)
    }

    /// Writes the key in OpenSSH format with mode 0600 (created exclusively), plus `<file>.pub`.
    public func write(to url: URL) throws(HostKeyError) {
        let path = url.path
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw HostKeyError(path: directory.path, reason: "cannot create the directory (\(error.localizedDescription))")
        }
        let text = openSSHPrivateKeyText()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw HostKeyError(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HostKeyError(path: path, reason: "cannot be written (\(String(cString: strerror(errno))))")
            }
            written += n
        }
        fsync(fd)
        try? Data((openSSHPublicKey() + "\n").utf8).write(to: URL(fileURLWithPath: path + ".pub"))
    }

    /// The `-----BEGIN OPENSSH PRIVATE KEY-----` text (openssh-key-v1, cipher none).
    public func openSSHPrivateKeyText(comment: String = "reelshop") -> String {
        let seed = [UInt8](privateKey.rawRepresentation)
        let pub = [UInt8](privateKey.publicKey.rawRepresentation)
        var secret = SSHWire()
        let check = UInt32.random(in: 0...UInt32.max)
        secret.uint32(check)
        secret.uint32(check)
        secret.string("ssh-ed25519")
        secret.string(pub)
        secret.string(seed + pub)
        secret.string(comment)
        var pad: UInt8 = 1
        while secret.bytes.count % 8 != 0 {
            secret.bytes.append(pad)
            pad += 1
        }
        var out = SSHWire()
        out.bytes.append(contentsOf: Array("openssh-key-v1".utf8) + [0])
        out.string("none")
        out.string("none")
        out.string([UInt8]())
        out.uint32(1)
        out.string(publicKeyBlob)
        out.string(secret.bytes)
        let base64 = Data(out.bytes).base64EncodedString()
        var lines = ["-----BEGIN OPENSSH PRIVATE KEY-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 70, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END OPENSSH PRIVATE KEY-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses an unencrypted OpenSSH ed25519 private key.
    public static func parse(openSSHPrivateKey text: String, path: String) throws(HostKeyError) -> HostKey {
        let body = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("-----") }
            .joined()
        guard text.contains("BEGIN OPENSSH PRIVATE KEY"), let data = Data(base64Encoded: body) else {
            throw HostKeyError(path: path, reason: "is not an OpenSSH private key (expected '-----BEGIN OPENSSH PRIVATE KEY-----')")
        }
        var reader = SSHWireReader(bytes: [UInt8](data))
        let magic = Array("openssh-key-v1".utf8) + [0]
        guard reader.take(magic.count) == magic,
            let cipher = reader.string(), let kdf = reader.string(), reader.string() != nil,
            let count = reader.uint32()
        else {
            throw HostKeyError(path: path, reason: "is not an OpenSSH private key (bad header)")
        }
        guard String(decoding: cipher, as: UTF8.self) == "none", String(decoding: kdf, as: UTF8.self) == "none" else {
            throw HostKeyError(path: path, reason: "is encrypted; a host key must be unencrypted (ssh-keygen -p -N '' -f \(path))")
        }
        guard count == 1, reader.string() != nil, let secretBytes = reader.string() else {
            throw HostKeyError(path: path, reason: "must hold exactly one key")
        }
        var secret = SSHWireReader(bytes: secretBytes)
        guard let c1 = secret.uint32(), let c2 = secret.uint32(), c1 == c2, let type = secret.string() else {
            throw HostKeyError(path: path, reason: "is damaged (check bytes differ)")
        }
        guard String(decoding: type, as: UTF8.self) == "ssh-ed25519" else {
            throw HostKeyError(path: path, reason: "holds a \(String(decoding: type, as: UTF8.self)) key; Reelshop needs ed25519 (ssh-keygen -t ed25519)")
        }
        guard secret.string() != nil, let priv = secret.string(), priv.count == 64,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: priv[0..<32])
        else {
            throw HostKeyError(path: path, reason: "is damaged (bad ed25519 key material)")
        }
        return HostKey(privateKey: key)
    }
}

/// A host key that cannot be used, naming the file and what to do.
public struct HostKeyError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "host key \(path) \(reason)" }
}

/// Builds SSH wire encodings (RFC 4251: uint32, length-prefixed string).
struct SSHWire {
    var bytes: [UInt8] = []
    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }
    mutating func string(_ value: [UInt8]) {
        uint32(UInt32(value.count))
        bytes += value
    }
    mutating func string(_ value: String) { string(Array(value.utf8)) }
}

/// Reads SSH wire encodings; every read returns nil past the end.
struct SSHWireReader {
    let bytes: [UInt8]
    var offset = 0
    init(bytes: [UInt8]) { self.bytes = bytes }
    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
    mutating func uint32() -> UInt32? {
        guard let b = take(4) else { return nil }
        return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
    }
    mutating func string() -> [UInt8]? {
        guard let length = uint32(), length < 1 << 20 else { return nil }
        return take(Int(length))
    }
}
