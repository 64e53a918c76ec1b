import Foundation

/// The device code a client polls with (RFC 8628 `device_code`): as secret as a token until the
/// link completes, so it redacts itself the same way.
public struct DeviceCode: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(unredactedValue: String) { value = unredactedValue }

    public static func random() -> DeviceCode { DeviceCode(unredactedValue: "dvc_" + randomHex(bytes: 24)) }

    public var unredactedValue: String { value }

    public var description: String { "DeviceCode(‹redacted›)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
