import CQRencode
import ShopCore

/// Encodes text (the link screen's `verification_uri_complete`) as a QR code with libqrencode.
public enum QREncoder {
    /// Longer text would need a symbol too large to draw in any sensible terminal (version 10 at
    /// level L holds about 270 bytes; 500 bytes is version 15, 77 modules: 81 rows of half blocks).
    public static let maximumBytes = 500

    /// Level L (most room for data: a terminal is a clean, flat picture) and 8-bit mode
    /// (URLs hold lowercase letters, which QR's alphanumeric mode lacks). Nil for empty text,
    /// text over `maximumBytes`, text holding NUL (a C string would cut it) or when libqrencode fails.
    public static func encode(_ text: String) -> QRCode? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumBytes, !bytes.contains(0) else { return nil }
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        guard size > 0, let data = code.pointee.data else { return nil }
        // Each byte's lowest bit is the module's colour (1 = dark); the other bits say what the module is for.
        let modules = (0..<(size * size)).map { data[$0] & 1 == 1 }
        return QRCode(size: size, modules: modules)
    }
}
