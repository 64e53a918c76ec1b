import Foundation
import ShopCore
import ShopMedia
import Testing
@testable import ShopUI

/// The view tells the backend where the feed's clip goes in real pixels (`Grid.picture`), and
/// only in kitty mode; cells mode draws exactly what it drew before.
@Suite struct PicturePlacementTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    @Test func kittyModeReportsTheClipBoxAndTheStillUnderIt() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        let grid = fixture.render(state)
        let box = FeedLayout(size: state.size).media
        let picture = try #require(grid.picture)
        #expect(picture.rect == box)
        #expect(picture.frame == 0)
        #expect(picture.path == fixture.catalog.mediaURL(state.currentPost!.media).path)
        // Under the picture: the clip's first frame as cells, whatever the clock says.
        var later = state
        later.send(.tick(now: 10.15))
        let laterGrid = fixture.render(later)
        #expect(laterGrid.picture == picture)
        for y in box.y..<box.maxY { for x in box.x..<box.maxX { #expect(laterGrid[x, y] == grid[x, y]) } }
    }

    @Test func aStillInPixelsNeedsNoWakeUpsAndItsProgressBarStaysEmpty() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        #expect(fixture.wake(state) != nil, "cells: the 3-frame GIF wakes the loop for its next frame")
        state.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        #expect(fixture.wake(state) == nil, "pixels: frame 0 only, nothing to wake for")
        state.send(.tick(now: 10.15))
        let grid = fixture.render(state)
        let row = FeedLayout(size: state.size).progressRow
        #expect(!(0..<grid.width).contains { grid[$0, row].text == "━" || grid[$0, row].text == "─" },
                "no bar that stands still while the terminal plays the clip")
    }

    @Test func kittyAnimatesTheClipPauseStopsItAndReducedMotionAndSixelShowTheStill() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        let playing = try #require(fixture.render(state).picture)
        #expect(playing.animates && playing.playing, "kitty loops the clip itself")
        #expect(fixture.wake(state) == nil, "the terminal plays it: no wake-ups for frames")
        state.press("p")
        let paused = try #require(fixture.render(state).picture)
        #expect(paused.animates && !paused.playing, "p stops the terminal's loop")
        let row = FeedLayout(size: state.size).progressRow
        let grid = fixture.render(state)
        #expect((0..<grid.width).map { grid[$0, row].text }.joined().contains("Paused"))
        state.press("p")
        #expect(fixture.render(state).picture?.playing == true, "p again resumes it")

        var reduced = fixture.state(at: 10)
        reduced.playback.reduceMotion = true
        reduced.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        #expect(fixture.render(reduced).picture?.animates == false, "--reduce-motion: the first frame alone")
        var sixel = fixture.state(at: 10)
        sixel.graphics = GraphicsStatus(active: .sixel, detected: .sixel)
        #expect(fixture.render(sixel).picture?.animates == false, "sixel shows the first frame (no animation yet)")
    }

    @Test func cellsModeReportsNoPicture() throws {
        let fixture = try ClipFixture()
        let state = fixture.state(at: 10)
        #expect(state.graphics == .cells)
        #expect(fixture.render(state).picture == nil)
    }

    @Test func helpOverTheFeedTakesThePictureAwayAndSaysTheMode() throws {
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        state.press("?")
        for _ in 0..<HelpOverlay.maxScroll(state) { state.press("j") }
        let help = AppView.render(state, theme: colour)
        #expect(help.picture == nil)
        #expect(help.text.contains("Pictures: kitty graphics"), "help says which mode is active")
    }

    @Test func helpSaysCellsWhenThatIsTheMode() {
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.press("?")
        for _ in 0..<HelpOverlay.maxScroll(state) { state.press("j") }
        #expect(AppView.render(state, theme: colour).text.contains("Pictures: cells (half blocks)"))
        #expect(GraphicsStatus(active: .cells, detected: .sixel).helpLine.contains("sixel found"))
    }
}
