import Foundation
import Testing

/// Issue 13's "done means", every part real: a presenter runs `reelshop serve --public-url`, a
/// stakeholder SSHes in with the real OpenSSH client and presses buy; the link screen's QR code,
/// read from a picture of the terminal, names the public address; headless Chromium opens it
/// and approves as a phone would; the order is placed at the marketplace once, and another
/// visitor who was already looking at the product sees its stock one lower.
@Suite(.serialized) struct StakeholderDemoTests {
    @Test func aVisitorBuysThroughAPhoneApprovalAndTheOthersSeeTheStockDrop() throws {
        if let reason = SSHE2E.missingPrerequisite() { print("skipping: \(reason)"); return }
        // The marketplace listens on the public URL's port, which has to be chosen before serve
        // starts: another process (any outgoing connection's ephemeral port) can take it in
        // between, so a port found taken is chosen again.
        var started: (url: String, fixture: SSHServeTests.Fixture)?
        for attempt in 1...3 where started == nil {
            let url = "http://127.0.0.1:\(SSHE2E.freePort())"
            do {
                started = (url, try SSHServeTests.Fixture(authorize: ["A", "B"], extra: ["--public-url", url]))
            } catch  where attempt < 3 && "\(error)".contains("Address already in use") {
                continue
            }
        }
        guard let (publicURL, fixture) = started else { return }
        #expect(fixture.server.banner.contains(publicURL), "the banner names the phones' address:\n\(fixture.server.banner)")

        // The other visitor is on the claw clip's product sheet (its first option, tortoise).
        let other = try fixture.visit(key: fixture.keyB, width: 100, height: 30)
        #expect(other.waitFor("For You"), "no feed:\n\(other.screen())")
        let before = try Self.available(publicURL, "claw-clip", "tortoise")
        other.send("\r")
        #expect(other.waitFor("\(before) in stock"), "the sheet shows the marketplace's stock:\n\(other.screen())")

        // The stakeholder: buy now, the first option, not linked yet -> consent -> the link screen.
        let buyer = try fixture.visit(key: fixture.keyA, width: 100, height: 30)
        #expect(buyer.waitFor("For You"), "no feed:\n\(buyer.screen())")
        buyer.send("b")
        #expect(buyer.waitFor("Choose a colour"), "\(buyer.screen())")
        buyer.send("l")  // the first colour in stock (tortoise)
        #expect(buyer.waitFor("Buy now"), "\(buyer.screen())")
        buyer.send("\r")
        #expect(buyer.waitFor("Not linked"), "\(buyer.screen())")
        buyer.send("\r")
        #expect(buyer.waitFor("will share with Reelshop"), "\(buyer.screen())")
        buyer.send("\r")
        #expect(buyer.waitFor("Expires in"), "no link screen:\n\(buyer.screen())")
        #expect(buyer.screen().contains("\(publicURL)/riverstone/device"), "the page named in words is the public one:\n\(buyer.screen())")

        // The phone: the QR code, scanned from a picture of the terminal, opened in Chromium.
        let scanned = try QRScan.scan(screenWithEscapes: buyer.screenWithEscapes(), width: 100, height: 30)
        let url = scanned.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(scanned.status == 0 && url.hasPrefix("\(publicURL)/riverstone/device?user_code="), "\(scanned)\n\(buyer.screen())")
        let phone = try run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", packageRoot.appendingPathComponent("scripts/browser-verify").path, url, "approve"],
            environment: ProcessInfo.processInfo.environment, timeout: 90)
        #expect(phone.status == 0, "\(phone)")

        // Back in the terminal within one poll interval; the order is placed once.
        #expect(buyer.waitFor("to place 1 order", timeout: 20), "\(buyer.screen())")
        buyer.send("\r")
        #expect(buyer.waitFor("Place 1 order for $"), "\(buyer.screen())")
        buyer.send("y")
        #expect(buyer.waitFor("Placed 1 order", timeout: 30), "\(buyer.screen())")
        let database = fixture.server.dataDirectory.appendingPathComponent("marketplace.sqlite")
        #expect(MarketDatabase.orders(in: database, marketplaceID: "riverstone").count == 1)
        #expect(try Self.available(publicURL, "claw-clip", "tortoise") == before - 1)

        // The other visitor moves (closes the sheet and opens it again) and sees one fewer.
        Thread.sleep(forTimeInterval: 3)
        other.send("\u{1B}")
        Thread.sleep(forTimeInterval: 0.3)
        other.send("\r")
        #expect(other.waitFor("\(before - 1) in stock", timeout: 15), "the other visitor still sees the old stock:\n\(other.screen())")
        #expect(!fixture.server.log.contains("rst_"), "no token in the server's log")
        for visitor in [buyer, other] {
            for _ in 0..<3 {
                visitor.send("\u{1B}")
                Thread.sleep(forTimeInterval: 0.3)
            }
            #expect(visitor.waitFor("j/k scroll"), "not back on the feed:\n\(visitor.screen())")
            fixture.quit(visitor)
        }
    }

    /// `available` of one variant, as anyone may ask the marketplace (GET …/products/{id}).
    static func available(_ base: String, _ product: String, _ variant: String) throws -> Int {
        let data = try Data(contentsOf: URL(string: "\(base)/riverstone/api/v1/products/\(product)")!)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let variants = object["variants"] as? [[String: Any]],
            let units = variants.first(where: { $0["variantID"] as? String == variant })?["available"] as? Int
        else { throw E2EError("GET products/\(product) answered: \(String(decoding: data, as: UTF8.self))") }
        return units
    }
}
