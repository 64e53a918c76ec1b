import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The link screen's QR code of `verification_uri_complete` (issue 13), drawn from a made-up
/// matrix: ShopUI never links libqrencode, so the drawing is tested apart from the encoder
/// (the end-to-end LinkQRTests scan a real one off a tmux screen).
@Suite struct LinkQRScreenTests {
    let colour = Theme(capability: .ansi256, unicode: true)
    let noColour = Theme(capability: .monochrome, unicode: true)

    /// 29 modules a side (version 3, what a ~60-byte address needs), in an irregular pattern
    /// so a shifted, flipped or half-row-swapped drawing reads back differently.
    static let qr: QRCode = {
        let size = 29
        let modules = (0..<(size * size)).map { i -> Bool in
            let x = i % size, y = i / size
            return (x * 7 + y * 13 + x * y) % 3 == 0 || (x < 7 && y < 7 && (x == 0 || y == 0 || x == 6 || y == 6))
        }
        return QRCode(size: size, modules: modules)!
    }()

    static func linkState(_ width: Int, _ height: Int, qr: LinkQR = .code(LinkQRScreenTests.qr)) -> AppState {
        var state = MarketScreenStates.linkCode(width, height)
        guard case .link(var screen) = state.top else { return state }
        screen.qr = qr
        state.routes[state.routes.count - 1] = .link(screen)
        return state
    }

    /// The rectangle of cells drawn in the QR code's style, or nil when there is none.
    static func qrCells(_ grid: Grid, style: Style) -> Rect? {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y].style == style {
                minX = min(minX, x); minY = min(minY, y); maxX = max(maxX, x); maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return nil }
        return Rect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    /// Reads the half blocks in `rect` back into light modules (glyphs are the light parts).
    static func lightModules(_ grid: Grid, _ rect: Rect) -> [[Bool]] {
        var rows: [[Bool]] = []
        for y in rect.y..<rect.maxY {
            var top: [Bool] = [], bottom: [Bool] = []
            for x in rect.x..<rect.maxX {
                let glyph = grid[x, y].text
                top.append(glyph == "█" || glyph == "▀")
                bottom.append(glyph == "█" || glyph == "▄")
            }
            rows += [top, bottom]
        }
        return rows
    }

    /// Checks that `rect` holds the QR code with a light quiet zone of the same width on every side.
    static func expectDrawsQR(_ grid: Grid, _ rect: Rect, _ label: String) {
        let quiet = (rect.width - qr.size) / 2
        #expect(quiet >= 2 && quiet <= 4 && rect.width == qr.size + 2 * quiet, "\(label): quiet zone of \(quiet) modules")
        #expect(rect.height == (rect.width + 1) / 2, "\(label): two modules a cell, \(rect.height) rows for \(rect.width) modules")
        let light = lightModules(grid, rect)
        var wrong = 0
        for my in 0..<rect.width {
            for mx in 0..<rect.width where light[my][mx] == qr.isDark(x: mx - quiet, y: my - quiet) { wrong += 1 }
        }
        #expect(wrong == 0, "\(label): \(wrong) modules read back wrong:\n\(grid.text)")
    }

    @Test("the QR code is drawn beside the code at 80x24, 100x30 and 160x48, white modules on black, in colour")
    func drawnAtUsualSizes() throws {
        for (width, height) in [(80, 24), (100, 30), (160, 48), (120, 40)] {
            let grid = AppView.render(Self.linkState(width, height), theme: colour)
            let label = "\(width)x\(height)"
            let rect = try #require(Self.qrCells(grid, style: QRCells.style(colour)), "\(label): no QR code:\n\(grid.text)")
            Self.expectDrawsQR(grid, rect, label)
            #expect(QRCells.style(colour) == Style(foreground: .index(231), background: .index(16)), "explicit colours")
            let text = grid.text
            for shown in ["https://lumen.example/link", "QXLW-RLKV", "Expires in 9:41", "Status: pending"] {
                #expect(text.contains(shown), "\(label) shows \(shown):\n\(text)")
            }
            #expect(!text.contains(LinkScreen.enlargeForQR), "\(label)")
            // Beside: the code's box is on the rows the QR code spans, left of it.
            let codeRow = try #require(grid.lines.firstIndex { $0.contains("QXLW-RLKV") })
            #expect(codeRow >= rect.y && codeRow < rect.maxY, "\(label): the code beside the QR code")
            #expect(try #require(grid.line(codeRow).range(of: "QXLW-RLKV")).lowerBound.utf16Offset(in: grid.line(codeRow)) < rect.x)
        }
    }

    @Test("with NO_COLOR the light modules are plain glyphs, so a light-on-dark terminal shows dark on light")
    func noColourKeepsLightAsGlyphs() throws {
        let coloured = AppView.render(Self.linkState(120, 40), theme: colour)
        let rect = try #require(Self.qrCells(coloured, style: QRCells.style(colour)))
        let plain = AppView.render(Self.linkState(120, 40), theme: noColour)
        Self.expectDrawsQR(plain, rect, "monochrome")
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX {
                #expect(plain[x, y].style == .plain, "no colour and no reverse video at \(x),\(y)")
            }
        }
    }

    @Test("too small for the QR code: the screen says so and keeps the address, code, countdown and status")
    func tooSmallSaysSo() {
        for (width, height) in [(60, 20), (70, 24), (100, 18), (40, 12)] {
            let grid = AppView.render(Self.linkState(width, height), theme: colour)
            let text = grid.text
            let label = "\(width)x\(height)"
            #expect(Self.qrCells(grid, style: QRCells.style(colour)) == nil, "\(label): no QR code")
            #expect(!text.contains("▀") && !text.contains("▄"), "\(label): no half blocks")
            for shown in [LinkScreen.enlargeForQR, "QXLW-RLKV", "https://lumen.example/link", "Expires in 9:41", "Status: pending"] {
                #expect(text.contains(shown), "\(label) shows \(shown):\n\(text)")
            }
        }
    }

    @Test("an address too long to encode, or a terminal without half blocks, says why; with no encoder, nothing is said")
    func otherReasons() {
        let refused = AppView.render(Self.linkState(160, 48, qr: .refused), theme: colour).text
        #expect(refused.contains("too long for a QR code") && refused.contains("QXLW-RLKV"), "\(refused)")
        let ascii = AppView.render(Self.linkState(160, 48), theme: Theme(capability: .ansi256, unicode: false)).text
        #expect(ascii.contains("cannot draw a QR code") && ascii.contains("QXLW-RLKV"), "\(ascii)")
        let none = AppView.render(Self.linkState(160, 48, qr: .notOffered), theme: colour).text
        #expect(!none.contains("QR") && none.contains("QXLW-RLKV"), "\(none)")
    }

    @Test("the encoder gets verification_uri_complete as sent; its answer reaches the screen; a new code drops the old picture")
    func encoderAndReducer() {
        let authorization = MarketFixtures.authorization("lumen", code: "QXLW-RLKV")
        var complete = authorization
        complete.verificationURIComplete = "https://lumen.example/link?user_code=QXLW-RLKV"
        let asked = Mutex<[String]>([])
        let encoder: @Sendable (String) -> QRCode? = { text in asked.withLock { $0.append(text) }; return text.count < 100 ? Self.qr : nil }
        #expect(LinkQR.make(for: complete, encoder: encoder) == .code(Self.qr))
        #expect(asked.withLock { $0 } == ["https://lumen.example/link?user_code=QXLW-RLKV"])
        var long = complete
        long.verificationURIComplete = "https://lumen.example/link?user_code=QXLW-RLKV&" + String(repeating: "x", count: 100)
        #expect(LinkQR.make(for: long, encoder: encoder) == .refused)
        #expect(LinkQR.make(for: authorization, encoder: encoder) == .notOffered, "no complete address")
        #expect(LinkQR.make(for: complete, encoder: nil) == .notOffered)
        #expect(LinkQR.make(for: nil, encoder: encoder) == .notOffered, "the link failed to start")

        var state = MarketFixtures.stateWithCart(width: 120, height: 40)
        state.market = MarketState(now: MarketFixtures.now, sessionID: "s")
        state.routes = [.accounts(AccountsScreenState()), .link(LinkScreenState(marketplaceID: "lumen"))]
        state.key(.enter)
        state.market(.linkStarted(marketplaceID: "lumen", .success(complete), at: MarketFixtures.now, qr: .code(Self.qr)))
        #expect(state.linkScreen?.qr == .code(Self.qr))
        state.market(.linkPolled(marketplaceID: "lumen", .denied, at: MarketFixtures.now.addingTimeInterval(5)))
        #expect(state.key(.enter) == [.market(.startLink(marketplaceID: "lumen"))])
        #expect(state.linkScreen?.qr == .notOffered, "the denied code's picture is gone while the new one is asked for")
    }
}
