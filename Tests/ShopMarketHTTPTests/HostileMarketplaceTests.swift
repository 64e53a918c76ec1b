import Foundation
import Hummingbird
import NIOCore
import ShopCore
import Testing
@testable import ShopMarketHTTP

/// A marketplace that misbehaves, on a real HTTP server in this process: garbage where JSON
/// should be, a 500, an answer that never comes, a problem whose words carry terminal escapes.
/// The client turns each into a `MarketplaceError` a user can read, never a crash or a hang.
@Suite("HTTPMarketplace against a hostile marketplace")
struct HostileMarketplaceTests {
    /// Starts the hostile server on a free port; `body` runs with its base URL.
    private func withHostileServer(_ body: (String) async throws -> Void) async throws {
        let router = Router()
        router.get("/.well-known/oauth-authorization-server/riverstone") { request, _ -> Response in
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            let json = """
                {"issuer":"\(base)/riverstone","device_authorization_endpoint":"\(base)/riverstone/oauth/device_authorization",
                 "token_endpoint":"\(base)/riverstone/oauth/token","revocation_endpoint":"\(base)/riverstone/oauth/revoke",
                 "grant_types_supported":[],"token_endpoint_auth_methods_supported":["none"],
                 "reelshop_api_base":"\(base)/riverstone/api/v1","reelshop_verification_uri":"\(base)/riverstone/device"}
                """
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.post("/riverstone/oauth/device_authorization") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{{{ not json")))
        }
        router.post("/riverstone/oauth/token") { _, _ -> Response in
            Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "boom")))
        }
        router.get("/riverstone/api/v1/me") { _, _ -> Response in
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok)
        }
        router.post("/riverstone/api/v1/quotes") { _, _ -> Response in
            let problem = #"{"type":"about:blank","title":"Sold out","status":409,"detail":"sold \u001b]52;c;ZXZpbA==\u0007 out","code":"outOfStock"}"#
            return Response(
                status: .conflict, headers: [.contentType: "application/problem+json"],
                body: .init(byteBuffer: ByteBuffer(string: problem)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        // Off the cooperative pool, as MarketServer does: other suites in this process block it.
        let server = Task(executorPreference: DispatchTaskExecutor(label: "hostile-marketplace")) {
            try await app.runService(gracefulShutdownSignals: [])
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        defer { server.cancel() }
        try await body("http://127.0.0.1:\(port)")
    }

    @Test func garbageA500ASilenceAndEscapesAreWordedNotObeyed() async throws {
        try await withHostileServer { base in
            // A long timeout where an answer comes (the handlers run on the test process's small
            // cooperative pool, which other suites keep busy), a short one where none ever does.
            let market = HTTPMarketplace(id: "riverstone", name: "Riverstone Market", baseURL: base, timeout: .seconds(60))
            let impatient = HTTPMarketplace(id: "riverstone", name: "Riverstone Market", baseURL: base, timeout: .seconds(2))
            // 200 with garbage: unavailable, in words.
            do throws(MarketplaceError) { _ = try await market.startLink(); Issue.record("expected a failure") } catch {
                #expect(error.kind == .unavailable)
                #expect(error.message.contains("cannot read"))
            }
            // A 500 on the token endpoint: unavailable, "try again".
            do throws(MarketplaceError) {
                _ = try await market.pollLink(deviceCode: DeviceCode(unredactedValue: "d")); Issue.record("expected a failure")
            } catch {
                #expect(error.kind == .unavailable)
                #expect(error.message.contains("HTTP 500"))
            }
            // No answer within the timeout: unavailable, not a hang.
            do throws(MarketplaceError) { _ = try await impatient.profile(token: AccessToken(unredactedValue: "t")); Issue.record("expected a failure") } catch
            {
                #expect(error.kind == .unavailable)
                #expect(error.message.contains("not answering"))
            }
            // A problem's detail keeps its kind; its escape sequence is shown, never sent to a terminal.
            let shipTo = ShippingAddress(name: "A", line1: "1", city: "C", region: "R", postalCode: "P", country: "US")
            do throws(MarketplaceError) {
                _ = try await market.quote(lines: [], shipTo: shipTo, voucherCode: nil, token: AccessToken(unredactedValue: "t"));
                Issue.record("expected a failure")
            } catch {
                #expect(error.kind == .outOfStock)
                #expect(!error.message.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
                #expect(error.message.hasPrefix("sold "))
            }
        }
    }
}
