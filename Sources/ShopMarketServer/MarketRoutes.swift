import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ShopCore

/// The HTTP face of the store: OAuth endpoints (form in, RFC 6749 JSON out), the verification
/// page (HTML), and the shopping API (JSON in, JSON or problem+json out).
struct MarketRoutes: Sendable {
    let store: MarketStore
    let catalog: Catalog
    let publicBase: String?
    let fallbackBase: BoundPort
    let logger: Logger
    /// Ties a confirm page's form to its code (HMAC); kept in the database, so a page opened
    /// before a restart can still be submitted.
    let formKey: [UInt8]
    let codeAttempts = CodeAttempts()

    static let bodyLimit = 64 * 1024
    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    var base: String { publicBase ?? fallbackBase.base ?? "http://127.0.0.1" }

    func router() -> Router<MarketRequestContext> {
        let router = Router(context: MarketRequestContext.self)
        router.middlewares.add(AccessLog(logger: logger))
        router.get("/marketplaces") { _, _ in
            let list = catalog.marketplaces.map { Listing(id: $0.id, name: $0.name, issuer: "\(base)/\($0.id)") }
            return Self.json(200, ["marketplaces": list])
        }
        router.get("/.well-known/oauth-authorization-server/{m}") { _, context in
            await guarded {
                let market = try marketplace(context)
                let issuer = "\(base)/\(market.id)"
                return Self.json(
                    200,
                    MarketWire.AuthorizationServerMetadata(
                        issuer: issuer, deviceAuthorizationEndpoint: "\(issuer)/oauth/device_authorization",
                        tokenEndpoint: "\(issuer)/oauth/token", revocationEndpoint: "\(issuer)/oauth/revoke",
                        grantTypesSupported: [MarketWire.deviceCodeGrantType, "refresh_token"],
                        tokenEndpointAuthMethodsSupported: ["none"], serviceDocumentation: "\(base)/docs/MARKETPLACE-API.md",
                        reelshopAPIBase: "\(issuer)/api/v1", reelshopVerificationURI: "\(issuer)/device"))
            }
        }
        router.post("/{m}/oauth/device_authorization") { request, context in
            await guarded {
                let market = try marketplace(context)
                let form = try await Self.form(request)
                try Self.checkClient(form, required: true)
                let started = try await store.startGrant(marketplaceID: market.id)
                let verification = "\(base)/\(market.id)/device"
                return Self.json(
                    200,
                    MarketWire.DeviceAuthorizationResponse(
                        deviceCode: started.deviceCode, userCode: started.userCode.display, verificationURI: verification,
                        verificationURIComplete: "\(verification)?user_code=\(started.userCode.display)",
                        expiresIn: Int(DeviceAuthorization.lifetime), interval: DeviceAuthorization.defaultInterval), noStore: true)
            }
        }
        router.post("/{m}/oauth/token") { request, context in
            await guarded {
                let market = try marketplace(context)
                let form = try await Self.form(request)
                switch form["grant_type"] {
                case MarketWire.deviceCodeGrantType?:
                    try Self.checkClient(form, required: true)
                    guard let code = form["device_code"], !code.isEmpty else { throw APIFailure.oauth("invalid_request", "device_code is missing.") }
                    return Self.json(200, try await store.pollGrant(marketplaceID: market.id, deviceCode: code), noStore: true)
                case "refresh_token"?:
                    try Self.checkClient(form, required: false)
                    guard let token = form["refresh_token"], !token.isEmpty else { throw APIFailure.oauth("invalid_request", "refresh_token is missing.") }
                    return Self.json(200, try await store.refresh(marketplaceID: market.id, refreshToken: token), noStore: true)
                case nil: throw APIFailure.oauth("invalid_request", "grant_type is missing.")
                default: throw APIFailure.oauth("unsupported_grant_type", "Only the device code and refresh token grants are supported.")
                }
            }
        }
        router.post("/{m}/oauth/revoke") { request, context in
            await guarded {
                let market = try marketplace(context)
                let form = try await Self.form(request)
                guard let token = form["token"], !token.isEmpty else { throw APIFailure.oauth("invalid_request", "token is missing.") }
                try await store.revoke(marketplaceID: market.id, token: token)
                return Response(status: .ok, headers: [.cacheControl: "no-store"])
            }
        }
        let page = DevicePage(store: store, formKey: formKey, attempts: codeAttempts)
        router.get("/{m}/device") { request, context in
            guard let market = catalog.marketplaces.first(where: { $0.id == context.parameters.get("m") }) else {
                return Self.html(404, DevicePage.document(title: "Unknown marketplace", body: "<p>There is no marketplace here by that name.</p>"))
            }
            return Self.html(await page.get(market: market, userCode: request.uri.queryParameters.get("user_code"), client: context.client))
        }
        router.post("/{m}/device") { request, context in
            guard let market = catalog.marketplaces.first(where: { $0.id == context.parameters.get("m") }) else {
                return Self.html(404, DevicePage.document(title: "Unknown marketplace", body: "<p>There is no marketplace here by that name.</p>"))
            }
            let form: [String: String]
            do { form = try await Self.form(request) } catch {
                return Self.html(
                    400,
                    DevicePage.document(
                        title: "Could not read the form",
                        body: "<p>The form could not be read; enter the code again.</p>" + DevicePage.enterForm(market: market)))
            }
            return Self.html(await page.post(market: market, form: form, client: context.client))
        }
        router.get("/{m}/api/v1/products") { request, context in
            await guarded {
                let market = try marketplace(context)
                let caller = try await optionalBuyer(request, market)
                let wanted = try Self.productIDs(request.uri.queryParameters.get("ids"))
                return Self.json(200, try await store.products(marketplaceID: market.id, productIDs: wanted, buyerID: caller))
            }
        }
        router.get("/{m}/api/v1/products/{product}") { request, context in
            await guarded {
                let market = try marketplace(context)
                let caller = try await optionalBuyer(request, market)
                let id = context.parameters.get("product") ?? ""
                guard let product = try await store.products(marketplaceID: market.id, productIDs: [id], buyerID: caller).first
                else {
                    throw APIFailure.problem(404, .unknownProduct, "\(market.name) does not sell that product.")
                }
                return Self.json(200, product)
            }
        }
        router.get("/{m}/api/v1/me") { request, context in
            await guarded {
                let market = try marketplace(context)
                _ = try await buyer(request, market)
                let persona = DemoPersona.forMarketplace(market.id)
                return Self.json(
                    200,
                    LinkedProfile(
                        marketplaceID: market.id, name: persona.name, maskedEmail: LinkedProfile.mask(email: persona.email),
                        shippingAddress: persona.address, paymentMethod: persona.paymentMethod, membership: persona.membership))
            }
        }
        router.post("/{m}/api/v1/quotes") { request, context in
            await guarded {
                let market = try marketplace(context)
                let buyer = try await buyer(request, market)
                let body = try await Self.decode(MarketWire.QuoteBody.self, request)
                return Self.json(200, try await store.quote(marketplace: market, buyerID: buyer, body: body))
            }
        }
        router.post("/{m}/api/v1/orders") { request, context in
            await guarded {
                let market = try marketplace(context)
                let buyer = try await buyer(request, market)
                let key = try Self.idempotencyKey(request.headers[Self.idempotencyHeader])
                let body = try await Self.decode(MarketWire.OrderBody.self, request)
                let (order, created) = try await store.placeOrder(marketplace: market, buyerID: buyer, idempotencyKey: key, body: body)
                return Self.json(created ? 201 : 200, order)
            }
        }
        router.get("/{m}/api/v1/orders") { request, context in
            await guarded {
                let market = try marketplace(context)
                let buyer = try await buyer(request, market)
                let key = try Self.idempotencyKey(request.uri.queryParameters.get("idempotency_key"))
                guard let order = try await store.order(marketplaceID: market.id, buyerID: buyer, idempotencyKey: key) else {
                    throw APIFailure.problem(404, .unknownOrder, "\(market.name) has no order under that idempotency key.")
                }
                return Self.json(200, order)
            }
        }
        router.get("/{m}/api/v1/orders/{order}") { request, context in
            await guarded {
                let market = try marketplace(context)
                let buyer = try await buyer(request, market)
                let id = context.parameters.get("order") ?? ""
                guard let report = try await store.status(marketplaceID: market.id, buyerID: buyer, orderID: id) else {
                    throw APIFailure.problem(404, .unknownOrder, "\(market.name) has no order \(id.prefix(60)).")
                }
                return Self.json(200, report)
            }
        }
        return router
    }

    struct Listing: Codable, Sendable {
        var id: String
        var name: String
        var issuer: String
    }

    // MARK: - Helpers

    /// Runs a handler, turning every refusal into its wire form; nothing unexpected escapes as a crash.
    private func guarded(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let failure as APIFailure {
            switch failure {
            case .problem(let status, let problem):
                var headers: HTTPFields = [.contentType: "application/problem+json"]
                if status == 401 { headers[.wwwAuthenticate] = "Bearer" }
                return Self.response(status, try? MarketWire.encoder().encode(problem), headers: headers)
            case .oauth(let status, let error):
                return Self.response(
                    status, try? MarketWire.encoder().encode(error),
                    headers: [.contentType: "application/json", .cacheControl: "no-store"])
            }
        } catch is NIOTooManyBytesError {
            return problemResponse(413, .invalidRequest, "The request body is larger than \(Self.bodyLimit / 1024) KiB.")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return problemResponse(413, .invalidRequest, "The request body is larger than \(Self.bodyLimit / 1024) KiB.")
        } catch {
            logger.error("request failed", metadata: ["error": "\(error)"])
            return problemResponse(503, .unavailable, "The marketplace could not complete the request; try again.")
        }
    }

    private func problemResponse(_ status: Int, _ kind: MarketplaceError.Kind, _ detail: String) -> Response {
        let problem = MarketWire.Problem(title: APIFailure.title(status), status: status, detail: detail, code: kind)
        return Self.response(status, try? MarketWire.encoder().encode(problem), headers: [.contentType: "application/problem+json"])
    }

    private func marketplace(_ context: MarketRequestContext) throws -> Marketplace {
        guard let id = context.parameters.get("m"), let market = store.marketplace(id) else {
            throw APIFailure.problem(404, .invalidRequest, "There is no marketplace here by that id.")
        }
        return market
    }

    /// Products need no token; one that is sent must be valid (its own holds then count as available).
    private func optionalBuyer(_ request: Request, _ market: Marketplace) async throws -> Int64? {
        request.headers[.authorization] == nil ? nil : try await buyer(request, market)
    }

    private func buyer(_ request: Request, _ market: Marketplace) async throws -> Int64 {
        guard let header = request.headers[.authorization] else {
            throw APIFailure.problem(401, .unauthorized, "This call needs an Authorization: Bearer access token.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIFailure.problem(401, .unauthorized, "The Authorization header must be \"Bearer <access token>\".")
        }
        return try await store.buyer(marketplaceID: market.id, accessToken: String(parts[1]))
    }

    /// Most products one `GET …/products?ids=` names (a storefront asks for those near its
    /// screen: a dozen or so).
    static let productIDsLimit = 100

    /// `?ids=a,b,c`: just those products (unknown ones are left out); absent: every product.
    static func productIDs(_ value: String?) throws -> Set<String>? {
        guard let value else { return nil }
        let ids = value.split(separator: ",", omittingEmptySubsequences: true)
        guard ids.count <= productIDsLimit else {
            throw APIFailure.problem(400, .invalidRequest, "Ask for at most \(productIDsLimit) products at a time (ids=a,b,c).")
        }
        return Set(ids.map(String.init))
    }

    static func idempotencyKey(_ value: String?) throws -> String {
        guard let value, !value.isEmpty else {
            throw APIFailure.problem(400, .invalidRequest, "An Idempotency-Key (1 to 200 printable characters) is required.")
        }
        guard value.count <= 200, value.unicodeScalars.allSatisfy({ (0x20...0x7e).contains($0.value) }),
            !value.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw APIFailure.problem(400, .invalidRequest, "The Idempotency-Key must be 1 to 200 printable ASCII characters.")
        }
        return value
    }

    static func body(_ request: Request) async throws -> Data {
        var request = request
        let buffer = try await request.collectBody(upTo: bodyLimit)
        return Data(buffer.readableBytesView)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let data = try await body(request)
        do {
            return try MarketWire.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIFailure.problem(400, .invalidRequest, "The JSON body could not be read: \(describe(error))")
        } catch {
            throw APIFailure.problem(400, .invalidRequest, "The body is not JSON.")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the body" : text
        }
        switch error {
        case .typeMismatch(_, let context): return "\(path(context)) has the wrong type."
        case .valueNotFound(_, let context): return "\(path(context)) is null."
        case .keyNotFound(let key, let context): return "\(path(context)) lacks \"\(key.stringValue)\"."
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "it is not valid JSON." : "\(path(context)) is invalid."
        @unknown default: return "it does not match the schema."
        }
    }

    /// An `application/x-www-form-urlencoded` body; a repeated parameter is refused (RFC 6749 §3.1).
    static func form(_ request: Request) async throws -> [String: String] {
        let data = try await body(request)
        guard let text = String(data: data, encoding: .utf8) else { throw APIFailure.oauth("invalid_request", "The form is not UTF-8.") }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? { String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw APIFailure.oauth("invalid_request", "The form is not well encoded.")
            }
            guard fields[name] == nil else { throw APIFailure.oauth("invalid_request", "The parameter \(name.prefix(40)) is repeated.") }
            fields[name] = value
        }
        return fields
    }

    static func checkClient(_ form: [String: String], required: Bool) throws {
        switch form["client_id"] {
        case nil where required: throw APIFailure.oauth("invalid_request", "client_id is missing.")
        case nil, MarketWire.clientID?: return
        default: throw APIFailure.oauth("invalid_client", "Unknown client; this server serves client_id=\(MarketWire.clientID).")
        }
    }

    static func json(_ status: Int, _ value: some Encodable, noStore: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if noStore { headers[.cacheControl] = "no-store" }
        return response(status, try? MarketWire.encoder().encode(value), headers: headers)
    }

    static func html(_ status: Int, _ text: String) -> Response {
        html(DevicePage.Answer(status: status, html: text))
    }

    static func html(_ answer: DevicePage.Answer) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            HTTPField.Name("X-Frame-Options")!: "DENY",
        ]
        if let wait = answer.retryAfter { headers[.retryAfter] = String(wait) }
        return response(answer.status, Data(answer.html.utf8), headers: headers)
    }

    static func response(_ status: Int, _ data: Data?, headers: HTTPFields) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data ?? Data())))
    }
}

/// Hummingbird's basic context plus the peer's address (the verification page counts wrong codes
/// per address).
struct MarketRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's IP address ("unknown" for a Unix socket or a closed channel).
    let client: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// One stderr line per request: method, path without its query, status, milliseconds. Never
/// headers or bodies (tokens and codes travel there).
struct AccessLog<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        do {
            let response = try await next(request, context)
            log(request, path, response.status.code, start)
            return response
        } catch {
            log(request, path, (error as? HTTPError)?.status.code ?? 500, start)
            throw error
        }
    }

    private func log(_ request: Request, _ path: String, _ status: Int, _ start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method.rawValue) \(path.prefix(200)) \(status) \(String(format: "%.1f", ms))ms")
    }
}
