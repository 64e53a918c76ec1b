import Foundation
import ShopCore

/// The verification page of RFC 8628 §3.3: enter the code, confirm who is linking, approve or
/// deny. Plain HTML and CSS that reads on a phone; no JavaScript; every value escaped.
struct DevicePage: Sendable {
    let store: MarketStore
    let formKey: [UInt8]
    let attempts: CodeAttempts

    func formToken(_ code: UserCode, market: Marketplace) -> String {
        Secrets.hmac(key: formKey, message: "\(market.id)\u{0}\(code.normalized)")
    }

    /// A page and its status; `retryAfter` (seconds) when the client is refused for guessing.
    struct Answer: Sendable {
        var status: Int
        var html: String
        var retryAfter: Int? = nil
    }

    func get(market: Marketplace, userCode raw: String?, client: String) async -> Answer {
        guard let raw else {
            return Answer(
                status: 200,
                html: Self.document(title: "Link a device — \(market.name)", body: "<h1>\(Self.escape(market.name))</h1>" + Self.enterForm(market: market)))
        }
        guard let code = UserCode(parsing: raw) else {
            return Self.problem(400, market, "“\(raw.prefix(80))” is not a code like BCDF-GHJK. Check the code on your terminal and enter it again.")
        }
        if let refused = throttled(market, client) { return refused }
        let lookup: MarketStore.PageLookup
        do { lookup = try await store.pendingGrant(marketplaceID: market.id, userCode: code) } catch {
            return Self.problem(503, market, "The marketplace could not look the code up; try again in a moment.")
        }
        if let failure = failure(lookup, market, code, client) { return failure }
        let persona = DemoPersona.forMarketplace(market.id)
        let membership = persona.membership.map { $0.name } ?? "None"
        let consent = [
            ("Name", persona.name), ("Email", LinkedProfile.mask(email: persona.email)),
            ("Shipping address", persona.address.oneLine), ("Payment method", "\(persona.paymentMethod.brand) ending \(persona.paymentMethod.last4)"),
            ("Membership", membership),
        ].map { "<li><b>\(Self.escape($0.0)):</b> \(Self.escape($0.1))</li>" }.joined()
        let body = """
            <h1>\(Self.escape(market.name))</h1>
            <p>Reelshop is asking to link to your account with the code</p>
            <p class="code">\(Self.escape(code.display))</p>
            <p>Only approve if this code is the one on your terminal.</p>
            <h2>Continue as \(Self.escape(persona.name)) (demo shopper)</h2>
            <p>Reelshop will see:</p>
            <ul>\(consent)</ul>
            <p>and may place orders you confirm in Reelshop.</p>
            <form method="post" action="/\(Self.escape(market.id))/device">
            <input type="hidden" name="user_code" value="\(Self.escape(code.display))">
            <input type="hidden" name="form_token" value="\(Self.escape(formToken(code, market: market)))">
            <button id="approve" name="decision" value="approve">Approve</button>
            <button id="deny" name="decision" value="deny" class="secondary">Deny</button>
            </form>
            """
        return Answer(status: 200, html: Self.document(title: "Approve Reelshop — \(market.name)", body: body))
    }

    func post(market: Marketplace, form: [String: String], client: String) async -> Answer {
        guard let raw = form["user_code"], let code = UserCode(parsing: raw) else {
            return Self.problem(400, market, "That is not a code like BCDF-GHJK. Enter the code your terminal shows.")
        }
        guard let token = form["form_token"], Secrets.equal(token, formToken(code, market: market)) else {
            return Self.problem(400, market, "This form is out of date or was not made for this code. Enter the code again to see the request.")
        }
        let approve: Bool
        switch form["decision"] {
        case "approve": approve = true
        case "deny": approve = false
        default: return Self.problem(400, market, "Choose Approve or Deny.")
        }
        if let refused = throttled(market, client) { return refused }
        let lookup: MarketStore.PageLookup
        do { lookup = try await store.decide(marketplaceID: market.id, userCode: code, approve: approve) } catch {
            return Self.problem(503, market, "The marketplace could not record your answer; try again in a moment.")
        }
        if let failure = failure(lookup, market, code, client) { return failure }
        return approve
            ? Answer(
                status: 200,
                html: Self.document(
                    title: "Approved", body: "<h1>Approved — you can return to your terminal</h1><p>Reelshop is now linked to \(Self.escape(market.name)).</p>")
            )
            : Answer(
                status: 200,
                html: Self.document(
                    title: "Denied", body: "<h1>Denied — Reelshop was not linked</h1><p>You can close this page. Nothing was shared with Reelshop.</p>"))
    }

    /// 429 while `client` has asked for too many unknown codes (RFC 8628 §5.1).
    private func throttled(_ market: Marketplace, _ client: String) -> Answer? {
        guard let wait = attempts.wait(client: client, at: store.now()) else { return nil }
        let minutes = (wait + 59) / 60
        var answer = Self.problem(
            429, market, "Too many codes were tried from here. Wait \(minutes) minute\(minutes == 1 ? "" : "s"), then enter the code your terminal shows.")
        answer.retryAfter = wait
        return answer
    }

    private func failure(_ lookup: MarketStore.PageLookup, _ market: Marketplace, _ code: UserCode, _ client: String) -> Answer? {
        switch lookup {
        case .pending: return nil
        case .unknown:
            attempts.miss(client: client, at: store.now())
            return Self.problem(404, market, "\(market.name) does not know the code \(code.display). Check it on your terminal and enter it again.")
        case .expired: return Self.problem(400, market, "The code \(code.display) has expired. Start linking again on your terminal for a new code.")
        case .used: return Self.problem(400, market, "The code \(code.display) was already used. Start linking again on your terminal if you need to.")
        }
    }

    static func problem(_ status: Int, _ market: Marketplace, _ sentence: String) -> Answer {
        Answer(
            status: status,
            html: document(
                title: "Code not accepted — \(market.name)",
                body: "<h1>\(escape(market.name))</h1><p class=\"error\">\(escape(sentence))</p>" + enterForm(market: market)))
    }

    static func enterForm(market: Marketplace) -> String {
        """
        <form method="get" action="/\(escape(market.id))/device">
        <label for="user_code">Enter the code shown on your terminal</label>
        <input id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" placeholder="BCDF-GHJK" maxlength="12" required>
        <button id="continue">Continue</button>
        </form>
        """
    }

    static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
        .code{font:700 2rem ui-monospace,monospace;letter-spacing:.15em}
        .error{color:#a00}
        input{font-size:1.25rem;padding:.5rem;width:100%;box-sizing:border-box;text-transform:uppercase}
        button{font-size:1.1rem;padding:.6rem 1.4rem;margin:.5rem .5rem 0 0;border:0;border-radius:.4rem;background:#0a6;color:#fff}
        button.secondary{background:#777}
        </style></head>
        <body>
        \(body)
        </body></html>
        """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
