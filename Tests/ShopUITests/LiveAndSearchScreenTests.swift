import CustomDump
import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// Screens of issue 6: a LIVE post, search, the sponsored label and the trust rules for prices.
@Suite struct LiveAndSearchScreenTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    @Test func livePostAt80x24() {
        var state = Fixtures.liveState()
        state.press("3")
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 0",
                "   ● LIVE   13.7K          ▲ k",
                "                                   @hairbyzoe ✓  + Follow",
                "                                   Claw clip drop LIVE",
                "",
                "",
                "        ▀▀▀▀▀▀▀▀▀▀",
                "      ▀▀▀▀▀▀▀▀▀▀▀▀▀▀",
                "    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀",
                "   ▀▀                ▀▀",
                "    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀",
                "   ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀            ana: hi from Lisbon",
                "   ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀            bo: does it hold thick hair?",
                "   ▀                  ▀            hairbyzoe: @bo all day",
                "      ▀▀▀▀▀▀▀▀▀▀▀▀▀▀               cy: bought 2!",
                "      ▀▀▀▀▀▀▀▀▀▀▀▀▀▀",
                "          ▀▀▀▀▀▀                   ╭─ ⚡ Flash deal ──────────────────────────╮",
                "                                   │ Matte Claw Clip                          │",
                "                            🛍 2    │ $8.99  $̶1̶2̶.̶9̶9̶   -31%                     │",
                "                           pinned  │ Ends in 04:00 · 32 left · limit 2        │",
                "                                   │ b buy  a add  ⏎ view                     │",
                "                           ▼ j     ╰──────────────────────────────────────────╯",
                " ──────────────────── 1/1",
                " j/k scroll  b buy  a add  ⏎ view  ? help  q quit  f follow  c cart",
            ])
        // The badge is drawn as a badge, the deal status as a warning.
        let badge = Array(grid.line(1)).firstIndex(of: "L")!
        #expect(grid[badge, 1].style == colour.badge)
    }

    @Test func livePostAt160x48() {
        var state = Fixtures.liveState(160, 48)
        state.press("3")
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(grid.lines[1].hasPrefix("   ● LIVE   13.7K watching "))
        #expect(grid.text.contains("│ Matte Claw Clip    "))
        #expect(grid.text.contains("│ ⚡ $8.99  $̶1̶2̶.̶9̶9̶    "), "the pinned panel shows the deal price")
        #expect(grid.text.contains("│ Cloud Mug    ") && grid.text.contains("│ $18.00    "))
        #expect(grid.text.contains("│ Ends in 04:00 · 32 left · limit 2"), "the card has room for the limit")
        #expect(grid.lines.contains { $0.contains("cy: bought 2!") })
        // The countdown and the viewers move with the clock; the chat scrolls.
        state.send(.clock(Fixtures.liveDate.addingTimeInterval(75)))
        let later = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(later.text.contains("Ends in 02:45"))
        #expect(later.lines[1] != grid.lines[1] || later.text != grid.text)
    }

    @Test func aShortTerminalStillShowsTheDealPrice() {
        var state = Fixtures.liveState(40, 12)
        state.press("3")
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(grid.lines[9].contains("$8.99 · Ends in"), "no room for the card, but the price and countdown stay:\n\(grid.text)")
    }

    @Test func aDealThatIsGoneSaysSo() {
        var state = Fixtures.liveState()
        state.press("3")
        state.market.now = Fixtures.liveDate.addingTimeInterval(225)  // 285 s in: others took the last units
        #expect(AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("│ SOLD OUT"))
        state.market.now = Fixtures.liveDate.addingTimeInterval(250)  // 310 s in: the mug deal runs
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("Cloud Mug") && text.contains("$12.00") && text.contains("Ends in 04:50"))
    }

    @Test func searchAt80x24() {
        var state = Fixtures.liveState()
        state.press("/cl")
        expectNoDifference(
            AppView.render(state, theme: colour, library: Fixtures.clips).lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 0",
                " ╭─ Search ───────────────────────────────────────────────────────────────────╮",
                " │ / cl▏                                                                      │",
                " │                                                                            │",
                " │ 3 results                                                                  │",
                " │ ▸ Matte Claw Clip                                                 product  │",
                " │   $12.99 · Hair accessories · Riverstone Market                            │",
                " │   Cloud Mug                                                       product  │",
                " │   $18.00 · Home · Lumen Bazaar                                             │",
                " │   #clawclip                                                       hashtag  │",
                " │   1 post                                                                   │",
                " │                                                                            │",
                " ╰────────────────────────────────────────────────────────────────────────────╯",
                "", "", "", "", "", "", "", "", "", "",
                " type search  ↑/↓ choose  ⏎ open  esc close",
            ])
    }

    @Test func searchAt120x40() {
        var state = Fixtures.liveState(120, 40)
        state.press("/@")
        let empty = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(empty.lines[2].contains("/ @▏"))
        state.press("zo")
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(grid.lines[1] == "                  ╭─ Search ─────────────────────────────────────────────────────────────────────────╮")
        #expect(grid.lines[4].contains("1 result"))
        #expect(grid.lines[5].contains("▸ @hairbyzoe") && grid.lines[5].contains("creator"))
        #expect(grid.lines[6].contains("Zoe Park · 482000 followers"))
        state.press("x")
        #expect(AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("Nothing matches \"@zox\"."))
    }

    @Test func aSponsoredPostSaysSoAndNamesTheMarketplace() {
        var state = Fixtures.liveState()
        state.feed.items = [.post("ad1")]
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        let row = grid.lines.firstIndex { $0.contains("Sponsored · Shop on Riverstone Market") }
        #expect(row == 3, "right under the creator's handle")
        #expect(grid[grid.lines[3].firstIndex(of: "S")!.utf16Offset(in: grid.lines[3]), 3].style == colour.warning)
    }

    @Test func aWasPriceWithoutHistoryIsHidden() {
        let catalog = Catalog(
            directory: Fixtures.catalog.directory, marketplaces: Fixtures.catalog.marketplaces,
            creators: Fixtures.catalog.creators, products: [Fixtures.clipWithoutHistory],
            posts: [Fixtures.catalog.posts[0]])
        var state = AppState(catalog: catalog, size: Size(width: 80, height: 24))
        state.market.now = Fixtures.date
        #expect(!AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("-28%"))
        state.press("\r")
        state.send(.key(.enter))
        let sheet = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(sheet.contains("$12.99") && !sheet.contains("1̶8̶") && !sheet.contains("-28%"))
        #expect(
            sheet.contains("Seller ★ 4.8 (212K ratings)") && sheet.contains("Delivery: Free delivery in 2 days")
                && sheet.contains("Returns: Free returns within 30 days"))
        // With history, the same price is shown struck, until the history is older than 90 days.
        var backed = Fixtures.state()
        #expect(AppView.render(backed, theme: colour, library: Fixtures.clips).text.contains("-28%"))
        backed.market.now = Fixtures.date.addingTimeInterval(61 * 86_400)
        #expect(!AppView.render(backed, theme: colour, library: Fixtures.clips).text.contains("-28%"))
    }
}
