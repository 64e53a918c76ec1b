import CustomDump
import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The accounts, link, checkout and orders screens drawn into a Grid, compared line by line.
@Suite struct MarketScreenTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    @Test func accountsAt80x24() {
        let grid = AppView.render(MarketScreenStates.accounts(), theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 3",
                "",
                "",
                "",
                "",
                " ╭─ Linked accounts ──────────────────────────────────────────────────────────╮",
                " │ Buy from these marketplaces without leaving Reelshop. Reelshop keeps a     │",
                " │ token, never your password or card number.                                 │",
                " │                                                                            │",
                " │ ▸ Riverstone Market                                               ✓ Linked │",
                " │     Alex Rivera · a•••••@example.com                                       │",
                " │     Pays with Visa ···· 4242 · Riverstone Plus                             │",
                " │     Ships to Alex Rivera, 1420 NW Alder St, Portland, OR 97209             │",
                " │                                                                            │",
                " │   Lumen Bazaar                                                  Not linked │",
                " │     Press ⏎ to link: you approve it on Lumen Bazaar.                       │",
                " │                                                                            │",
                " ╰────────────────────────────────────────────────────────────────────────────╯",
                "",
                "",
                "",
                "",
                "",
                " j/k select  ⏎ link  u unlink  o orders  esc back  ? help",
            ])
    }

    @Test func linkCodeAt80x24() {
        let grid = AppView.render(MarketScreenStates.linkCode(), theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 3",
                "",
                "",
                "",
                "  ╭─ Link Lumen Bazaar ──────────────────────────────────────────────────────╮",
                "  │ On your phone or computer, go to                                         │",
                "  │   https://lumen.example/link                                             │",
                "  │ and enter this code:                                                     │",
                "  │                                                                          │",
                "  │                             ╭─────────────╮                              │",
                "  │                             │  QXLW-RLKV  │                              │",
                "  │                             ╰─────────────╯                              │",
                "  │                                                                          │",
                "  │ Expires in 9:41                                                          │",
                "  │ Status: pending — waiting for your approval…                             │",
                "  │                                                                          │",
                "  │ Or press a to approve here as Lumen Bazaar's demo shopper: Reelshop      │",
                "  │ answers the same page a phone opens.                                     │",
                "  ╰──────────────────────────────────────────────────────────────────────────╯",
                "",
                "",
                "",
                "",
                " a approve here  esc cancel  ? help",
            ])
    }

    @Test func checkoutAt80x24() {
        let grid = AppView.render(MarketScreenStates.checkout(), theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 3",
                "",
                "",
                "",
                "",
                " ╭─ Checkout · 2 orders ──────────────────────────────────────────────────────╮",
                " │ ▸ Riverstone Market                                                  Ready │",
                " │   Matte Claw Clip · Black × 1                                       $12.99 │",
                " │   Ship to  Alex Rivera, 1420 NW Alder St, Portland, OR 97209               │",
                " │   Pay with Visa ···· 4242   Arrives Thu, Sep 24                            │",
                " │   Items $12.99  Discount -$1.29  Shipping $3.99  Tax $1.00    Total $16.69 │",
                " │   Voucher REEL10: 10% off the items                                        │",
                " │                                                                            │",
                " │   Lumen Bazaar                                                  Not linked │",
                " │   Cloud Mug · Sky × 2                                               $36.00 │",
                " │   Link your Lumen Bazaar account to order: press L.                        │",
                " │                                                                            │",
                " │ Total $16.69   Press ⏎ to place 1 order                                    │",
                " ╰────────────────────────────────────────────────────────────────────────────╯",
                "",
                "",
                "",
                "",
                " ⏎ place  j/k select  v voucher  r re-quote  esc back",
            ])
    }

    @Test func ordersAt80x24() {
        let grid = AppView.render(MarketScreenStates.orders(), theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                         🛒 Cart 3",
                "",
                "",
                "",
                "",
                "",
                " ╭─ Orders · 2 ───────────────────────────────────────────────────────────────╮",
                " │ ▸ Lumen Bazaar  LB-200-3000002                              Placed  $40.99 │",
                " │     Arrives Thu, Sep 24 · Cloud Mug × 2                                    │",
                " │   Riverstone Market  RS-100-2000001                        Shipped  $17.98 │",
                " │     Arrives Thu, Sep 24 · Matte Claw Clip × 1                              │",
                " │                                                                            │",
                " │ Tracking LB-200-3000002                                                    │",
                " │   ✓ Placed · Sep 21, 14:13:20                                              │",
                " │   ○ Shipped                                                                │",
                " │   ○ Out for delivery                                                       │",
                " │   ○ Delivered                                                              │",
                " ╰────────────────────────────────────────────────────────────────────────────╯",
                "",
                "",
                "",
                "",
                "",
                " j/k select  esc back  ? help",
            ])
    }

    @Test func checkoutAt120x40() {
        let grid = AppView.render(MarketScreenStates.checkout(120, 40), theme: colour, library: Fixtures.clips)
        expectNoDifference(
            grid.lines,
            [
                " ▶ reelshop   For You  Following  LIVE  Saved                                                                 🛒 Cart 3",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "                 ╭─ Checkout · 2 orders ──────────────────────────────────────────────────────────────╮",
                "                 │ ▸ Riverstone Market                                                          Ready │",
                "                 │   Matte Claw Clip · Black × 1                                               $12.99 │",
                "                 │   Ship to  Alex Rivera, 1420 NW Alder St, Portland, OR 97209                       │",
                "                 │   Pay with Visa ···· 4242   Arrives Thu, Sep 24                                    │",
                "                 │   Items $12.99  Discount -$1.29  Shipping $3.99  Tax $1.00            Total $16.69 │",
                "                 │   Voucher REEL10: 10% off the items                                                │",
                "                 │                                                                                    │",
                "                 │   Lumen Bazaar                                                          Not linked │",
                "                 │   Cloud Mug · Sky × 2                                                       $36.00 │",
                "                 │   Link your Lumen Bazaar account to order: press L.                                │",
                "                 │                                                                                    │",
                "                 │ Total $16.69   Press ⏎ to place 1 order                                            │",
                "                 ╰────────────────────────────────────────────────────────────────────────────────────╯",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                " ⏎ place  j/k select  v voucher  r re-quote  esc back",
            ])
    }

    @Test func theCodeIsBoldAndNotLinkedIsAWarning() throws {
        let grid = AppView.render(MarketScreenStates.linkCode(), theme: colour, library: Fixtures.clips)
        let row = try #require(grid.lines.firstIndex { $0.contains("QXLW-RLKV") })
        let x = try #require(Array(grid.line(row)).firstIndex(of: "Q"))
        #expect(grid[x, row].style.attributes.contains(.bold))
        let checkout = AppView.render(MarketScreenStates.checkout(), theme: colour, library: Fixtures.clips)
        let notLinked = try #require(checkout.lines.firstIndex { $0.contains("Not linked") })
        let nx = try #require(Array(checkout.line(notLinked)).firstIndex(of: "N"))
        #expect(checkout[nx, notLinked].style == colour.warning)
    }

    @Test func noTokenOrDeviceCodeIsEverDrawn() {
        for state in MarketScreenStates.all() {
            let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
            #expect(!text.contains("dvc_never_on_screen"))
        }
    }

    @Test func asciiAndNoColourKeepEverythingReadable() {
        let plain = Theme(capability: .monochrome, unicode: false)
        let link = AppView.render(MarketScreenStates.linkCode(), theme: plain, library: Fixtures.clips).text
        #expect(link.contains("QXLW-RLKV"))
        #expect(link.contains("Expires in 9:41"))
        let checkout = AppView.render(MarketScreenStates.checkout(), theme: plain, library: Fixtures.clips).text
        #expect(checkout.contains("Press enter to place 1 order"))
    }

    @Test func theOrdersTimelineFollowsTheSelection() {
        var state = MarketScreenStates.orders()
        state.press("j")
        let lines = AppView.render(state, theme: colour, library: Fixtures.clips).lines
        #expect(lines.contains { $0.contains("│ Tracking RS-100-2000001 ") })
        #expect(lines.contains { $0.contains("✓ Shipped · ") })
        #expect(lines.contains(" │   ○ Out for delivery                                                       │"))
    }

    @Test func helpAndFooterNameTheNewKeys() {
        var state = Fixtures.state()
        let feed = AppView.render(state, theme: colour, library: Fixtures.clips).lines[23]
        for hint in ["b buy", "o orders", "? help", "q quit"] { #expect(feed.contains(hint)) }
        // Hints drop from the end on narrow terminals; every one shows on a wide one.
        let wide = AppView.render(Fixtures.state(120, 40), theme: colour, library: Fixtures.clips).lines[39]
        for hint in ["b buy", "o orders", "L accounts", "p pause"] { #expect(wide.contains(hint)) }
        state.press("?")
        let help = AppView.render(state, theme: colour, library: Fixtures.clips).text
        for text in [
            "buy now, cart untouched", "your orders", "linked accounts", "Checkout", "place orders (asks y/n)",
            "voucher code", "accept changed prices", "link the selected marketplace", "check out the whole cart",
            "switch tabs", "search", "buy, add at deal price",
        ] {
            #expect(help.contains(text), "help is missing \(text)")
        }
    }
}
