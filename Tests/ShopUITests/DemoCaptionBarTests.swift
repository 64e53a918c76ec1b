import CustomDump
import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The demo's caption bar: two rows under the app, which is drawn as if two rows shorter.
@Suite struct DemoCaptionBarTests {
    static let colour = Theme(capability: .ansi256, unicode: true)
    static let plain = Theme(capability: .monochrome, unicode: false)

    private func narrated(_ text: String, _ width: Int = 80, _ height: Int = 24) -> AppState {
        var state = Fixtures.state(width, height)
        state.send(.demo(.caption(DemoCaption(step: 3, count: 12, text: text))))
        return state
    }

    /// The same screen without the caption and two rows shorter: what the bar sits under.
    private func appAbove(_ state: AppState, theme: Theme) -> [String] {
        var inner = state
        inner.demo = nil
        inner.size.height -= 2
        return AppView.render(inner, theme: theme, library: Fixtures.clips).lines
    }

    /// In a pixel mode the tour shows the clip as a picture too: the frame keeps the app's
    /// picture placement (the app is drawn at the top left, so at the same cells).
    @Test func theFrameKeepsTheAppsPicture() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        state.send(.demo(.caption(DemoCaption(step: 1, count: 12, text: "The feed."))))
        var inner = state
        inner.demo = nil
        inner.size.height -= 2
        let alone = try #require(AppView.render(inner, theme: Self.colour, library: fixture.library).picture, "the app alone places its picture")
        #expect(AppView.render(state, theme: Self.colour, library: fixture.library).picture == alone)
    }

    @Test func barAt80x24UnderTheWholeApp() {
        let state = narrated("Every post anchors a product. Enter opens it.")
        let grid = AppView.render(state, theme: Self.colour, library: Fixtures.clips)
        expectNoDifference(Array(grid.lines.prefix(22)), appAbove(state, theme: Self.colour))
        #expect(grid.lines[21].contains("j/k scroll"), "the app's own footer stays, above the bar")
        #expect(grid.lines[22] == " ▶ DEMO 3/12  Every post anchors a product. Enter opens it.")
        #expect(grid.lines[23] == String(repeating: " ", count: 61) + "any key: take over")
        // The label is a badge; the bar is one colour across, apart from the header and footer.
        #expect(grid[1, 22].style == Self.colour.badge)
        #expect(grid[14, 22].style == Self.colour.selection)
        #expect(grid[79, 23].style.background == Self.colour.selection.background)
        #expect(grid[0, 23].style.background != Self.colour.footer.background)

        var ended = state
        ended.send(.demo(.ended))
        #expect(
            AppView.render(ended, theme: Self.colour, library: Fixtures.clips) == AppView.render(Fixtures.state(), theme: Self.colour, library: Fixtures.clips))
    }

    @Test func aLongCaptionWrapsOntoTheSecondRowBesideTheHint() {
        let text = "A device code, like signing in on a TV. The demo marketplace approves it, as your phone would, and then more words than fit."
        let lines = AppView.render(narrated(text), theme: Self.colour, library: Fixtures.clips).lines
        #expect(lines[22] == " ▶ DEMO 3/12  A device code, like signing in on a TV. The demo marketplace")
        #expect(lines[23].hasPrefix("              approves it, as your phone would, and then…"))
        #expect(lines[23].hasSuffix("   any key: take over"))
    }

    @Test func withoutColourOrUnicodeTheBarIsReverseVideoAndASCII() {
        let grid = AppView.render(narrated("Scroll the feed like a phone: j or the mouse wheel."), theme: Self.plain, library: Fixtures.clips)
        #expect(grid.lines[22] == " > DEMO 3/12  Scroll the feed like a phone: j or the mouse wheel.")
        #expect(grid.lines[23].hasSuffix("any key: take over"))
        for x in [0, 20, 79] {
            #expect(grid[x, 22].style.attributes.contains(.reverse))
            #expect(grid[x, 23].style.attributes.contains(.reverse))
        }
        #expect(grid.lines.allSatisfy { $0.allSatisfy(\.isASCII) })
    }

    @Test func smallTerminals() {
        // 40x14 leaves the app its 40x12 minimum: the bar is drawn, with the short hint.
        let small = AppView.render(narrated("Every post anchors a product. Enter opens it.", 40, 14), theme: Self.colour, library: Fixtures.clips)
        #expect(small.lines[12] == " ▶ DEMO 3/12  Every post anchors a")
        #expect(small.lines[13] == "              product. Ente…  key: stop")
        // 40x12 has no two rows to spare: the app alone, the tour going on without narration.
        let tiny = AppView.render(narrated("Every post anchors a product.", 40, 12), theme: Self.colour, library: Fixtures.clips)
        #expect(tiny == AppView.render(Fixtures.state(40, 12), theme: Self.colour, library: Fixtures.clips))
    }
}
