import ShopCore

/// The link screen's QR code of `verification_uri_complete` (issue 13), worked out once when the
/// code arrives (not every frame) by the encoder the app was given: ShopUI never links libqrencode.
public enum LinkQR: Sendable, Equatable {
    /// No encoder in this session, or the marketplace gave no complete address: nothing to say.
    case notOffered
    case code(QRCode)
    /// The encoder refused the address (too long, or not encodable): said so on screen.
    case refused

    /// The encoder is given the display form `…?user_code=XXXX-XXXX` exactly as the marketplace sent it.
    public static func make(for authorization: DeviceAuthorization?, encoder: (@Sendable (String) -> QRCode?)?) -> LinkQR {
        guard let encoder, let complete = authorization?.verificationURIComplete else { return .notOffered }
        return encoder(complete).map(LinkQR.code) ?? .refused
    }

    public var code: QRCode? {
        if case .code(let code) = self { return code }
        return nil
    }
}
