import Foundation

/// What starting a link returns (RFC 8628 §3.2): the code to show, where to enter it, until when
/// and how often to ask.
public struct DeviceAuthorization: Sendable, Equatable {
    public var marketplaceID: String
    /// Secret; used only to poll.
    public var deviceCode: DeviceCode
    public var userCode: UserCode
    /// Where the person enters the code, e.g. "https://riverstone.example/link".
    public var verificationURI: String
    /// The address with the code filled in, when the marketplace offers one (for a QR code).
    public var verificationURIComplete: String?
    public var issuedAt: Date
    public var expiresAt: Date
    /// Seconds to wait between polls.
    public var interval: Int

    public init(
        marketplaceID: String, deviceCode: DeviceCode, userCode: UserCode, verificationURI: String,
        verificationURIComplete: String? = nil, issuedAt: Date, expiresAt: Date, interval: Int
    ) {
        self.marketplaceID = marketplaceID
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.interval = interval
    }

    /// RFC 8628 suggests a lifetime; ours is ten minutes.
    public static let lifetime: TimeInterval = 600
    /// The default polling interval in seconds.
    public static let defaultInterval = 5
    /// What `slow_down` adds to the interval, in seconds (RFC 8628 §3.5).
    public static let slowDownIncrement = 5
}
