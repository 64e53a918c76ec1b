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
        #expect(
            !(0..<grid.width).contains { grid[$0, row].text == "━" || grid[$0, row].text == "─" },
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
    }

    /// Sixel has no terminal-side animation: the view reports the frame due and the loop wakes
    /// for it (the overlay writes it as the byte budget allows); reduced motion shows frame 0.
    @Test(arguments: [GraphicsMode.sixel, .iterm])
    func sixelAndITerm2ReportTheFrameDueAndWakeForTheNext(mode: GraphicsMode) throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.graphics = GraphicsStatus(active: mode, detected: mode)
        let first = try #require(fixture.render(state).picture)
        #expect(first.animates && first.frame == 0)
        let wake = try #require(fixture.wake(state), "the app sends sixel frames: it wakes for the next")
        state.send(.tick(now: wake + 0.001))
        let next = try #require(fixture.render(state).picture)
        #expect(next.frame != first.frame, "the next frame is due")
        #expect(next.rect == first.rect && next.path == first.path && next.background == first.background, "only the frame differs")
        state.press("p")
        let paused = try #require(fixture.render(state).picture)
        #expect(fixture.wake(state) == nil, "paused: no wake-ups")
        state.send(.tick(now: wake + 5))
        #expect(fixture.render(state).picture?.frame == paused.frame, "paused: the frame holds")

        var reduced = fixture.state(at: 10)
        reduced.playback.reduceMotion = true
        reduced.graphics = GraphicsStatus(active: mode, detected: mode)
        #expect(fixture.render(reduced).picture?.animates == false, "--reduce-motion: the first frame alone")
        #expect(fixture.wake(reduced) == nil)
    }

    /// A LIVE post shows its loop in pixels too; the LIVE badge, which sits over the clip's top
    /// row in cells, moves to the row under the picture (a picture would hide it).
    @Test func aLivePostInPixelsHasItsPictureAndTheBadgeUnderIt() throws {
        let fixture = try ClipFixture()
        let withLive = Catalog(
            directory: fixture.catalog.directory, marketplaces: fixture.catalog.marketplaces, creators: fixture.catalog.creators,
            products: fixture.catalog.products, posts: fixture.catalog.posts, lives: [Fixtures.live])
        func live(_ graphics: GraphicsStatus) -> AppState {
            var state = AppState(catalog: withLive, size: Size(width: 80, height: 24))
            state.graphics = graphics
            state.send(.tick(now: 10))
            state.press("3")
            return state
        }
        let layout = FeedLayout(size: Size(width: 80, height: 24))
        func row(_ grid: Grid, _ y: Int) -> String { (layout.media.x..<layout.media.maxX).map { grid[$0, y].text }.joined() }

        let cells = live(.cells)
        #expect(cells.currentLive != nil, "the LIVE tab shows the stream")
        let cellGrid = AppView.render(cells, theme: colour, library: fixture.library)
        #expect(cellGrid.picture == nil)
        #expect(row(cellGrid, layout.media.y).contains("LIVE"), "cells: the badge over the clip's top row")

        let kitty = live(GraphicsStatus(active: .kitty, detected: .kitty))
        let grid = AppView.render(kitty, theme: colour, library: fixture.library)
        let picture = try #require(grid.picture, "pixels: the stream's loop is a picture")
        #expect(picture.rect == layout.media)
        #expect(!row(grid, layout.media.y).contains("LIVE"), "nothing drawn under the picture but the clip")
        let under = row(grid, layout.progressRow)
        #expect(under.contains("LIVE") && under.hasSuffix("1/1"), "the badge and the counter: \(under)")
        print("LIVE in pixels, under the picture: [\(under)]; cells, top row: [\(row(cellGrid, layout.media.y))]")
    }

    /// The product sheet shows the product's picture (its post's clip, first frame) left of the
    /// text: as cells in every mode, and in kitty also as the picture over those cells.
    @Test func theProductSheetShowsTheProductsPicture() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.send(.key(.enter))
        guard case .product(let sheet) = state.top else { Issue.record("no product sheet: \(String(describing: state.top))"); return }
        func sheetGrid(_ state: AppState) -> Grid {
            var grid = Grid(width: state.size.width, height: state.size.height, asciiOnly: false)
            ProductSheet.draw(&grid, sheet: sheet, scene: FeedScene(state), theme: colour, library: fixture.library)
            return grid
        }
        let cells = sheetGrid(state)
        // The panel's inside starts at (3, 2) at 80x24; the picture is 23x20 cells there (9:8 of 20 rows), the
        // clip's first frame is red.
        let box = Rect(x: 3, y: 2, width: 23, height: 20)
        let red = XtermPalette.nearest256(ClipFixture.red)
        let redCells = (box.y..<box.maxY).flatMap { y in (box.x..<box.maxX).map { (x: $0, y: y) } }
            .filter { cells[$0.x, $0.y].style.background == .index(red) || cells[$0.x, $0.y].style.foreground == .index(red) }
        #expect(redCells.count > 200, "the picture fills its box: \(redCells.count) red cells")
        #expect(cells.picture == nil, "cells mode: no pixels")
        #expect(String(Array(cells.line(2)).dropFirst(28)).hasPrefix("Matte Claw Clip"), "the text moves right of the picture: \(cells.line(2))")

        state.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        let kitty = sheetGrid(state)
        let picture = try #require(kitty.picture)
        #expect(picture.rect == box)
        #expect(picture.path == fixture.catalog.mediaURL(state.currentPost!.media).path)
        #expect(picture.animates && picture.playing)
        for y in box.y..<box.maxY { for x in box.x..<box.maxX { #expect(kitty[x, y] == cells[x, y]) } }
    }

    @Test func aProductSheetWhoseClipCannotBeShownIsTextOnly() {
        var state = AppState(catalog: Fixtures.catalogWithoutMedia, size: Size(width: 80, height: 24))
        state.graphics = GraphicsStatus(active: .kitty, detected: .kitty)
        state.send(.key(.enter))
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(grid.picture == nil)
        #expect(grid.lines[3].hasPrefix("  │ Matte Claw Clip"), "the fixture's files are missing: no picture column")
        #expect(!grid.text.contains("Can't play"))
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
        let help = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(help.picture == nil)
        #expect(help.text.contains("Pictures: kitty graphics"), "help says which mode is active")
    }

    @Test func helpSaysCellsWhenThatIsTheMode() {
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.press("?")
        for _ in 0..<HelpOverlay.maxScroll(state) { state.press("j") }
        #expect(AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("Pictures: cells (half blocks)"))
        #expect(GraphicsStatus(active: .cells, detected: .sixel).helpLine.contains("sixel found"))
    }

    /// Help's last line says which background the colours are for, and how to change it.
    @Test func helpSaysWhichBackgroundTheColoursAreFor() {
        var state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
        state.press("?")
        for _ in 0..<HelpOverlay.maxScroll(state) { state.press("j") }
        let dark = AppView.render(state, theme: colour, library: Fixtures.clips).text
        let light = AppView.render(state, theme: Theme(capability: .ansi256, unicode: true, appearance: .light), library: Fixtures.clips).text
        #expect(dark.contains("Colours: for a dark background; --theme light for a light one"), "\(dark)")
        #expect(light.contains("Colours: for a light background; --theme dark for a dark one"))
        #expect(AppView.render(state, theme: Theme(capability: .monochrome, unicode: false), library: Fixtures.clips).text.contains("Colours: none"))
    }
}

/// The first picture of a clip in sixel waits for no more than its first frame (issue 14: it
/// waited for the whole clip's decode, about 90 ms of a 300 ms first picture).
@Suite struct PixelFirstScreenTests {
    @Test func inSixelTheFirstScreenDecodesOnlyTheFirstFrameAndTheClipPlaysAfter() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.graphics = GraphicsStatus(active: .sixel, detected: .sixel)
        let box = FeedLayout(size: state.size).media
        let request = ClipLibrary.request(
            for: state.currentPost!, catalog: fixture.catalog, size: CellSize(width: box.width, height: box.height),
            capability: .ansi256)
        let grid = fixture.render(state)
        let picture = try #require(grid.picture)
        #expect(picture.frame == 0 && picture.animates && picture.playing)
        #expect(!fixture.library.isDecoded(request), "the first screen decoded the whole clip")
        let bar = (0..<grid.width).map { grid[$0, FeedLayout(size: state.size).progressRow].text }.joined()
        #expect(bar.contains("─"), "an animated clip the app plays has its bar from the first screen: \(bar)")
        // When the run loop wakes next and which frame is due then come from the file's delays:
        // the cell-box clip is never decoded for them (it was, on the run loop, ~90 ms).
        let wake = try #require(Playback.nextWake(state, theme: Theme(capability: .ansi256, unicode: true), library: fixture.library))
        #expect(wake > 10.05 && wake <= 10.25, "the second frame's deadline on the 8-a-second grid: \(wake)")
        #expect(!fixture.library.isDecoded(request), "the next wake decoded the clip")
        // 150 ms in: the second frame (100 ms each).
        state.send(.tick(now: 10.15))
        #expect(fixture.render(state).picture?.frame == 1)
        #expect(!fixture.library.isDecoded(request), "the frame due decoded the clip")
        state.send(.tick(now: 10.25))
        #expect(fixture.render(state).picture?.frame == 2)
        state.send(.tick(now: 10.35))
        #expect(fixture.render(state).picture?.frame == 0, "a loop of three")
    }
}
