import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ShopCore

/// One marketplace spoken to over HTTP (docs/marketplace-api.yaml): the OAuth device grant
/// (RFC 8628) at the endpoints its RFC 8414 metadata names, and the shopping API below
/// `reelshop_api_base`. Every failure becomes a `MarketplaceError` the UI can word: problem
/// details keep their `code`, no answer or a 5xx is `.unavailable` (trying again is safe: orders
/// carry an idempotency key).
public struct HTTPMarketplace: MarketplaceService, DemoShopperApproving {
    public let id: String
    public let name: String
    /// The server's base, e.g. "http://127.0.0.1:8710"; the issuer is "<base>/<id>".
    public let baseURL: String
    /// nil: the process's `HTTPMarketplace.client`, made at the first request (not when the
    /// storefront starts: its event-loop threads cost a serve visitor's first frame 6 % of it).
    private let ownClient: HTTPClient?
    private let timeout: TimeAmount
    private let metadata: MetadataCache
    private let now: @Sendable () -> Date

    /// The process's client for marketplaces. AsyncHTTPClient's own shared client keeps trying a
    /// refused connection until its 10 s connect timeout; a marketplace that is not there should
    /// say so within a few seconds (the request as a whole still has `timeout`).
    public static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(3), read: .seconds(10))))

    /// The longest answer read from a marketplace (a quote or order is a few KiB).
    static let maximumResponseBytes = 1 << 20

    public init(
        id: String, name: String, baseURL: String, client: HTTPClient? = nil, timeout: TimeAmount = .seconds(10),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.id = id
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.ownClient = client
        self.timeout = timeout
        self.metadata = MetadataCache()
        self.now = now
    }

    // MARK: - Linking (RFC 8628)

    public func startLink() async throws(MarketplaceError) -> DeviceAuthorization {
        let endpoints = try await discover()
        let issued = now()
        let answer = try await send(.POST, endpoints.deviceAuthorizationEndpoint, form: ["client_id": MarketWire.clientID])
        guard answer.status == .ok else { throw oauthFailure(answer) }
        let body: MarketWire.DeviceAuthorizationResponse = try decode(answer)
        guard let userCode = UserCode(parsing: body.userCode), body.expiresIn > 0, !body.deviceCode.isEmpty else {
            throw MarketplaceError(.unavailable, "\(name) answered with a link code Reelshop cannot use; try again later.")
        }
        return DeviceAuthorization(
            marketplaceID: id, deviceCode: DeviceCode(unredactedValue: body.deviceCode), userCode: userCode,
            verificationURI: body.verificationURI, verificationURIComplete: body.verificationURIComplete, issuedAt: issued,
            expiresAt: issued.addingTimeInterval(Double(body.expiresIn)),
            interval: max(1, body.interval ?? DeviceAuthorization.defaultInterval))
    }

    public func pollLink(deviceCode: DeviceCode) async throws(MarketplaceError) -> LinkPollResult {
        let endpoints = try await discover()
        let answer = try await send(
            .POST, endpoints.tokenEndpoint,
            form: [
                "grant_type": MarketWire.deviceCodeGrantType, "device_code": deviceCode.unredactedValue, "client_id": MarketWire.clientID,
            ])
        if answer.status == .ok {
            let token: MarketWire.TokenResponse = try decode(answer)
            guard !token.accessToken.isEmpty else {
                throw MarketplaceError(.unavailable, "\(name) approved the link but sent no token; start linking again.")
            }
            return .linked(AccessToken(unredactedValue: token.accessToken))
        }
        guard let error = try? MarketWire.decoder().decode(MarketWire.OAuthError.self, from: answer.body) else {
            throw failure(answer)
        }
        switch error.error {
        case "authorization_pending": return .pending
        case "slow_down": return .slowDown(interval: error.interval ?? DeviceAuthorization.defaultInterval + DeviceAuthorization.slowDownIncrement)
        case "access_denied": return .denied
        case "expired_token": return .expired
        default: throw oauthFailure(answer)
        }
    }

    public func profile(token: AccessToken) async throws(MarketplaceError) -> LinkedProfile {
        var profile: LinkedProfile = try await api(.GET, "me", token: token)
        profile.marketplaceID = id
        return profile
    }

    public func unlink(token: AccessToken) async throws(MarketplaceError) {
        let endpoints = try await discover()
        let answer = try await send(
            .POST, endpoints.revocationEndpoint,
            form: [
                "token": token.unredactedValue, "token_type_hint": "access_token", "client_id": MarketWire.clientID,
            ])
        guard answer.status == .ok else { throw oauthFailure(answer) }
    }

    // MARK: - Buying

    public func stock(of productIDs: Set<String>) async throws(MarketplaceError) -> [StockLevel] {
        // Catalog ids are letters, digits, '-', '_' and '.' (never a comma); escaped all the same.
        let ids = productIDs.sorted().map(Self.queryEscaped)
        var levels: [StockLevel] = []
        for start in stride(from: 0, to: ids.count, by: Self.productIDsPerRequest) {
            let part = ids[start..<min(start + Self.productIDsPerRequest, ids.count)]
            let products: [MarketWire.ProductStock] = try await api(.GET, "products?ids=\(part.joined(separator: ","))", token: nil)
            levels += products.flatMap { product in
                product.variants.map { StockLevel(productID: product.productID, variantID: $0.variantID, available: $0.available) }
            }
        }
        return levels
    }

    /// The server's limit on the products one `GET …/products?ids=` names (MARKETPLACE-API.md).
    static let productIDsPerRequest = 100

    public func quote(lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, token: AccessToken) async throws(MarketplaceError) -> Quote {
        try await api(.POST, "quotes", token: token, body: MarketWire.QuoteBody(lines: lines, shipTo: shipTo, voucherCode: voucherCode))
    }

    public func placeOrder(_ request: PlaceOrderRequest, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder {
        let body = MarketWire.OrderBody(
            lines: request.lines, shipTo: request.shipTo, voucherCode: request.voucherCode, expectedTotal: request.expectedTotal,
            quoteID: request.quoteID)
        return try await api(.POST, "orders", token: token, body: body, headers: ["Idempotency-Key": request.idempotencyKey])
    }

    public func order(idempotencyKey: String, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder? {
        do throws(MarketplaceError) {
            return try await api(.GET, "orders?idempotency_key=\(Self.queryEscaped(idempotencyKey))", token: token) as PlacedOrder
        } catch  where error.kind == .unknownOrder {
            return nil
        }
    }

    public func orderStatus(orderID: String, token: AccessToken) async throws(MarketplaceError) -> OrderStatusReport {
        try await api(.GET, "orders/\(Self.pathEscaped(orderID))", token: token)
    }

    // MARK: - The verification page, as the demo shopper

    /// Opens the page for the code (as a phone would from the QR code), then submits its form
    /// with the page's own `form_token`.
    public func answerAsDemoShopper(userCode: UserCode, approve: Bool) async throws(MarketplaceError) {
        let endpoints = try await discover()
        let page = endpoints.reelshopVerificationURI
        let opened = try await send(.GET, "\(page)?user_code=\(userCode.display)")
        let html = String(decoding: opened.body, as: UTF8.self)
        guard opened.status == .ok, let formToken = Self.hiddenField("form_token", in: html) else {
            throw MarketplaceError(.invalidCode, "\(name) does not know the code \(userCode.display) (wrong, used or expired); start linking again.")
        }
        let answered = try await send(
            .POST, page,
            form: [
                "user_code": userCode.display, "decision": approve ? "approve" : "deny", "form_token": formToken,
            ])
        guard answered.status == .ok else {
            throw MarketplaceError(
                answered.status.code >= 500 ? .unavailable : .invalidCode,
                "\(name) did not accept the answer for \(userCode.display) (HTTP \(answered.status.code)).")
        }
    }

    // MARK: - Transport

    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var body: Data
    }

    private func discover() async throws(MarketplaceError) -> MarketWire.AuthorizationServerMetadata {
        if let known = await metadata.value { return known }
        let answer = try await send(.GET, "\(baseURL)/.well-known/oauth-authorization-server/\(Self.pathEscaped(id))")
        guard answer.status == .ok else {
            if answer.status == .notFound {
                throw MarketplaceError(.unavailable, "The marketplace server at \(baseURL) does not serve \(name) (\(id)).")
            }
            throw failure(answer)
        }
        let found = Self.reachedAt(baseURL, try decode(answer) as MarketWire.AuthorizationServerMetadata)
        await metadata.store(found)
        return found
    }

    /// The metadata with its endpoints moved to the origin this client reached the server at,
    /// when the server names itself by another one (its `--public-url`, the address phones use:
    /// a LAN name or tunnel the server's own machine may not reach). Only endpoints on the
    /// issuer's own origin move; the verification address the user is shown comes from the
    /// device authorization answer and keeps the public name.
    static func reachedAt(_ base: String, _ metadata: MarketWire.AuthorizationServerMetadata) -> MarketWire.AuthorizationServerMetadata {
        guard let issuerOrigin = origin(of: metadata.issuer), let baseOrigin = origin(of: base), issuerOrigin != baseOrigin else { return metadata }
        func moved(_ url: String) -> String { url.lowercased().hasPrefix(issuerOrigin + "/") ? baseOrigin + url.dropFirst(issuerOrigin.count) : url }
        var metadata = metadata
        metadata.deviceAuthorizationEndpoint = moved(metadata.deviceAuthorizationEndpoint)
        metadata.tokenEndpoint = moved(metadata.tokenEndpoint)
        metadata.revocationEndpoint = moved(metadata.revocationEndpoint)
        metadata.reelshopAPIBase = moved(metadata.reelshopAPIBase)
        metadata.reelshopVerificationURI = moved(metadata.reelshopVerificationURI)
        return metadata
    }

    /// "http://host:port" of a URL (scheme and authority, lower-cased), or nil.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased() else {
            return nil
        }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    private func api<Result: Decodable>(
        _ method: HTTPMethod, _ path: String, token: AccessToken?, body: (some Encodable)? = Optional<Int>.none,
        headers: [String: String] = [:]
    ) async throws(MarketplaceError) -> Result {
        let endpoints = try await discover()
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token.unredactedValue)" }
        let data: Data?
        do { data = try body.map { try MarketWire.encoder().encode($0) } } catch {
            throw MarketplaceError(.invalidRequest, "Reelshop could not write the request to \(name): \(error)")
        }
        let answer = try await send(method, "\(endpoints.reelshopAPIBase)/\(path)", json: data, headers: headers)
        guard (200..<300).contains(answer.status.code) else { throw failure(answer) }
        return try decode(answer)
    }

    private func send(
        _ method: HTTPMethod, _ url: String, form: [String: String]? = nil, json: Data? = nil, headers: [String: String] = [:]
    ) async throws(MarketplaceError) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "reelshop")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: Self.formEncoded(form)))
        } else if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        do {
            let response = try await (ownClient ?? Self.client).execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
            return Answer(status: response.status, body: Data(buffer.readableBytesView))
        } catch {
            throw MarketplaceError(.unavailable, "\(name) is not answering (\(Self.reason(error))); nothing was changed, try again.")
        }
    }

    private func decode<Value: Decodable>(_ answer: Answer) throws(MarketplaceError) -> Value {
        do { return try MarketWire.decoder().decode(Value.self, from: answer.body) } catch {
            throw MarketplaceError(.unavailable, "\(name) sent an answer Reelshop cannot read (HTTP \(answer.status.code)); try again later.")
        }
    }

    /// A problem-details answer keeps its kind and words; anything else is worded from the status.
    private func failure(_ answer: Answer) -> MarketplaceError {
        if let problem = try? MarketWire.decoder().decode(MarketWire.Problem.self, from: answer.body) {
            return MarketplaceError(problem.code, TerminalText.printable(problem.detail))
        }
        switch answer.status.code {
        case 401, 403: return MarketplaceError(.unauthorized, "\(name) no longer accepts this link; link the account again.")
        case 404: return MarketplaceError(.unavailable, "\(name) does not offer this here (HTTP 404); is --market the right server?")
        case 500...: return MarketplaceError(.unavailable, "\(name) had a problem (HTTP \(answer.status.code)); try again.")
        default: return MarketplaceError(.invalidRequest, "\(name) refused the request (HTTP \(answer.status.code)).")
        }
    }

    private func oauthFailure(_ answer: Answer) -> MarketplaceError {
        guard let error = try? MarketWire.decoder().decode(MarketWire.OAuthError.self, from: answer.body) else { return failure(answer) }
        let detail = error.errorDescription.map { ": " + TerminalText.printable($0) } ?? ""
        switch error.error {
        case "invalid_grant": return MarketplaceError(.invalidCode, "\(name) no longer knows this link\(detail); start linking again.")
        default: return MarketplaceError(.unavailable, "\(name) refused linking (\(TerminalText.printable(error.error))\(detail)).")
        }
    }

    // MARK: - Small pure helpers (tested)

    static func formEncoded(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\(queryEscaped($0.key))=\(queryEscaped($0.value))" }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters only; everything else percent-encoded (so `+`, `&`, `=` stay data).
    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func pathEscaped(_ text: String) -> String { queryEscaped(text) }

    /// The value of `<input type="hidden" name="NAME" value="…">` in a page, unescaped.
    static func hiddenField(_ field: String, in html: String) -> String? {
        guard let nameRange = html.range(of: "name=\"\(field)\"") else { return nil }
        let tagStart = html[..<nameRange.lowerBound].lastIndex(of: "<") ?? html.startIndex
        guard let tagEnd = html[nameRange.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = html[tagStart..<tagEnd]
        guard let valueRange = tag.range(of: "value=\"") else { return nil }
        let rest = tag[valueRange.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "no answer in time"
            case .remoteConnectionClosed: return "the connection closed"
            default: break
            }
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return "no connection"
    }
}

/// The marketplace's RFC 8414 metadata, fetched once per process.
actor MetadataCache {
    var value: MarketWire.AuthorizationServerMetadata?
    func store(_ metadata: MarketWire.AuthorizationServerMetadata) { value = metadata }
}
