import Foundation

/// The marketplace API's JSON, shared by the server (ShopMarketServer) and its client
/// (ShopMarketHTTP) so the two cannot drift; docs/marketplace-api.yaml is the contract.
///
/// Dates are RFC 3339 strings, money is `{"minorUnits": 1299, "currency": "USD"}`, OAuth
/// bodies use the RFCs' snake_case names, everything else the model's camelCase names.
public enum MarketWire {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The grant type of RFC 8628 §3.4.
    public static let deviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code"
    /// The client id Reelshop sends (a public client: no secret, RFC 8628 §3.1).
    public static let clientID = "reelshop"

    /// RFC 8414 authorization server metadata, one per marketplace.
    public struct AuthorizationServerMetadata: Codable, Sendable, Equatable {
        public var issuer: String
        public var deviceAuthorizationEndpoint: String
        public var tokenEndpoint: String
        public var revocationEndpoint: String
        public var grantTypesSupported: [String]
        public var tokenEndpointAuthMethodsSupported: [String]
        public var serviceDocumentation: String?
        /// Not in RFC 8414: where this marketplace's shopping API starts ("<issuer>/api/v1").
        public var reelshopAPIBase: String
        /// Not in RFC 8414: the verification page (also in every device authorization response).
        public var reelshopVerificationURI: String

        public init(
            issuer: String, deviceAuthorizationEndpoint: String, tokenEndpoint: String, revocationEndpoint: String,
            grantTypesSupported: [String], tokenEndpointAuthMethodsSupported: [String], serviceDocumentation: String?,
            reelshopAPIBase: String, reelshopVerificationURI: String
        ) {
            self.issuer = issuer
            self.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint
            self.tokenEndpoint = tokenEndpoint
            self.revocationEndpoint = revocationEndpoint
            self.grantTypesSupported = grantTypesSupported
            self.tokenEndpointAuthMethodsSupported = tokenEndpointAuthMethodsSupported
            self.serviceDocumentation = serviceDocumentation
            self.reelshopAPIBase = reelshopAPIBase
            self.reelshopVerificationURI = reelshopVerificationURI
        }

        enum CodingKeys: String, CodingKey {
            case issuer
            case deviceAuthorizationEndpoint = "device_authorization_endpoint"
            case tokenEndpoint = "token_endpoint"
            case revocationEndpoint = "revocation_endpoint"
            case grantTypesSupported = "grant_types_supported"
            case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
            case serviceDocumentation = "service_documentation"
            case reelshopAPIBase = "reelshop_api_base"
            case reelshopVerificationURI = "reelshop_verification_uri"
        }
    }

    /// RFC 8628 §3.2.
    public struct DeviceAuthorizationResponse: Codable, Sendable, Equatable {
        public var deviceCode: String
        public var userCode: String
        public var verificationURI: String
        public var verificationURIComplete: String?
        public var expiresIn: Int
        public var interval: Int?

        public init(deviceCode: String, userCode: String, verificationURI: String, verificationURIComplete: String?, expiresIn: Int, interval: Int?) {
            self.deviceCode = deviceCode
            self.userCode = userCode
            self.verificationURI = verificationURI
            self.verificationURIComplete = verificationURIComplete
            self.expiresIn = expiresIn
            self.interval = interval
        }

        enum CodingKeys: String, CodingKey {
            case deviceCode = "device_code"
            case userCode = "user_code"
            case verificationURI = "verification_uri"
            case verificationURIComplete = "verification_uri_complete"
            case expiresIn = "expires_in"
            case interval
        }
    }

    /// RFC 6749 §5.1, as RFC 8628 §3.5 returns it.
    public struct TokenResponse: Codable, Sendable, Equatable {
        public var accessToken: String
        public var tokenType: String
        public var expiresIn: Int?
        public var refreshToken: String?
        public var scope: String?

        public init(accessToken: String, tokenType: String, expiresIn: Int?, refreshToken: String?, scope: String?) {
            self.accessToken = accessToken
            self.tokenType = tokenType
            self.expiresIn = expiresIn
            self.refreshToken = refreshToken
            self.scope = scope
        }

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case tokenType = "token_type"
            case expiresIn = "expires_in"
            case refreshToken = "refresh_token"
            case scope
        }
    }

    /// RFC 6749 §5.2 (with RFC 8628's `authorization_pending`, `slow_down`, `access_denied`,
    /// `expired_token`). `interval` is not in the RFCs: the interval now in force after `slow_down`.
    public struct OAuthError: Codable, Sendable, Equatable, Error {
        public var error: String
        public var errorDescription: String?
        public var interval: Int?

        public init(error: String, errorDescription: String? = nil, interval: Int? = nil) {
            self.error = error
            self.errorDescription = errorDescription
            self.interval = interval
        }

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
            case interval
        }
    }

    /// RFC 9457 problem details (`application/problem+json`) for every other error. `code` is
    /// `MarketplaceError.Kind`, so a client turns it back into the same error the UI words.
    public struct Problem: Codable, Sendable, Equatable, Error {
        public var type: String
        public var title: String
        public var status: Int
        public var detail: String
        public var code: MarketplaceError.Kind

        public init(type: String = "about:blank", title: String, status: Int, detail: String, code: MarketplaceError.Kind) {
            self.type = type
            self.title = title
            self.status = status
            self.detail = detail
            self.code = code
        }
    }

    /// POST /quotes.
    public struct QuoteBody: Codable, Sendable, Equatable {
        public var lines: [OrderLine]
        public var shipTo: ShippingAddress
        public var voucherCode: String?

        public init(lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?) {
            self.lines = lines
            self.shipTo = shipTo
            self.voucherCode = voucherCode
        }
    }

    /// POST /orders; the idempotency key travels in the `Idempotency-Key` header.
    public struct OrderBody: Codable, Sendable, Equatable {
        public var lines: [OrderLine]
        public var shipTo: ShippingAddress
        public var voucherCode: String?
        public var expectedTotal: Money?
        /// The quote whose stock hold this order uses, when the client has one.
        public var quoteID: String?

        public init(lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, expectedTotal: Money?, quoteID: String?) {
            self.lines = lines
            self.shipTo = shipTo
            self.voucherCode = voucherCode
            self.expectedTotal = expectedTotal
            self.quoteID = quoteID
        }
    }

    /// GET /products: live price and stock per variant, and the flash deals running on it now.
    public struct ProductStock: Codable, Sendable, Equatable {
        public var productID: String
        public var title: String
        public var variants: [VariantStock]
        /// Absent when no deal runs (and from servers that do not tell).
        public var flashDeals: [DealOffer]?

        public init(productID: String, title: String, variants: [VariantStock], flashDeals: [DealOffer]? = nil) {
            self.productID = productID
            self.title = title
            self.variants = variants
            self.flashDeals = flashDeals
        }
    }

    /// A running flash deal as the server counts it: order a line with `dealID` at `price`.
    public struct DealOffer: Codable, Sendable, Equatable {
        public var dealID: String
        public var price: Money
        public var endsAt: Date
        /// Units left at the deal price for everyone (the crowd's and this server's sales taken).
        public var unitsLeft: Int
        public var perBuyerLimit: Int

        public init(dealID: String, price: Money, endsAt: Date, unitsLeft: Int, perBuyerLimit: Int) {
            self.dealID = dealID
            self.price = price
            self.endsAt = endsAt
            self.unitsLeft = unitsLeft
            self.perBuyerLimit = perBuyerLimit
        }
    }

    public struct VariantStock: Codable, Sendable, Equatable {
        public var variantID: String
        public var label: String
        public var price: Money
        /// Units that can be bought now (stock less other buyers' live quote holds).
        public var available: Int

        public init(variantID: String, label: String, price: Money, available: Int) {
            self.variantID = variantID
            self.label = label
            self.price = price
            self.available = available
        }
    }
}
