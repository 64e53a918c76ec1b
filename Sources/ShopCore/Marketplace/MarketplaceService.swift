import Foundation

/// One marketplace a Reelshop user can link and buy from. Every call is async and may fail
/// with a `MarketplaceError`; the effect runner makes the calls and hands results to `reduce`.
///
/// Linking follows the OAuth 2.0 device authorization grant (RFC 8628): `startLink` returns a
/// user code to approve elsewhere, and `pollLink` is called every `interval` seconds until it
/// answers `.linked(token)`, `.denied` or `.expired`.
public protocol MarketplaceService: Sendable {
    /// The catalog's marketplace id, e.g. "riverstone".
    var id: String { get }
    var name: String { get }

    func startLink() async throws(MarketplaceError) -> DeviceAuthorization
    func pollLink(deviceCode: DeviceCode) async throws(MarketplaceError) -> LinkPollResult
    func profile(token: AccessToken) async throws(MarketplaceError) -> LinkedProfile
    /// Prices lines for an address. An unknown voucher fails with `.voucherRejected`.
    func quote(lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, token: AccessToken) async throws(MarketplaceError) -> Quote
    /// Places an order; the same idempotency key always returns the same order.
    func placeOrder(_ request: PlaceOrderRequest, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder
    /// The order placed under this idempotency key, or nil when the marketplace never saw the key
    /// (then nothing was charged). How a restart finds out what happened to an order whose answer
    /// it never recorded (an HTTP marketplace: "order for key K"). Answered from the marketplace's
    /// own records, never from Reelshop's files.
    func order(idempotencyKey: String, token: AccessToken) async throws(MarketplaceError) -> PlacedOrder?
    func orderStatus(orderID: String, token: AccessToken) async throws(MarketplaceError) -> OrderStatusReport
    /// Revokes the token. Unlinking an already unknown token is not an error.
    func unlink(token: AccessToken) async throws(MarketplaceError)
    /// What each variant of these products has available now (no token needed); products this
    /// marketplace does not sell are left out. A storefront asks for the products near its screen,
    /// not the whole catalog (10,000 products are 1.5 MB of answer).
    func stock(of productIDs: Set<String>) async throws(MarketplaceError) -> [StockLevel]
}
