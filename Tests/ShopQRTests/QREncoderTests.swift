import Testing
import ShopCore
@testable import ShopQR

@Suite("QR encoder (libqrencode)")
struct QREncoderTests {
    static let url = "http://127.0.0.1:43121/riverstone/device?user_code=BCDF-GHJK"

    @Test(
        "up to 53 bytes is version 3 (29 modules), up to 78 version 4 (33): level L, 8-bit",
        arguments: [
            ("http://127.0.0.1:43121/rs/device?user_code=BCDF-GHJK", 29),
            (url, 33),
        ])
    func versions(text: String, size: Int) throws {
        let code = try #require(QREncoder.encode(text))
        #expect(code.size == size)
        #expect(code.modules.count == size * size)
        // A finder pattern: a dark 7x7 ring around a light ring around a dark 3x3 centre.
        for (ox, oy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            #expect(code.isDark(x: ox, y: oy) && code.isDark(x: ox + 6, y: oy + 6))
            #expect(!code.isDark(x: ox + 1, y: oy + 1))
            #expect(code.isDark(x: ox + 3, y: oy + 3))
        }
        #expect(!code.isDark(x: -1, y: 0) && !code.isDark(x: size, y: 0), "the quiet zone is light")
    }

    @Test("different text gives a different matrix; the same text the same one")
    func differentText() throws {
        let a = try #require(QREncoder.encode(Self.url))
        let b = try #require(QREncoder.encode(Self.url.replacingOccurrences(of: "BCDF-GHJK", with: "BCDF-GHJM")))
        #expect(a != b)
        #expect(QREncoder.encode(Self.url) == a)
    }

    @Test("longer text needs a larger symbol")
    func grows() throws {
        let short = try #require(QREncoder.encode("http://a.test/"))
        let long = try #require(QREncoder.encode(String(repeating: "x", count: 200)))
        #expect(short.size == 21)
        #expect(long.size > 29)
    }

    @Test("empty, oversize and NUL-holding text give no code")
    func refused() {
        #expect(QREncoder.encode("") == nil)
        #expect(QREncoder.encode(String(repeating: "a", count: QREncoder.maximumBytes + 1)) == nil)
        #expect(QREncoder.encode("http://a.test/\u{0}x") == nil)
        #expect(QREncoder.encode(String(repeating: "a", count: QREncoder.maximumBytes)) != nil)
    }
}
