import Foundation

/// One key line of an OpenSSH authorized_keys file: the key's type and its decoded blob.
///
/// Foundation only, so it can be fuzzed without the SSH stack. Options before the key type
/// (`no-pty,command="echo ssh-rsa x" ssh-ed25519 AAAA...`) are skipped, quoted spaces included.
public struct AuthorizedKeyLine: Sendable, Equatable {
    public var type: String
    public var blob: [UInt8]

    public static let keyTypes: Set<String> = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// The key on `line`, or nil for a blank line, a comment, or a line with no usable key.
    ///
    /// A usable key is a known type followed by base64 whose blob names the same type, as
    /// OpenSSH's wire format requires (a string length, then the type): text that only looks
    /// like a key (inside an option, or a truncated paste) is not let in.
    public init?(_ line: Substring) {
        let fields = Self.fields(line)
        guard let first = fields.first, !first.hasPrefix("#") else { return nil }
        for (index, field) in fields.enumerated() where Self.keyTypes.contains(field) && index + 1 < fields.count {
            guard let data = Data(base64Encoded: fields[index + 1]) else { continue }
            let blob = [UInt8](data)
            guard Self.blob(blob, names: field) else { continue }
            self.type = field
            self.blob = blob
            return
        }
        return nil
    }

    /// Splits on spaces and tabs outside double quotes (OpenSSH quotes option values).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if !quoted && (character == " " || character == "\t" || character.isNewline) {
                if !current.isEmpty { fields.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { fields.append(current) }
        return fields
    }

    /// Whether the blob opens with the SSH string `type` (a big-endian UInt32 length, then the
    /// bytes) and has key material after it.
    public static func blob(_ blob: [UInt8], names type: String) -> Bool {
        let name = Array(type.utf8)
        guard blob.count > 4 + name.count else { return false }
        let length = blob[0..<4].reduce(0) { $0 << 8 | Int($1) }
        return length == name.count && Array(blob[4..<(4 + name.count)]) == name
    }
}
