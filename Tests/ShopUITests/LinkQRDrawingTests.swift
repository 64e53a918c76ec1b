import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The link screen's QR code (issue 13): drawn beside the code when it fits, in half blocks
/// with a quiet zone, light modules as glyphs; otherwise a line saying so, and the code always.
/// The encoder is a double here (ShopUI never links libqrencode); the real one is scanned in
/// Tests/EndToEndTests/LinkQRTests.swift.
@Suite struct LinkQRDrawingTests {
    static let now = MarketFixtures.now
    let colour = Theme(capability: .ansi256, unicode: true)
    let mono = Theme(capability: .monochrome, unicode: true)

    /// A made-up code: a pseudo-random square with dark corners, so any misplaced module shows.
    static func fakeQR(size: Int = 29, seed: UInt64 = 7) -> QRCode {
        var x = seed
        let modules = (0..<(size * size)).map { i -> Bool in
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let (row, column) = (i / size, i % size)
            if (row == 0 || row == size - 1) && (column == 0 || column == size - 1) { return true }
            return (x >> 33) & 1 == 1
        }
        return QRCode(size: size, modules: modules)!
    }

    static func state(_ width: Int, _ height: Int, qr: LinkQR) -> AppState {
        var state = MarketScreenStates.linkCode(width, height)
        guard case .link(var screen) = state.top else { return state }
        screen.qr = qr
        state.routes[state.routes.count - 1] = .link(screen)
        return state
    }

    /// Reads a QR code back from the half blocks: the light square around it is the quiet zone.
    /// Returns the modules (true = dark) of the whole drawn square, its origin and quiet zone.
    static func readBack(_ grid: Grid, size: Int) -> (modules: [[Bool]], quiet: Int, style: Style)? {
        func light(_ cell: Cell) -> (top: Bool, bottom: Bool)? {
            switch cell.text {
            case "█": return (true, true)
            case "▀": return (true, false)
            case "▄": return (false, true)
            case " ": return (false, false)
            default: return nil
            }
        }
        for quiet in [4, 3, 2] {
            let side = size + 2 * quiet
            for y in 0..<grid.height {
                for x in 0...(max(0, grid.width - side)) where x + side <= grid.width {
                    // The top quiet rows: `side` full blocks in a row.
                    guard (0..<side).allSatisfy({ grid[x + $0, y].text == "█" }),
                        x == 0 || grid[x - 1, y].text != "█",
                        x + side == grid.width || grid[x + side, y].text != "█"
                    else { continue }
                    let rows = (side + 1) / 2
                    guard y + rows <= grid.height else { continue }
                    var modules = Array(repeating: Array(repeating: false, count: side), count: rows * 2)
                    var ok = true
                    for r in 0..<rows {
                        for c in 0..<side {
                            guard let l = light(grid[x + c, y + r]) else { ok = false; break }
                            modules[2 * r][c] = !l.top
                            modules[2 * r + 1][c] = !l.bottom
                        }
                    }
                    if ok { return (Array(modules.prefix(side)), quiet, grid[x, y].style) }
                }
            }
        }
        return nil
    }

    /// Versions 2, 3 and 4 (25, 29, 33 modules): addresses of up to 78 bytes.
    @Test(
        "beside the code at 80x24, 100x30 and 160x48: every module where it belongs, a quiet zone of 2 or more",
        arguments: [
            (80, 24), (100, 30), (160, 48),
        ], [25, 29, 33])
    func drawnWhole(size: (Int, Int), modules: Int) throws {
        let qr = Self.fakeQR(size: modules)
        let grid = AppView.render(Self.state(size.0, size.1, qr: .code(qr)), theme: colour, library: Fixtures.clips)
        let text = grid.text
        let drawn = try #require(Self.readBack(grid, size: qr.size), "no whole QR code at \(size):\n\(text)")
        #expect(drawn.quiet >= 2)
        for y in 0..<qr.size {
            for x in 0..<qr.size where drawn.modules[y + drawn.quiet][x + drawn.quiet] != qr.isDark(x: x, y: y) {
                Issue.record("module (\(x), \(y)) is wrong at \(size)")
                return
            }
        }
        // The quiet zone is all light, on every side.
        let side = qr.size + 2 * drawn.quiet
        for i in 0..<side {
            for j in 0..<drawn.quiet {
                #expect(!drawn.modules[j][i] && !drawn.modules[side - 1 - j][i] && !drawn.modules[i][j] && !drawn.modules[i][side - 1 - j])
            }
        }
        // Explicit colours: light glyphs on a dark background, whatever the terminal's own.
        #expect(drawn.style == Style(foreground: .index(231), background: .index(16)))
        #expect(text.contains("QXLW-RLKV"))
        #expect(text.contains("https://lumen.example/link"))
        #expect(text.contains("and enter this code:"))
        #expect(text.contains("Expires in 9:41"))
        #expect(text.contains("Status: pending"))
        #expect(!text.contains("Enlarge the window"))
    }

    @Test("a big terminal gets the full quiet zone of 4 modules")
    func fullQuietZone() throws {
        let qr = Self.fakeQR()
        let drawn = try #require(Self.readBack(AppView.render(Self.state(160, 48, qr: .code(qr)), theme: colour, library: Fixtures.clips), size: qr.size))
        #expect(drawn.quiet == 4)
    }

    @Test("without colour the light modules are the glyphs in the terminal's own colours")
    func monochrome() throws {
        let qr = Self.fakeQR()
        let drawn = try #require(Self.readBack(AppView.render(Self.state(100, 30, qr: .code(qr)), theme: mono, library: Fixtures.clips), size: qr.size))
        #expect(drawn.style == Style())
        #expect(drawn.modules[drawn.quiet][drawn.quiet] == qr.isDark(x: 0, y: 0))
    }

    @Test("too small a window: one line says so, the code, address, countdown and status stay", arguments: [(60, 20), (80, 16), (40, 12)])
    func cannotFit(size: (Int, Int)) {
        let qr = Self.fakeQR()
        let grid = AppView.render(Self.state(size.0, size.1, qr: .code(qr)), theme: colour, library: Fixtures.clips)
        let text = grid.text
        #expect(Self.readBack(grid, size: qr.size) == nil)
        #expect(!text.contains("█████████"), "a QR code was drawn anyway:\n\(text)")
        #expect(text.contains("QXLW-RLKV"), "\(text)")
        if size.1 >= 20 {
            #expect(text.contains("Enlarge the window to see a QR code."), "\(text)")
            #expect(text.contains("Expires in"))
        }
    }

    @Test("a QR code of 57 modules (a long address) is drawn at 160x48 but not at 80x24")
    func largeCode() throws {
        let qr = Self.fakeQR(size: 57)
        #expect(Self.readBack(AppView.render(Self.state(160, 48, qr: .code(qr)), theme: colour, library: Fixtures.clips), size: 57) != nil)
        let small = AppView.render(Self.state(80, 24, qr: .code(qr)), theme: colour, library: Fixtures.clips).text
        #expect(small.contains("Enlarge the window to see a QR code."))
    }

    @Test("an address the encoder refused says so; no encoder says nothing; the code shows either way")
    func refusedAndNotOffered() {
        let refused = AppView.render(Self.state(100, 30, qr: .refused), theme: colour, library: Fixtures.clips).text
        #expect(refused.contains("too long for a QR code"))
        #expect(refused.contains("QXLW-RLKV"))
        let none = AppView.render(Self.state(100, 30, qr: .notOffered), theme: colour, library: Fixtures.clips).text
        #expect(!none.contains("QR code"))
        #expect(none.contains("QXLW-RLKV"))
    }

    @Test("a terminal without Unicode cannot draw half blocks and says so")
    func ascii() {
        let text = AppView.render(Self.state(100, 30, qr: .code(Self.fakeQR())), theme: Theme(capability: .ansi256, unicode: false), library: Fixtures.clips)
            .text
        #expect(text.contains("cannot draw a QR code"))
        #expect(text.contains("QXLW-RLKV"))
    }

    @Test("LinkQR.make encodes verification_uri_complete, and tells a refusal from no encoder")
    func make() {
        var authorization = MarketFixtures.authorization()
        authorization.verificationURIComplete = "https://riverstone.example/link?user_code=BCDF-GHJK"
        let seen = Seen()
        let qr = Self.fakeQR()
        #expect(
            LinkQR.make(
                for: authorization,
                encoder: {
                    seen.text = $0; return qr
                }) == .code(qr))
        #expect(seen.text == "https://riverstone.example/link?user_code=BCDF-GHJK")
        #expect(LinkQR.make(for: authorization, encoder: { _ in nil }) == .refused)
        #expect(LinkQR.make(for: authorization, encoder: nil) == .notOffered)
        #expect(LinkQR.make(for: MarketFixtures.authorization(), encoder: { _ in qr }) == .notOffered)
        #expect(LinkQR.make(for: nil, encoder: { _ in qr }) == .notOffered)
    }

    @Test("the QR code arrives with the code and goes with it: a new code starts without one")
    func reducerCarriesIt() {
        let qr = Self.fakeQR()
        var state = MarketFixtures.stateWithCart()
        var screen = LinkScreenState(marketplaceID: "riverstone")
        screen.phase = .linking(.starting(marketplaceID: "riverstone"))
        state.routes = [.accounts(AccountsScreenState()), .link(screen)]
        _ = state.market(.linkStarted(marketplaceID: "riverstone", .success(MarketFixtures.authorization()), at: Self.now, qr: .code(qr)))
        guard case .link(let started) = state.top else { Issue.record("no link screen"); return }
        #expect(started.qr == .code(qr))
        _ = state.market(.linkPolled(marketplaceID: "riverstone", .expired, at: Self.now.addingTimeInterval(700)))
        _ = state.key(.enter)
        guard case .link(let retried) = state.top else { Issue.record("no link screen"); return }
        #expect(retried.qr == .notOffered)
        #expect(retried.link == .starting(marketplaceID: "riverstone"))
    }
}

/// What the encoder double was asked to encode.
private final class Seen: @unchecked Sendable { var text: String? }
