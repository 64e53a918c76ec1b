import Foundation
import GRDB
import ShopCore
import ShopTesting
import Testing
@testable import ShopMarketServer

/// End to end against a real server on port 0, a real SQLite file and real HTTP.
@Suite("Market server", .serialized)
struct MarketServerTests {
    @Test func metadataAndDiscoveryNameTheEndpoints() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let reply = try await h.get("/.well-known/oauth-authorization-server/riverstone")
        #expect(reply.status == 200)
        let metadata = try reply.decode(MarketWire.AuthorizationServerMetadata.self)
        #expect(metadata.issuer == "\(h.server.baseURL)/riverstone")
        #expect(metadata.tokenEndpoint == "\(h.server.baseURL)/riverstone/oauth/token")
        #expect(metadata.grantTypesSupported.contains(MarketWire.deviceCodeGrantType))
        #expect(metadata.reelshopAPIBase == "\(h.server.baseURL)/riverstone/api/v1")
        #expect(metadata.reelshopVerificationURI == "\(h.server.baseURL)/riverstone/device")
        let list = try await h.get("/marketplaces").json()
        let first = (list["marketplaces"] as? [[String: Any]])?.first
        #expect(first?["id"] as? String == "riverstone")
        #expect(first?["issuer"] as? String == "\(h.server.baseURL)/riverstone")
        #expect(try await h.get("/.well-known/oauth-authorization-server/nowhere").status == 404)
        #expect(FileManager.default.fileExists(atPath: h.databasePath))
        let mode = try FileManager.default.attributesOfItem(atPath: h.databasePath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func deviceGrantPendingSlowDownApproveOnceThenInvalid() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let started = try await h.startLink()
        #expect(UserCode(parsing: started.userCode)?.display == started.userCode)
        #expect(started.verificationURI == "\(h.server.baseURL)/riverstone/device")
        #expect(started.verificationURIComplete == "\(h.server.baseURL)/riverstone/device?user_code=\(started.userCode)")
        #expect(started.expiresIn == 600 && started.interval == 5)

        let first = try await h.poll(started.deviceCode)
        #expect(first.status == 400)
        #expect(try first.json()["error"] as? String == "authorization_pending")
        let early = try await h.poll(started.deviceCode)
        #expect(try early.json()["error"] as? String == "slow_down")
        #expect(try early.json()["interval"] as? Int == 10)
        h.clock.advance(by: 6)
        // 6 s is under the raised 10 s interval: slow down again.
        #expect(try await h.poll(started.deviceCode).json()["interval"] as? Int == 15)
        h.clock.advance(by: 16)
        #expect(try await h.poll(started.deviceCode).json()["error"] as? String == "authorization_pending")

        let page = try await h.get("/riverstone/device?user_code=\(started.userCode.lowercased())")
        #expect(page.status == 200)
        #expect(page.text.contains("Riverstone Market"))
        #expect(page.text.contains("Continue as Alex Rivera (demo shopper)"))
        #expect(page.text.contains("a•••••@example.com"))
        #expect(page.text.contains("<meta name=\"viewport\""))
        #expect(!page.text.contains("<script"))
        #expect(page.text.contains("<button id=\"approve\" name=\"decision\" value=\"approve\">Approve</button>"))
        // A forged form token is refused and nothing is approved.
        let forged = try await h.form("/riverstone/device", [("user_code", started.userCode), ("form_token", "00"), ("decision", "approve")])
        #expect(forged.status == 400)
        #expect(try await h.poll(started.deviceCode).status == 400)
        h.clock.advance(by: 30)

        let approved = try await h.decide(started.userCode, "approve")
        #expect(approved.status == 200)
        #expect(approved.text.contains("Approved — you can return to your terminal"))
        let token = try await h.poll(started.deviceCode)
        #expect(token.status == 200)
        #expect(token.headers["cache-control"] == "no-store")
        let tokens = try token.decode(MarketWire.TokenResponse.self)
        #expect(tokens.tokenType == "Bearer" && tokens.refreshToken != nil)
        let again = try await h.poll(started.deviceCode)
        #expect(try again.json()["error"] as? String == "invalid_grant")
        // The code cannot be approved twice either.
        #expect(try await h.get("/riverstone/device?user_code=\(started.userCode)").status == 400)

        let me = try await h.get("/riverstone/api/v1/me", token: tokens.accessToken)
        #expect(me.status == 200)
        #expect(try me.decode(LinkedProfile.self).name == "Alex Rivera")
        // The database holds digests, never the token or the device code.
        let raw =
            try Data(contentsOf: URL(fileURLWithPath: h.databasePath)) + ((try? Data(contentsOf: URL(fileURLWithPath: h.databasePath + "-wal"))) ?? Data())
        #expect(raw.range(of: Data(tokens.accessToken.utf8)) == nil)
        #expect(raw.range(of: Data(started.deviceCode.utf8)) == nil)
    }

    @Test func denyGivesAccessDeniedAndExpiryGivesExpiredToken() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let denied = try await h.startLink()
        let page = try await h.decide(denied.userCode, "deny")
        #expect(page.status == 200 && page.text.contains("Denied"))
        #expect(try await h.poll(denied.deviceCode).json()["error"] as? String == "access_denied")

        let late = try await h.startLink()
        h.clock.advance(by: 601)
        #expect(try await h.poll(late.deviceCode).json()["error"] as? String == "expired_token")
        let expiredPage = try await h.get("/riverstone/device?user_code=\(late.userCode)")
        #expect(expiredPage.status == 400)
        #expect(expiredPage.text.contains("expired"))
        #expect(expiredPage.text.contains("name=\"user_code\""))
        #expect(try await h.poll("not-a-code").json()["error"] as? String == "invalid_grant")
    }

    @Test func refreshRotatesAndRevokeEndsTheGrant() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let first = try await h.link()
        let refreshed = try await h.form("/riverstone/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", first.refreshToken!)])
        #expect(refreshed.status == 200)
        let second = try refreshed.decode(MarketWire.TokenResponse.self)
        #expect(second.accessToken != first.accessToken && second.refreshToken != first.refreshToken)
        #expect(try await h.get("/riverstone/api/v1/me", token: first.accessToken).status == 401)
        #expect(try await h.get("/riverstone/api/v1/me", token: second.accessToken).status == 200)
        let reused = try await h.form("/riverstone/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", first.refreshToken!)])
        #expect(try reused.json()["error"] as? String == "invalid_grant")
        // A refresh token used twice means one of the two callers stole it: the grant ends.
        #expect(try await h.get("/riverstone/api/v1/me", token: second.accessToken).status == 401)
        let rotated = try await h.form("/riverstone/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", second.refreshToken!)])
        #expect(try rotated.json()["error"] as? String == "invalid_grant")

        let third = try await h.link()
        let revoked = try await h.form("/riverstone/oauth/revoke", [("token", third.accessToken)])
        #expect(revoked.status == 200)
        let me = try await h.get("/riverstone/api/v1/me", token: third.accessToken)
        #expect(me.status == 401)
        #expect(me.headers["content-type"] == "application/problem+json")
        #expect(try me.decode(MarketWire.Problem.self).code == .unauthorized)
        let afterRevoke = try await h.form("/riverstone/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", third.refreshToken!)])
        #expect(try afterRevoke.json()["error"] as? String == "invalid_grant")
        #expect(try await h.form("/riverstone/oauth/revoke", [("token", "unknown")]).status == 200)
        #expect(try await h.form("/riverstone/oauth/token", [("grant_type", "password")]).json()["error"] as? String == "unsupported_grant_type")
    }

    @Test func quoteHoldLowersAvailableForOthers() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let buyer = try await h.link()
        #expect(try await h.available("mug") == 5)
        let reply = try await h.json(
            "POST", "/riverstone/api/v1/quotes",
            MarketWire.QuoteBody(lines: [Fixture.line(Fixture.mug, quantity: 2)], shipTo: Fixture.address, voucherCode: "REEL10"),
            token: buyer.accessToken)
        #expect(reply.status == 200)
        let quote = try reply.decode(Quote.self)
        #expect(quote.quoteID != nil)
        #expect(quote.holdExpiresAt == Fixture.start.addingTimeInterval(300))
        #expect(quote.subtotal.minorUnits == 3600 && quote.discount.minorUnits == 360)
        #expect(quote.voucher?.code == "REEL10")
        #expect(try await h.available("mug") == 3)
        // The holder's own hold is still theirs to buy.
        #expect(try await h.available("mug", token: buyer.accessToken) == 5)
        h.clock.advance(by: 301)
        #expect(try await h.available("mug") == 5)
        let again = try await h.json(
            "POST", "/riverstone/api/v1/quotes",
            MarketWire.QuoteBody(lines: [Fixture.line(Fixture.mug, quantity: 2)], shipTo: Fixture.address, voucherCode: nil),
            token: buyer.accessToken)
        #expect(again.status == 200)
        #expect(try await h.available("mug") == 3)
        // The hold is enforced: another buyer cannot order the held units, the holder can.
        let other = try await h.link()
        let blocked = try await h.order([Fixture.line(Fixture.mug, quantity: 4)], token: other.accessToken, key: "other-1")
        #expect(blocked.status == 409)
        #expect(try blocked.decode(MarketWire.Problem.self).detail.contains("Only 3"))
        #expect(try await h.order([Fixture.line(Fixture.mug, quantity: 3)], token: other.accessToken, key: "other-2").status == 201)
        #expect(try await h.available("mug") == 0)
        #expect(try await h.order([Fixture.line(Fixture.mug, quantity: 2)], token: buyer.accessToken, key: "holder").status == 201)
        #expect(try await h.available("mug") == 0)
        let bad = try await h.json(
            "POST", "/riverstone/api/v1/quotes",
            MarketWire.QuoteBody(lines: [Fixture.line(Fixture.mug)], shipTo: Fixture.address, voucherCode: "NOPE"),
            token: buyer.accessToken)
        #expect(bad.status == 422)
        #expect(try bad.decode(MarketWire.Problem.self).code == .voucherRejected)
    }

    @Test func idempotentReplayChargesOnceAndADifferentBodyIsRefused() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let buyer = try await h.link()
        let created = try await h.order([Fixture.line(Fixture.mug)], token: buyer.accessToken, key: "key-1")
        #expect(created.status == 201)
        let order = try created.decode(PlacedOrder.self)
        #expect(order.orderID.hasPrefix("RS-"))
        let replay = try await h.order([Fixture.line(Fixture.mug)], token: buyer.accessToken, key: "key-1")
        #expect(replay.status == 200)
        #expect(try replay.decode(PlacedOrder.self) == order)
        #expect(try await h.available("mug") == 4)
        let other = try await h.order([Fixture.line(Fixture.mug, quantity: 2)], token: buyer.accessToken, key: "key-1")
        #expect(other.status == 422)
        #expect(try await h.available("mug") == 4)
        let byKey = try await h.get("/riverstone/api/v1/orders?idempotency_key=key-1", token: buyer.accessToken)
        #expect(try byKey.decode(PlacedOrder.self).orderID == order.orderID)
        #expect(try await h.get("/riverstone/api/v1/orders?idempotency_key=nope", token: buyer.accessToken).status == 404)

        let status = try await h.get("/riverstone/api/v1/orders/\(order.orderID)", token: buyer.accessToken)
        #expect(try status.decode(OrderStatusReport.self).status == .placed)
        h.clock.advance(by: order.quote.deliveryEstimate.timeIntervalSince(order.placedAt) * 0.5)
        let shipped = try await h.get("/riverstone/api/v1/orders/\(order.orderID)", token: buyer.accessToken).decode(OrderStatusReport.self)
        #expect(shipped.status == .shipped)
        #expect(shipped.trackingNumber?.hasPrefix("1Z") == true)

        // The lead's tests read these columns directly.
        let pool = try DatabaseQueue(path: h.databasePath)
        let count = try await pool.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM orders WHERE order_id = ? AND idempotency_key = 'key-1' AND marketplace_id = 'riverstone' AND placed_at IS NOT NULL",
                arguments: [order.orderID])
        }
        #expect(count == 1)

        let changed = try await h.order([Fixture.line(Fixture.mug, price: Money(minorUnits: 1000, currency: "USD"))], token: buyer.accessToken, key: "key-2")
        #expect(changed.status == 409)
        #expect(try changed.decode(MarketWire.Problem.self).code == .priceChanged)
        let total = try await h.order([Fixture.line(Fixture.mug)], token: buyer.accessToken, key: "key-3", expectedTotal: Money(minorUnits: 1, currency: "USD"))
        #expect(try total.decode(MarketWire.Problem.self).code == .priceChanged)
        let mixed = try await h.order(
            [Fixture.line(Fixture.mug), Fixture.line(Fixture.lamp, price: Money(minorUnits: 4000, currency: "EUR"))],
            token: buyer.accessToken, key: "key-4")
        #expect(mixed.status == 422)
        #expect(try await h.available("mug") == 4)
    }

    @Test func eightBuyersRaceForTheLastUnitAndOneWins() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        var tokens: [String] = []
        for _ in 0..<8 { tokens.append(try await h.link().accessToken) }
        let statuses = try await withThrowingTaskGroup(of: (Int, MarketplaceError.Kind?).self) { group in
            for (index, token) in tokens.enumerated() {
                group.addTask {
                    let reply = try await h.order([Fixture.line(Fixture.lamp)], token: token, key: "race-\(index)")
                    return (reply.status, reply.status == 201 ? nil : try reply.decode(MarketWire.Problem.self).code)
                }
            }
            var all: [(Int, MarketplaceError.Kind?)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(statuses.filter { $0.0 == 201 }.count == 1)
        #expect(statuses.filter { $0.0 == 409 && $0.1 == .outOfStock }.count == 7)
        #expect(try await h.available("lamp") == 0)
    }

    @Test func dealLimitAndStockSurviveARestart() async throws {
        let path = Harness.temporaryDatabase()
        let clock = ManualClock(Fixture.start)
        let dealID = "live1/kettle"
        let dealLine = Fixture.line(Fixture.kettle, quantity: 2, price: Fixture.deal.dealPrice, dealID: dealID)
        let before = try await Harness(databasePath: path, clock: clock)
        let buyer = try await before.link()
        let first = try await before.order([dealLine], token: buyer.accessToken, key: "deal-1")
        #expect(first.status == 201)
        #expect(try first.decode(PlacedOrder.self).quote.lines[0].unitPrice == Fixture.deal.dealPrice)
        await before.stop()

        let h = try await Harness(databasePath: path, clock: clock)
        defer { Task { await h.stop() } }
        #expect(try await h.available("kettle") == 48)
        let over = try await h.order([Fixture.line(Fixture.kettle, price: Fixture.deal.dealPrice, dealID: dealID)], token: buyer.accessToken, key: "deal-2")
        #expect(over.status == 409)
        #expect(try over.decode(MarketWire.Problem.self).detail.contains("limit of 2"))
        // Another buyer still gets the deal price; the regular price is always fine.
        let other = try await h.link()
        #expect(try await h.order([dealLine], token: other.accessToken, key: "deal-3").status == 201)
        #expect(try await h.order([Fixture.line(Fixture.kettle)], token: buyer.accessToken, key: "deal-4").status == 201)
        #expect(try await h.available("kettle") == 45)
        // The limit counts this cycle only: in the next run of the deal the buyer may buy again.
        clock.advance(by: 600)
        let nextCycle = try await h.order([dealLine], token: buyer.accessToken, key: "deal-5")
        #expect(nextCycle.status == 201)
    }

    /// Two identical deal lines in one order: each line is judged on its own, so the second one
    /// over the per-buyer limit is refused instead of borrowing the first line's deal price.
    @Test func aRepeatedDealLineOverTheLimitIsRefusedNotPricedLikeTheFirst() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let buyer = try await h.link()
        let dealLine = Fixture.line(Fixture.kettle, quantity: 2, price: Fixture.deal.dealPrice, dealID: "live1/kettle")
        let quote = try await h.json(
            "POST", "/riverstone/api/v1/quotes",
            MarketWire.QuoteBody(lines: [dealLine, dealLine], shipTo: Fixture.address, voucherCode: nil),
            token: buyer.accessToken)
        #expect(quote.status == 200)
        let priced = try quote.decode(Quote.self).lines.map(\.unitPrice)
        #expect(priced == [Fixture.deal.dealPrice, Fixture.kettle.price])
        let order = try await h.order([dealLine, dealLine], token: buyer.accessToken, key: "twice")
        #expect(order.status == 409)
        #expect(try order.decode(MarketWire.Problem.self).detail.contains("limit of 2"))
        #expect(try await h.available("kettle", token: buyer.accessToken) == 50)
        // One deal line and the same units at the regular price is a fine order.
        let mixed = try await h.order([dealLine, Fixture.line(Fixture.kettle, quantity: 2)], token: buyer.accessToken, key: "mixed")
        #expect(mixed.status == 201)
        #expect(try await h.available("kettle") == 46)
    }

    /// GET /products names a running deal with the server's own count of units left.
    @Test func productsNameTheRunningDealAndItsUnitsLeft() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        func deals(_ product: String) async throws -> [MarketWire.DealOffer]? {
            try await h.get("/riverstone/api/v1/products/\(product)").decode(MarketWire.ProductStock.self).flashDeals
        }
        #expect(try await deals("mug") == nil)
        let offer = try #require(try await deals("kettle")?.first)
        #expect(offer.dealID == "live1/kettle" && offer.price == Fixture.deal.dealPrice && offer.perBuyerLimit == 2)
        #expect(offer.endsAt == Fixture.start.addingTimeInterval(590))
        #expect(offer.unitsLeft == Fixture.deal.totalUnits - Fixture.deal.claimedByOthers(at: 10))
        let buyer = try await h.link()
        let order = try await h.order(
            [Fixture.line(Fixture.kettle, quantity: 2, price: Fixture.deal.dealPrice, dealID: offer.dealID)],
            token: buyer.accessToken, key: "deal")
        #expect(order.status == 201)
        #expect(try await deals("kettle")?.first?.unitsLeft == offer.unitsLeft - 2)
        // 550 s into the cycle the crowd has taken every unit: no deal to name.
        h.clock.advance(by: 540)
        #expect(try await deals("kettle") == nil, "the deal is sold out")
    }

    /// RFC 8628 §5.1: after ten unknown codes from one address, the page refuses every code from
    /// it (the right one too) with 429 and Retry-After until the oldest miss is ten minutes old.
    /// A storefront asks for the products near its screen (`?ids=`), not the whole catalog: the
    /// answer is those this marketplace sells, in id order, each once; more than 100 is refused.
    @Test func productsAskedByIDAreJustThoseAndAtMostAHundred() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        func ids(_ query: String) async throws -> [String] {
            try await h.get("/riverstone/api/v1/products?ids=\(query)").decode([MarketWire.ProductStock].self).map(\.productID)
        }
        #expect(try await ids("mug,kettle,somebody-elses,kettle") == ["kettle", "mug"])
        #expect(try await ids("") == [])
        #expect(try await ids(",,lamp,") == ["lamp"])
        let all = try await h.get("/riverstone/api/v1/products").decode([MarketWire.ProductStock].self)
        let named = try await h.get("/riverstone/api/v1/products?ids=mug,lamp,kettle").decode([MarketWire.ProductStock].self)
        #expect(named.sorted { $0.productID < $1.productID } == all.sorted { $0.productID < $1.productID })
        let hundred = (1...99).map { "p\($0)" }.joined(separator: ",")
        #expect(try await ids("mug," + hundred) == ["mug"])
        let tooMany = try await h.get("/riverstone/api/v1/products?ids=mug,p0," + hundred)
        #expect(tooMany.status == 400)
        #expect(try tooMany.decode(MarketWire.Problem.self).detail.contains("at most 100"))
    }

    @Test func guessingUserCodesIsStoppedAfterTenMisses() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let wrong = (0..<10).map { String(repeating: "BCDFGHJKLM".map(String.init)[$0], count: 8) }
        for (index, code) in wrong.enumerated() {
            let reply =
                index.isMultiple(of: 2)
                ? try await h.get("/riverstone/device?user_code=\(code)")
                : try await h.form("/riverstone/device", [("user_code", code), ("form_token", "x"), ("decision", "approve")])
            // A forged form is refused before any lookup, so it is no guess.
            #expect(reply.status == (index.isMultiple(of: 2) ? 404 : 400))
            h.clock.advance(by: 10)
        }
        for code in wrong.prefix(5) { #expect(try await h.get("/riverstone/device?user_code=\(code)X").status == 400) }
        for code in wrong.suffix(5) { #expect(try await h.get("/riverstone/device?user_code=\(code)").status == 404) }
        let started = try await h.startLink()
        let refused = try await h.get("/riverstone/device?user_code=\(started.userCode)")
        #expect(refused.status == 429)
        #expect(refused.text.contains("Too many codes were tried from here"))
        let wait = Int(refused.headers["retry-after"] ?? "") ?? 0
        #expect(wait == 600 - 100)
        h.clock.advance(by: TimeInterval(wait))
        // The first misses have aged out; the right code opens its page and approves.
        let decided = try await h.decide(started.userCode, "approve")
        #expect(decided.status == 200)
        #expect(try await h.poll(started.deviceCode).status == 200)
    }

    /// The page's form key lives in the database: a page opened before a restart still submits.
    @Test func aConfirmPageOpenedBeforeARestartCanBeSubmittedAfterIt() async throws {
        let path = Harness.temporaryDatabase()
        let clock = ManualClock(Fixture.start)
        let before = try await Harness(databasePath: path, clock: clock)
        let started = try await before.startLink()
        let page = try await before.get("/riverstone/device?user_code=\(started.userCode)")
        let token = try #require(Harness.hidden("form_token", in: page.text))
        await before.stop()
        let after = try await Harness(databasePath: path, clock: clock)
        defer { Task { await after.stop() } }
        let decided = try await after.form("/riverstone/device", [("user_code", started.userCode), ("form_token", token), ("decision", "approve")])
        #expect(decided.status == 200)
        #expect(decided.text.contains("you can return to your terminal"))
    }

    @Test func badInputIsRefusedWithTheRightStatus() async throws {
        let h = try await Harness()
        defer { Task { await h.stop() } }
        let buyer = try await h.link()
        let auth = ["Authorization": "Bearer \(buyer.accessToken)", "Idempotency-Key": "k"]
        let malformed = try await h.send("POST", "/riverstone/api/v1/orders", body: Data("{not json".utf8), contentType: "application/json", headers: auth)
        #expect(malformed.status == 400)
        #expect(try malformed.decode(MarketWire.Problem.self).code == .invalidRequest)
        let wrongType = try await h.send(
            "POST", "/riverstone/api/v1/quotes", body: Data(#"{"lines":"many","shipTo":{}}"#.utf8),
            contentType: "application/json", headers: auth)
        #expect(wrongType.status == 400)
        let huge = try await h.send(
            "POST", "/riverstone/api/v1/quotes", body: Data(repeating: 0x20, count: 70_000),
            contentType: "application/json", headers: auth)
        #expect(huge.status == 413)
        let unknown = try await h.get("/nowhere/api/v1/products")
        #expect(unknown.status == 404)
        #expect(try unknown.decode(MarketWire.Problem.self).code == .invalidRequest)
        #expect(try await h.get("/riverstone/api/v1/products/nope").status == 404)
        #expect(try await h.get("/riverstone/api/v1/me").status == 401)
        #expect(try await h.get("/riverstone/api/v1/me", token: "forged").status == 401)
        let noKey = try await h.json(
            "POST", "/riverstone/api/v1/orders",
            MarketWire.OrderBody(lines: [Fixture.line(Fixture.mug)], shipTo: Fixture.address, voucherCode: nil, expectedTotal: nil, quoteID: nil),
            token: buyer.accessToken)
        #expect(noKey.status == 400)
        let longKey = try await h.order([Fixture.line(Fixture.mug)], token: buyer.accessToken, key: String(repeating: "k", count: 201))
        #expect(longKey.status == 400)
        let zero = try await h.order([Fixture.line(Fixture.mug, quantity: 0)], token: buyer.accessToken, key: "zero")
        #expect(zero.status == 422)
        let empty = try await h.order([], token: buyer.accessToken, key: "empty")
        #expect(empty.status == 422)
        let noClient = try await h.form("/riverstone/oauth/device_authorization", [])
        #expect(try noClient.json()["error"] as? String == "invalid_request")
        let badClient = try await h.form("/riverstone/oauth/device_authorization", [("client_id", "evil")])
        #expect(try badClient.json()["error"] as? String == "invalid_client")

        let hostile = "<script>alert(1)</script>\"'&"
        let page = try await h.get("/riverstone/device?user_code=\(hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(page.status == 400)
        #expect(!page.text.contains("<script>"))
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
        let unknownCode = try await h.get("/riverstone/device?user_code=BCDF-GHJK")
        #expect(unknownCode.status == 404)
        #expect(unknownCode.text.contains("name=\"user_code\""))
    }

    @Test func aCorruptDatabaseIsAnErrorNamingTheFile() async throws {
        let path = Harness.temporaryDatabase()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        do {
            _ = try await Harness(databasePath: path)
            Issue.record("a corrupt database was opened")
        } catch let error as MarketServerError {
            #expect(error.description.contains(path))
        }
    }
}
