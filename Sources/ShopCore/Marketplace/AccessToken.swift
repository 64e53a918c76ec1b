import Foundation

/// An opaque random credential that never prints itself.
///
/// `description`, `debugDescription`, `dump` and string interpolation all show
/// `‹redacted›`, and the type is deliberately not `Codable`: the only way to read the value is
/// `unredactedValue`, which the account file and a marketplace request use and nothing else.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(unredactedValue: String) { value = unredactedValue }

    /// A new token: 32 random bytes as hex, prefixed by what it is for.
    public static func random(prefix: String = "rst") -> AccessToken {
        AccessToken(unredactedValue: "\(prefix)_" + randomHex(bytes: 32))
    }

    /// The secret itself. Only for storing it in accounts.json and sending it to its marketplace.
    public var unredactedValue: String { value }

    public var description: String { "AccessToken(‹redacted›)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
