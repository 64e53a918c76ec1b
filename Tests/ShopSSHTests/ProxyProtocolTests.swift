import Foundation
import Testing
@testable import ShopSSH
@testable import ShopSSHWire

/// The PROXY protocol header a balancer puts before the SSH bytes (issue 15), v1 and v2.
@Suite struct ProxyProtocolTests {
    private func v2(command: UInt8 = 0x21, family: UInt8, body: [UInt8]) -> [UInt8] {
        ProxyProtocol.v2Signature + [command, family, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }

    @Test func aVersion1HeaderNamesTheVisitor() {
        let bytes = Array("PROXY TCP4 192.0.2.7 127.0.0.1 51234 2222\r\nSSH-2.0-OpenSSH_9.2\r\n".utf8)
        #expect(ProxyProtocol.parse(bytes) == .header(.init(sourceAddress: "192.0.2.7", sourcePort: 51234), length: 43))
        let six = Array("PROXY TCP6 2001:db8:0:0::1 ::1 40000 22\r\n".utf8)
        #expect(ProxyProtocol.parse(six) == .header(.init(sourceAddress: "2001:db8::1", sourcePort: 40000), length: six.count))
        #expect(ProxyProtocol.parse(Array("PROXY UNKNOWN\r\n".utf8)) == .header(.init(sourceAddress: nil, sourcePort: nil), length: 15))
    }

    @Test func aVersion2HeaderNamesTheVisitor() {
        let ipv4 = v2(family: 0x11, body: [198, 51, 100, 9, 127, 0, 0, 1, 0xC8, 0x01, 0x08, 0xAE])
        #expect(ProxyProtocol.parse(ipv4 + Array("SSH-2.0-x\r\n".utf8)) == .header(.init(sourceAddress: "198.51.100.9", sourcePort: 0xC801), length: 28))
        let ipv6 = v2(
            family: 0x21, body: [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [5] + [UInt8](repeating: 0, count: 15) + [1] + [0, 80, 0, 22])
        #expect(ProxyProtocol.parse(ipv6) == .header(.init(sourceAddress: "2001:db8::5", sourcePort: 80), length: ipv6.count))
        // TLVs after the addresses are skipped with the rest of the header.
        let withTLV = v2(family: 0x11, body: [10, 0, 0, 1, 10, 0, 0, 2, 0, 1, 0, 2, 0x04, 0x00, 0x01, 0xAA])
        #expect(ProxyProtocol.parse(withTLV) == .header(.init(sourceAddress: "10.0.0.1", sourcePort: 1), length: withTLV.count))
    }

    @Test func aLocalHeaderIsTheBalancerItself() {
        #expect(ProxyProtocol.parse(v2(command: 0x20, family: 0x00, body: [])) == .header(.init(sourceAddress: nil, sourcePort: nil), length: 16))
    }

    @Test func aHeaderCutShortWaitsForTheRest() {
        let full = Array("PROXY TCP4 192.0.2.7 127.0.0.1 51234 2222\r\n".utf8)
        for cut in 1..<full.count { #expect(ProxyProtocol.parse(Array(full.prefix(cut))) == .incomplete, "cut at \(cut)") }
        let binary = v2(family: 0x11, body: [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2])
        for cut in 1..<binary.count { #expect(ProxyProtocol.parse(Array(binary.prefix(cut))) == .incomplete, "cut at \(cut)") }
    }

    @Test(arguments: [
        "SSH-2.0-OpenSSH_9.2\r\n", "PROXY TCP4 1.2.3 127.0.0.1 1 2\r\n", "PROXY TCP4 1.2.3.4 127.0.0.1 65536 2\r\n",
        "PROXY TCP4 1.2.3.4 127.0.0.1 -1 2\r\n", "PROXY TCP9 a b 1 2\r\n", "PROXY TCP4 1.2.3.4 127.0.0.1 1 2\n",
        "PROXY TCP4 ::1 127.0.0.1 1 2\r\n", "PROXY TCP4 1.2.3.4 127.0.0.1 1\r\n",
        "PROXY TCP4 " + String(repeating: "9", count: 120),
    ])
    func brokenVersion1HeadersAreRefused(text: String) {
        guard case .invalid(let reason) = ProxyProtocol.parse(Array(text.utf8)) else {
            Issue.record("accepted \(text.debugDescription)")
            return
        }
        #expect(!reason.contains("\r") && !reason.contains("\u{1B}"), "\(reason)")
    }

    @Test func brokenVersion2HeadersAreRefused() {
        var wrongVersion = v2(family: 0x11, body: [UInt8](repeating: 0, count: 12))
        wrongVersion[12] = 0x31
        let shortAddresses = v2(family: 0x11, body: [1, 2, 3])
        let huge = ProxyProtocol.v2Signature + [0x21, 0x11, 0xFF, 0xFF]
        let badSignature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0B]
        for bytes: [UInt8] in [wrongVersion, shortAddresses, huge, badSignature] {
            guard case .invalid = ProxyProtocol.parse(bytes) else { Issue.record("accepted \(bytes)"); continue }
        }
    }

    @Test func addressRangesMatchWhatTheyCover() throws {
        let loopback = try AddressRange("127.0.0.0/8")
        #expect(loopback.contains("127.0.0.1") && loopback.contains("127.255.0.9"))
        #expect(!loopback.contains("128.0.0.1") && !loopback.contains("::1") && !loopback.contains("not an address"))
        #expect(loopback.contains("::ffff:127.0.0.2"), "an IPv4-mapped address is IPv4")
        let host = try AddressRange("10.1.2.3")
        #expect(host.contains("10.1.2.3") && !host.contains("10.1.2.4"))
        #expect(host.description == "10.1.2.3/32")
        let six = try AddressRange("2001:db8::/32")
        #expect(six.contains("2001:db8:ffff::1") && !six.contains("2001:db9::1"))
        #expect(try AddressRange("0.0.0.0/0").contains("203.0.113.5"))
        #expect(try AddressRange("10.0.0.0/12").contains("10.15.255.255") && !(try AddressRange("10.0.0.0/12")).contains("10.16.0.0"))
        for bad in ["10.0.0.0/33", "10.0.0/8", "::1/129", "", "/8", "10.0.0.0/", "10.0.0.0/8x", "example.com"] {
            #expect(throws: ServeConfigurationError.self, "\(bad)") { try AddressRange(bad) }
        }
    }
}
