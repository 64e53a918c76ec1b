import Foundation
import ShopSSHWire

/// An address range in CIDR notation (`10.0.0.0/8`, `::1/128`; a bare address is one host),
/// for `--proxy-protocol-from`.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    private let network: [UInt8]
    private let prefixLength: Int
    public let description: String

    /// Parses `text`, or explains what is wrong with it.
    public init(_ text: String) throws(ServeConfigurationError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let family: Int32 = parts[0].contains(":") ? AF_INET6 : AF_INET
        guard let bytes = AddressRange.bytes(parts[0], family: family) else {
            throw ServeConfigurationError("--proxy-protocol-from: \(LogText.value(text)) is not an IPv4 or IPv6 address or range (e.g. 10.0.0.0/8, ::1/128)")
        }
        let maximum = bytes.count * 8
        var length = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value), parts[1].allSatisfy(\.isNumber) else {
                throw ServeConfigurationError("--proxy-protocol-from: \(LogText.value(text)) has a prefix length outside 0-\(maximum)")
            }
            length = value
        }
        network = AddressRange.masked(bytes, length)
        prefixLength = length
        description = "\(family == AF_INET ? bytes.map(String.init).joined(separator: ".") : ProxyProtocol.ipv6Text(bytes) ?? parts[0])/\(length)"
    }

    /// True when `address` (text, as a socket reports it) lies inside the range. An IPv4
    /// address written as IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as IPv4.
    public func contains(_ address: String) -> Bool {
        var family: Int32 = address.contains(":") ? AF_INET6 : AF_INET
        guard var bytes = AddressRange.bytes(address, family: family) else { return false }
        if family == AF_INET6, bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            bytes = Array(bytes.suffix(4))
            family = AF_INET
        }
        guard bytes.count == network.count else { return false }
        return AddressRange.masked(bytes, prefixLength) == network
    }

    private static func bytes(_ text: String, family: Int32) -> [UInt8]? {
        guard !text.isEmpty, text.count <= 45, text.allSatisfy(\.isASCII) else { return nil }
        if family == AF_INET {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bits = max(0, min(8, length - index * 8))
            return bits == 8 ? byte : bits == 0 ? 0 : byte & UInt8(0xFF << (8 - bits) & 0xFF)
        }
    }
}
