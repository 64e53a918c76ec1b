import Foundation
import ShopCore
import Testing
@testable import ShopMarketHTTP

@Suite("HTTPMarketplace without a server: encoding, the page's form token, no answer")
struct HTTPMarketplaceUnitTests {
    @Test func formFieldsAreEncodedSoThatPlusAndAmpersandStayData() {
        let body = HTTPMarketplace.formEncoded(["token": "a+b&c=d e", "client_id": "reelshop"])
        #expect(body == "client_id=reelshop&token=a%2Bb%26c%3Dd%20e")
    }

    @Test func theFormTokenIsReadFromTheHiddenFieldWhereverItsAttributesStand() {
        let page =
            #"<form method="post"><input type="hidden" name="user_code" value="BCDF-GHJK"><input type="hidden" name="form_token" value="a&amp;b"></form>"#
        #expect(HTTPMarketplace.hiddenField("form_token", in: page) == "a&b")
        #expect(HTTPMarketplace.hiddenField("user_code", in: page) == "BCDF-GHJK")
        #expect(HTTPMarketplace.hiddenField("missing", in: page) == nil)
        #expect(HTTPMarketplace.hiddenField("form_token", in: #"<input name="form_token">"#) == nil)
    }

    /// A port nobody listens on: every call is `.unavailable` with words a user can act on, and
    /// fails fast (the connection is refused), never hangs or crashes.
    @Test func anUnreachableMarketplaceIsUnavailableNotACrash() async throws {
        let port = try closedPort()
        let market = HTTPMarketplace(id: "riverstone", name: "Riverstone Market", baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(3))
        do throws(MarketplaceError) {
            _ = try await market.startLink()
            Issue.record("expected a failure")
        } catch {
            #expect(error.kind == .unavailable)
            #expect(error.message.hasPrefix("Riverstone Market is not answering"))
            #expect(error.leavesOutcomeUnknown)
        }
        let request = PlaceOrderRequest(
            lines: [], shipTo: ShippingAddress(name: "A", line1: "1", city: "C", region: "R", postalCode: "P", country: "US"),
            idempotencyKey: "k1")
        await #expect(throws: MarketplaceError.self) { try await market.placeOrder(request, token: AccessToken(unredactedValue: "t")) }
    }

    /// A free port: bound, then closed again, so nothing listens there.
    private func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        bound = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
