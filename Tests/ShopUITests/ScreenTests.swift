import CustomDump
import Foundation
import ShopCore
import ShopMedia
import Testing
@testable import ShopUI

@Suite struct ScreenTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    /// The fixture's picture (`FixtureMedia.clip`) as half-block cells: a round clip in brown
    /// bands. Where a cell's two pixels fall in one band it is a space in that colour.
    @Test func feedAt80x24() {
        let grid = AppView.render(Fixtures.state(), theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 0",
                "                           ▲ k",
                "                                   @hairbyzoe ✓  + Follow",
                "                                   Zoe Park · 482K followers",
                "",
                "                                   The only claw clip that survives my curls",
                "        ▀▀▀▀▀▀▀▀▀▀                 #hairtok #clawclip",
                "      ▀▀▀▀▀▀▀▀▀▀▀▀▀▀               ♫ original sound - hairbyzoe",
                "    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀",
                "   ▀▀                ▀▀      ♡",
                "    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀      184K",
                "   ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀",
                "   ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀      ✉",
                "   ▀                  ▀     2.3K",
                "      ▀▀▀▀▀▀▀▀▀▀▀▀▀▀",
                "      ▀▀▀▀▀▀▀▀▀▀▀▀▀▀         ☆",
                "          ▀▀▀▀▀▀            Save   ╭─ 🛍 Shop ─────────────────────────────────╮",
                "                                   │ Matte Claw Clip                          │",
                "                             ↗     │ $12.99  $̶1̶8̶.̶0̶0̶   -28%                    │",
                "                            9.1K   │ ★ 4.7 · 96.5K sold · Riverstone Market   │",
                "                                   │ ⏎ view  a add to cart                    │",
                "                           ▼ j     ╰──────────────────────────────────────────╯",
                " ──────────────────── 1/3",
                " j/k scroll  ⏎ view  a add  b buy  c cart  ? help  q quit  o orders  / search",
            ])
    }

    /// A clip whose file is missing: the placeholder (category and title) and the reason, in the
    /// post's backdrop colour.
    @Test func feedWithAMissingClipShowsThePlaceholderAndWhy() {
        let grid = AppView.render(Fixtures.stateWithoutMedia(), theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 0",
                "                           ▲ k",
                "                                   @hairbyzoe ✓  + Follow",
                "                                   Zoe Park · 482K followers",
                "",
                "                                   The only claw clip that survives my curls",
                "                                   #hairtok #clawclip",
                "                                   ♫ original sound - hairbyzoe",
                "",
                "                             ♡",
                "     HAIR ACCESSORIES       184K",
                "",
                "     Matte Claw Clip         ✉",
                "                            2.3K",
                "",
                "                             ☆",
                "                            Save   ╭─ 🛍 Shop ─────────────────────────────────╮",
                "                                   │ Matte Claw Clip                          │",
                "  ⚠ Can't play clip.png:     ↗     │ $12.99  $̶1̶8̶.̶0̶0̶   -28%                    │",
                "  cannot read the file      9.1K   │ ★ 4.7 · 96.5K sold · Riverstone Market   │",
                "  (missing or no                   │ ⏎ view  a add to cart                    │",
                "  permission)              ▼ j     ╰──────────────────────────────────────────╯",
                " ──────────────────── 1/3",
                " j/k scroll  ⏎ view  a add  b buy  c cart  ? help  q quit  o orders  / search",
            ])
        let layout = FeedLayout(size: grid.size)
        let backdrop = colour.color(for: Fixtures.catalog.posts[0].background)
        #expect(grid[layout.media.x, layout.media.y].style.background == backdrop)
        #expect(grid[layout.media.maxX - 1, layout.media.maxY - 1].style.background == backdrop)
    }

    @Test func feedCellsCarryTheirColours() {
        let grid = AppView.render(Fixtures.state(), theme: colour, library: Fixtures.clips)
        let layout = FeedLayout(size: grid.size)
        // The picture's corners are its backdrop, the post's backdrop colour quantized the same way.
        let backdrop = colour.color(for: Fixtures.catalog.posts[0].background)
        #expect(grid[layout.media.x, layout.media.y].style.background == backdrop)
        #expect(grid[layout.media.maxX - 1, layout.media.maxY - 1].style.background == backdrop)
        // In the middle, a half block with the clip's two bands, one over the other.
        let centre = grid[layout.media.x + layout.media.width / 2, layout.media.y + layout.media.height / 2]
        let bands: Set<TermColor> = [.index(XtermPalette.nearest256(FixtureMedia.light)), .index(XtermPalette.nearest256(FixtureMedia.dark))]
        #expect(centre.text == "▀" && [centre.style.foreground, centre.style.background] == bands)
        // The creator handle is in the accent colour, the price bold, the discount a badge.
        let handleRow = grid.lines.firstIndex { $0.contains("@hairbyzoe") }!
        let handleX = Array(grid.line(handleRow)).firstIndex(of: "@")!
        #expect(grid[handleX, handleRow].style == colour.accent)
        let badgeRow = grid.lines.firstIndex { $0.contains("-28%") }!
        let badgeCell = (0..<grid.width).first { grid[$0, badgeRow].text == "%" }!
        #expect(grid[badgeCell, badgeRow].style == colour.badge)
        #expect(colour.badge.background == .index(197))
    }

    @Test func feedWithASidePanelWhereItLeavesTheTextItsRoom() throws {
        let wide = AppView.render(Fixtures.state(160, 48), theme: colour, library: Fixtures.clips)
        let demo = AppView.render(Fixtures.state(120, 40), theme: colour, library: Fixtures.clips)
        let narrow = AppView.render(Fixtures.state(99, 30), theme: colour, library: Fixtures.clips)
        #expect(wide.lines[1].contains("╭─ Product ─") && wide.lines[1].hasSuffix("╮"))
        #expect(wide.text.contains("│ • Tortoise"))
        #expect(wide.text.contains("│ Sold by Riverstone Market"))
        // The panel does not repeat the shop card (title, price, stars, sales).
        let panel = try #require(FeedLayout(size: Size(width: 160, height: 48)).sidePanel)
        let panelText = (panel.y..<panel.maxY).map { String(Array(wide.line($0)).dropFirst(panel.x)) }.joined(separator: "\n")
        for repeated in ["Matte Claw Clip", "$12.99", "-28%", "★★★★★", "sold ·"] {
            #expect(!panelText.contains(repeated), "the panel repeats \(repeated)")
        }
        #expect(panelText.contains("18.2K reviews"))
        // At 120x40 a panel would leave the text 32 columns: the text gets the room instead.
        #expect(!demo.text.contains("Sold by") && !narrow.text.contains("Sold by"))
        #expect(demo.text.contains("│ ★ 4.7 · 96.5K sold · Riverstone Market"))
        #expect(wide.lines[0].hasPrefix(" ▶ reelshop   For You") && wide.lines[0].hasSuffix("🛒 Cart 0"))
        #expect(wide.lines[47] == " j/k scroll  ⏎ view  a add  b buy  c cart  ? help  q quit  o orders  / search  tab tabs  p pause  L accounts")
        // The clip keeps 9:16 (9:8 in half-block cells) and fills the height.
        for size in [Size(width: 120, height: 40), Size(width: 160, height: 48)] {
            let layout = FeedLayout(size: size)
            let aspect = Double(layout.media.width) / Double(layout.media.height * 2)
            #expect(abs(aspect - 9.0 / 16.0) < 0.03, "\(layout.media) is not 9:16")
            #expect(layout.media.height >= size.height - 10)
            #expect(layout.media.maxX < layout.rail.x && layout.rail.maxX < layout.info.x)
        }
        let layout = FeedLayout(size: Size(width: 160, height: 48))
        #expect(layout.info.maxX <= layout.sidePanel!.x)
    }

    /// The product's picture (its post's clip, first frame) on the left; the panel takes the
    /// whole height.
    @Test func productSheetAt80x24() throws {
        var state = Fixtures.state()
        state.send(.key(.enter))
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 0",
                " ╭─ Product ──────────────────────────────────────────────────────────────────╮",
                " │                          Matte Claw Clip                                   │",
                " │                          Hair accessories · sold by Riverstone Market      │",
                " │                          Seller ★ 4.8 (212K ratings)                       │",
                " │                                                                            │",
                " │                          $12.99  $̶1̶8̶.̶0̶0̶   -28%                             │",
                " │       ▀▀▀▀▀▀▀▀▀▀▀        ★★★★★ 4.7 (18.2K reviews) · 96.5K sold            │",
                " │     ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀                                                        │",
                " │   ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀    Holds thick hair all day.                         │",
                " │    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀                                                       │",
                " │                          Colour                                            │",
                " │                           Cream (sold out)   Tortoise   Black              │",
                " │   ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀                                                      │",
                " │    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀     Quantity   -  1  +    only 3 left                 │",
                " │     ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀      Delivery: Free delivery in 2 days                 │",
                " │        ▀▀▀▀▀▀▀▀▀         Returns: Free returns within 30 days              │",
                " │                                                                            │",
                " │                                        Add to cart · $12.99                │",
                " │                                                                            │",
                " │                                                                            │",
                " │                                                                            │",
                " ╰────────────────────────────────────────────────────────────────────────────╯",
                " ←/→ option  +/- quantity  a/⏎ add to cart  b buy now  c cart  esc back  ? help",
            ])
        // The chosen option (Tortoise) is highlighted; the sold-out one is muted.
        let optionRow = 12
        let tortoise = try #require(Array(grid.line(optionRow)).firstIndex(of: "T"))
        #expect(grid[tortoise, optionRow].style == colour.selection)
        let cream = try #require(Array(grid.line(optionRow)).firstIndex(of: "C"))
        #expect(grid[cream, optionRow].style == colour.muted)
    }

    /// Without its clip the sheet is text only, in a narrower panel.
    @Test func productSheetWithoutItsPictureAt80x24() throws {
        var state = Fixtures.stateWithoutMedia()
        state.send(.key(.enter))
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        expectNoDifference(
            Array(grid.lines[2...20]),
            [
                "  ╭─ Product ────────────────────────────────────────────────────────────────╮",
                "  │ Matte Claw Clip                                                          │",
                "  │ Hair accessories · sold by Riverstone Market                             │",
                "  │ Seller ★ 4.8 (212K ratings)                                              │",
                "  │                                                                          │",
                "  │ $12.99  $̶1̶8̶.̶0̶0̶   -28%                                                    │",
                "  │ ★★★★★ 4.7 (18.2K reviews) · 96.5K sold                                   │",
                "  │                                                                          │",
                "  │ Holds thick hair all day.                                                │",
                "  │                                                                          │",
                "  │ Colour                                                                   │",
                "  │  Cream (sold out)   Tortoise   Black                                     │",
                "  │                                                                          │",
                "  │ Quantity   -  1  +    only 3 left                                        │",
                "  │ Delivery: Free delivery in 2 days                                        │",
                "  │ Returns: Free returns within 30 days                                     │",
                "  │                                                                          │",
                "  │                           Add to cart · $12.99                           │",
                "  ╰──────────────────────────────────────────────────────────────────────────╯",
            ])
        #expect(grid.lines[23] == " ←/→ option  +/- quantity  a/⏎ add to cart  b buy now  c cart  esc back  ? help")
        // The chosen option (Tortoise) is highlighted; the sold-out one is muted.
        let optionRow = 13
        let tortoise = try #require(Array(grid.line(optionRow)).firstIndex(of: "T"))
        #expect(grid[tortoise, optionRow].style == colour.selection)
        let cream = try #require(Array(grid.line(optionRow)).firstIndex(of: "C"))
        #expect(grid[cream, optionRow].style == colour.muted)
    }

    @Test func cartGroupsByMarketplaceAndMarksUnavailableLines() {
        var state = Fixtures.state()
        state.send(
            .cart(
                .loaded(
                    Cart(lines: [
                        Fixtures.line("clip", "black", 2, cents: 1299), Fixtures.line("mug", "sky", 1, cents: 1800), Fixtures.line("gone", "x", 1),
                    ]), recovery: nil)))
        state.press("c")
        let lines = AppView.render(state, theme: colour, library: Fixtures.clips).lines
        #expect(lines[0].hasSuffix("🛒 Cart 4"))
        let body = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(body.contains("╭─ Cart · 4 items ───────────────────────────────────────────────────────────╮"))
        #expect(body.contains("│ Riverstone Market  Free delivery in 2 days                                 │"))
        #expect(body.contains("│ ▸ Matte Claw Clip · Black                                - 2 +      $25.98 │"))
        #expect(body.contains("│                                                           Subtotal  $25.98 │"))
        #expect(body.contains("│ Lumen Bazaar  Arrives in 4–6 days                                          │"))
        #expect(body.contains("│   Cloud Mug · Sky                                        - 1 +      $18.00 │"))
        #expect(body.contains("│   gone · x (unavailable: no longer in the catalog)       - 1 +      $10.00 │"))
        #expect(body.contains("│ 1 line can't be ordered as it is; it stays in the cart.        ⏎ Checkout  │"))
        #expect(lines[23] == " ⏎ checkout  j/k select  +/- quantity  x remove  esc back  ? help")
    }

    @Test func emptyCartSaysWhatToDo() {
        var state = Fixtures.state()
        state.press("c")
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("🛒 Your cart is empty"))
        #expect(text.contains("Scroll the feed and press a on anything you like."))
    }

    @Test func helpListsEveryKey() {
        var state = Fixtures.state()
        state.press("?")
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        for key in ["j k ↓ ↑", "⏎", "tab 1-4", "/", "← → h l", "+ -", "x", "esc q", "ctrl-c"] {
            #expect(text.contains(key), "help is missing \(key)")
        }
        for section in ["Feed", "LIVE", "Product", "Cart", "Checkout", "Anywhere"] { #expect(text.contains(section)) }
    }

    @Test func tooSmallTerminalExplainsItself() {
        let grid = AppView.render(Fixtures.state(39, 11), theme: colour, library: Fixtures.clips)
        let joined = grid.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains("Please enlarge the terminal (need 40x12, have 39x11)"))
        #expect(AppView.render(Fixtures.state(40, 12), theme: colour, library: Fixtures.clips).lines[0].contains("reelshop"))
    }

    @Test func noColorDrawsWithoutAnyColour() {
        var state = Fixtures.state()
        for keys in ["", "\r", "c"] {
            if keys == "\r" { state.send(.key(.enter)) } else { state.press(keys) }
            let grid = AppView.render(state, theme: Theme(capability: .monochrome, unicode: true), library: Fixtures.clips)
            #expect(grid.cells.allSatisfy { $0.style.foreground == .default && $0.style.background == .default })
        }
    }

    @Test func eightColourThemeUsesOnlyTheFirstEightColours() {
        let grid = AppView.render(Fixtures.state(), theme: Theme(capability: .ansi8, unicode: true), library: Fixtures.clips)
        for cell in grid.cells {
            for colour in [cell.style.foreground, cell.style.background] {
                if case .index(let i) = colour { #expect(i < 8) }
            }
        }
    }

    @Test func asciiLocaleGetsAsciiStandInsEverywhere() {
        var state = Fixtures.state()
        let theme = Theme(capability: .ansi256, unicode: false)
        for step in 0..<4 {
            switch step {
            case 1: state.send(.key(.enter))
            case 2: state.press("qc")
            case 3: state.press("?")
            default: break
            }
            let grid = AppView.render(state, theme: theme, library: Fixtures.clips)
            #expect(grid.cells.allSatisfy { $0.text.allSatisfy(\.isASCII) }, "step \(step) has non-ASCII text")
        }
        state = Fixtures.state()
        state.send(.key(.enter))
        let text = AppView.render(state, theme: theme, library: Fixtures.clips).text
        #expect(text.contains("$12.99  was $18.00   -28%"))
        #expect(text.contains(" left/right option  +/- quantity  a/enter add to cart"))
    }
}
