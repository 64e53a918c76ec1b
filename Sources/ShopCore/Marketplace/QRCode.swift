/// A QR code as a square of modules, for the link screen's picture of `verification_uri_complete`.
/// Foundation only: the encoder (libqrencode, target ShopQR) is injected into the app, so the UI
/// and its tests never link a C library to draw one.
public struct QRCode: Sendable, Equatable {
    /// Modules per side (21 for version 1, 4 more per version); without the quiet zone.
    public let size: Int
    /// Row-major, `size * size` entries; `true` is a dark module.
    public let modules: [Bool]

    /// Nil when `modules` is not a `size` by `size` square.
    public init?(size: Int, modules: [Bool]) {
        guard size > 0, modules.count == size * size else { return nil }
        self.size = size
        self.modules = modules
    }

    /// Whether the module at column `x`, row `y` is dark; outside the square (the quiet zone) is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}
