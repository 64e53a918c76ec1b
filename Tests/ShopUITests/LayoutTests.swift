import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The feed and a LIVE post use the room a terminal has (issue 11, "wrong for a user"): nothing
/// that fits is cut at the usual demo widths, and small terminals keep what matters.
@Suite struct LayoutTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    /// The text of the info column (right of the rail), so the clip's placeholder does not count.
    private func infoText(_ grid: Grid) -> String {
        let info = FeedLayout(size: grid.size).info
        return (0..<grid.height).map { row in (info.x..<info.maxX).map { grid[$0, row].text }.joined() }.joined(separator: "\n")
    }

    static let demoWidths = [(100, 30), (110, 30), (120, 30), (120, 40), (130, 40)]

    @Test(arguments: demoWidths)
    func aPostShowsItsCreatorLineAndShopCardWhole(width: Int, height: Int) {
        let text = AppView.render(Fixtures.state(width, height), theme: colour, library: Fixtures.clips).text
        #expect(text.contains("Zoe Park · 482K followers"), "creator line cut at \(width)x\(height):\n\(text)")
        #expect(text.contains("★ 4.7 · 96.5K sold · Riverstone Market"), "shop card cut at \(width)x\(height):\n\(text)")
        #expect(text.contains("⏎ view  a add to cart"))
        #expect(text.contains("The only claw clip that survives my curls"), "caption on one line:\n\(text)")
    }

    @Test(arguments: demoWidths)
    func aLivePostShowsWholeChatLinesAndTheWholeDealLine(width: Int, height: Int) {
        var state = Fixtures.liveState(width, height)
        state.press("3")
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("bo: does it hold thick hair?"), "chat cut at \(width)x\(height):\n\(text)")
        #expect(text.contains("Ends in 04:00 · 32 left · limit 2"), "deal line cut at \(width)x\(height):\n\(text)")
    }

    /// From 100 columns the text column beside the clip is never narrower than at 80x24 (44):
    /// the side panel appears only where it leaves that much, and the clip gives way before the text.
    @Test func theTextColumnKeepsItsWidthFrom100Columns() {
        let narrowest = FeedLayout(size: Size(width: 80, height: 24)).info.width
        for width in stride(from: 100, through: 240, by: 5) {
            for height in stride(from: 20, through: 70, by: 5) {
                let layout = FeedLayout(size: Size(width: width, height: height))
                #expect(layout.info.width >= narrowest, "\(width)x\(height): info \(layout.info.width) < \(narrowest)")
                if let panel = layout.sidePanel { #expect(layout.info.maxX <= panel.x) }
            }
        }
        #expect(FeedLayout(size: Size(width: 160, height: 48)).sidePanel != nil, "a wide terminal still has the panel")
    }

    @Test func at60x16TheShareCountStaysClearOfTheScrollHint() {
        let grid = AppView.render(Fixtures.state(60, 16), theme: colour, library: Fixtures.clips)
        let layout = FeedLayout(size: grid.size)
        let rail = (0..<grid.height).map { row in (layout.rail.x..<layout.rail.maxX).map { grid[$0, row].text }.joined() }
        let hint = rail.firstIndex { $0.contains("▼ j") }
        let share = rail.firstIndex { $0.contains("9.1K") }
        #expect(hint != nil && share != nil, "both shown:\n\(rail.joined(separator: "\n"))")
        #expect(hint != share, "the share count runs into the scroll hint:\n\(rail.joined(separator: "\n"))")
        #expect(!rail.contains { $0.contains("▼") && $0.contains("K") })
    }

    @Test func at40x12TheProductCardKeepsItsTitleAndPrice() {
        let grid = AppView.render(Fixtures.state(40, 12), theme: colour, library: Fixtures.clips)
        let info = infoText(grid)
        #expect(info.contains("Matte Claw"), "the product's title:\n\(grid.text)")
        #expect(info.contains("$12.99"), "the product's price:\n\(grid.text)")
        #expect(info.contains("@hairbyzoe"))
    }

    @Test func likingAPostDoesNotMoveItsCount() {
        var state = Fixtures.state()
        state.press("jj")  // p3: 9 likes
        let layout = FeedLayout(size: state.size)
        func countCells(_ grid: Grid) -> (row: Int, right: Int)? {
            for row in 0..<grid.height {
                let cells = (layout.rail.x..<layout.rail.maxX).filter { !grid[$0, row].text.trimmingCharacters(in: .whitespaces).isEmpty }
                let text = cells.map { grid[$0, row].text }.joined()
                if text == "9" || text == "10", let last = cells.last { return (row, last) }
            }
            return nil
        }
        let before = countCells(AppView.render(state, theme: colour, library: Fixtures.clips))
        state.send(.social(.toggled(.toggleLike(postID: "p3"), on: true, SocialState(likedPosts: ["p3"]))))
        let after = countCells(AppView.render(state, theme: colour, library: Fixtures.clips))
        #expect(before != nil && after != nil)
        #expect(
            before?.row == after?.row && before?.right == after?.right,
            "the count's last digit moved from \(String(describing: before)) to \(String(describing: after))")
    }
}
