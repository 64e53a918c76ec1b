import Foundation

/// The PROXY protocol header (versions 1 and 2, haproxy's proxy-protocol.txt) that a TCP
/// balancer such as HAProxy puts before the SSH bytes, naming the visitor's real address.
///
/// `reelshop serve --proxy-protocol-from CIDR…` expects it from those balancer addresses only,
/// so the per-address limits and the logs see the visitor, not the balancer. Foundation only
/// (no NIO), in ShopSSHWire, which the fuzz build compiles whole.
public enum ProxyProtocol {
    /// Where the connection really comes from; nil for a `LOCAL` (v2) or `UNKNOWN` (v1) header,
    /// the balancer's own health check: the TCP peer is then the one to use.
    public struct Header: Sendable, Equatable {
        public var sourceAddress: String?
        public var sourcePort: Int?
    }

    public enum Result: Sendable, Equatable {
        /// Not enough bytes yet to tell.
        case incomplete
        /// Not a PROXY header, or a broken one: the connection is closed with this reason.
        case invalid(String)
        /// A whole header of `length` bytes; the SSH bytes follow it.
        case header(Header, length: Int)
    }

    /// The longest v1 header (the spec's 107 bytes) and the longest v2 header accepted
    /// (16 + addresses + TLVs; ours need none of the TLVs, so 1 KiB is plenty).
    public static let maximumV1Length = 107
    public static let maximumV2Length = 1024

    static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    static let v1Prefix = Array("PROXY ".utf8)

    /// Reads a header off the front of `bytes`.
    public static func parse(_ bytes: [UInt8]) -> Result {
        guard let first = bytes.first else { return .incomplete }
        if first == v2Signature[0] { return parseV2(bytes) }
        if first == v1Prefix[0] { return parseV1(bytes) }
        return .invalid("expected a PROXY protocol header from the balancer, found \(describe(bytes))")
    }

    // MARK: - Version 1: "PROXY TCP4 192.0.2.1 198.51.100.2 51234 22\r\n"

    private static func parseV1(_ bytes: [UInt8]) -> Result {
        let prefix = min(bytes.count, v1Prefix.count)
        guard Array(bytes.prefix(prefix)) == Array(v1Prefix.prefix(prefix)) else {
            return .invalid("expected a PROXY protocol header from the balancer, found \(describe(bytes))")
        }
        guard let lineFeed = bytes.prefix(maximumV1Length).firstIndex(of: 0x0A) else {
            return bytes.count >= maximumV1Length ? .invalid("a PROXY v1 header longer than \(maximumV1Length) bytes") : .incomplete
        }
        guard lineFeed > 0, bytes[lineFeed - 1] == 0x0D else { return .invalid("a PROXY v1 header not ended by CRLF") }
        let line = String(decoding: bytes[v1Prefix.count..<(lineFeed - 1)], as: UTF8.self)
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch fields.first {
        case "UNKNOWN":
            return .header(Header(sourceAddress: nil, sourcePort: nil), length: lineFeed + 1)
        case "TCP4", "TCP6":
            guard fields.count == 5 else { return .invalid("a PROXY v1 header with \(fields.count) fields, expected 5") }
            let family = fields[0] == "TCP4" ? AF_INET : AF_INET6
            guard let source = canonicalAddress(fields[1], family: family), canonicalAddress(fields[2], family: family) != nil else {
                return .invalid("a PROXY v1 header with an address that is not \(fields[0] == "TCP4" ? "IPv4" : "IPv6")")
            }
            guard let sourcePort = port(fields[3]), port(fields[4]) != nil else {
                return .invalid("a PROXY v1 header with a port outside 0-65535")
            }
            return .header(Header(sourceAddress: source, sourcePort: sourcePort), length: lineFeed + 1)
        default:
            return .invalid("a PROXY v1 header of an unknown protocol")
        }
    }

    private static func port(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
            !(text.count > 1 && text.hasPrefix("0")), let value = Int(text), (0...65535).contains(value)
        else { return nil }
        return value
    }

    // MARK: - Version 2: signature, version/command, family/transport, length, addresses, TLVs

    private static func parseV2(_ bytes: [UInt8]) -> Result {
        let prefix = min(bytes.count, v2Signature.count)
        guard Array(bytes.prefix(prefix)) == Array(v2Signature.prefix(prefix)) else {
            return .invalid("expected a PROXY protocol header from the balancer, found \(describe(bytes))")
        }
        guard bytes.count >= 16 else { return .incomplete }
        let versionCommand = bytes[12], familyTransport = bytes[13]
        let length = Int(bytes[14]) << 8 | Int(bytes[15])
        guard versionCommand >> 4 == 2 else { return .invalid("a PROXY header of version \(versionCommand >> 4), expected 2") }
        guard 16 + length <= maximumV2Length else { return .invalid("a PROXY v2 header of \(16 + length) bytes, more than \(maximumV2Length)") }
        guard bytes.count >= 16 + length else { return .incomplete }
        let total = 16 + length
        switch versionCommand & 0x0F {
        case 0x0:  // LOCAL: the balancer's own connection (a health check)
            return .header(Header(sourceAddress: nil, sourcePort: nil), length: total)
        case 0x1:  // PROXY
            break
        default:
            return .invalid("a PROXY v2 header with an unknown command")
        }
        let body = Array(bytes[16..<total])
        switch familyTransport >> 4 {
        case 0x1:  // IPv4: 4 + 4 + 2 + 2
            guard body.count >= 12 else { return .invalid("a PROXY v2 IPv4 header with \(body.count) address bytes, expected 12") }
            let address = body[0..<4].map(String.init).joined(separator: ".")
            return .header(Header(sourceAddress: address, sourcePort: Int(body[8]) << 8 | Int(body[9])), length: total)
        case 0x2:  // IPv6: 16 + 16 + 2 + 2
            guard body.count >= 36 else { return .invalid("a PROXY v2 IPv6 header with \(body.count) address bytes, expected 36") }
            guard let address = ipv6Text(Array(body[0..<16])) else { return .invalid("a PROXY v2 header with a bad IPv6 address") }
            return .header(Header(sourceAddress: address, sourcePort: Int(body[32]) << 8 | Int(body[33])), length: total)
        default:
            // AF_UNSPEC or AF_UNIX: nothing to learn about the visitor; use the TCP peer.
            return .header(Header(sourceAddress: nil, sourcePort: nil), length: total)
        }
    }

    // MARK: - Addresses

    /// The address in its usual text form (inet_ntop of inet_pton), or nil when it is not one.
    static func canonicalAddress(_ text: String, family: Int32) -> String? {
        guard !text.isEmpty, text.count <= 45, text.allSatisfy(\.isASCII) else { return nil }
        if family == AF_INET {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }.map(String.init).joined(separator: ".")
        }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return ipv6Text(withUnsafeBytes(of: &address) { Array($0) })
    }

    public static func ipv6Text(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return nil }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first bytes, printable, for a message (never raw: a visitor may have sent them).
    private static func describe(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(16).map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }
        return "\"" + shown.joined() + (bytes.count > 16 ? "…" : "") + "\""
    }
}
