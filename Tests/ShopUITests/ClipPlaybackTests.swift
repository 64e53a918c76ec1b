import Foundation
import ShopCore
import ShopTesting
import ShopMedia
import Testing
@testable import ShopUI

/// A catalog folder written by the test: the fixture posts with real pictures under media/.
struct ClipFixture {
    let directory: URL
    let catalog: Catalog
    let library = ClipLibrary(store: MediaStore())

    static let red = ShopMedia.RGB(215, 0, 0)
    static let blue = ShopMedia.RGB(0, 0, 255)
    static let green = ShopMedia.RGB(0, 175, 0)

    /// p1 plays a 3-frame GIF (100 ms a frame), p2 is a still green PNG without motion, p3 is
    /// whatever `third` is (a red/blue striped PNG by default).
    init(third: Data? = nil, size: Size = Size(width: 80, height: 24)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clip-tests-\(UUID().uuidString)")
        let media = directory.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let box = FeedLayout(size: size).media
        let frame = { (index: UInt8) in
            TestImages.GIFFrame(width: 9, height: 16, indexes: Array(repeating: index, count: 9 * 16), delayCentiseconds: 10)
        }
        try TestImages.gif(
            width: 9, height: 16, colors: [ClipFixture.red, ClipFixture.green, ClipFixture.blue, ShopMedia.RGB(255, 255, 255)],
            frames: [frame(0), frame(1), frame(2)]
        ).write(to: media.appendingPathComponent("clip.png"))
        try TestImages.png(RGBAImage(width: 9, height: 16, fill: ClipFixture.green, alpha: 255))
            .write(to: media.appendingPathComponent("mug.png"))
        try (third ?? ClipFixture.stripes(width: box.width, height: box.height * 2))
            .write(to: media.appendingPathComponent("hush.png"))
        let base = Fixtures.catalog
        var posts = base.posts
        posts[1].motion = "none"
        posts[2].motion = "none"
        catalog = Catalog(
            directory: directory, marketplaces: base.marketplaces, creators: base.creators,
            products: base.products, posts: posts)
    }

    /// Red on even pixel rows, blue on odd ones: every half-block cell is red over blue.
    static func stripes(width: Int, height: Int) -> Data {
        var pixels: [UInt8] = []
        for y in 0..<height {
            let c = y % 2 == 0 ? red : blue
            for _ in 0..<width { pixels += [c.r, c.g, c.b, 255] }
        }
        return TestImages.png(RGBAImage(width: width, height: height, pixels: pixels)!)
    }

    func state(_ width: Int = 80, _ height: Int = 24, at now: Double = 10, playback: PlaybackState = PlaybackState()) -> AppState {
        var state = AppState(catalog: catalog, size: Size(width: width, height: height))
        state.playback = playback
        state.send(.tick(now: now))
        return state
    }

    func render(_ state: AppState, theme: Theme = Theme(capability: .ansi256, unicode: true)) -> Grid {
        var grid = Grid(width: state.size.width, height: state.size.height, asciiOnly: !theme.glyphs.isUnicode)
        let layout = FeedLayout(size: state.size)
        if let post = state.currentPost {
            ClipView.draw(&grid, in: layout.media, scene: FeedScene(state), post: post, theme: theme, library: library)
            ClipView.drawProgress(&grid, layout: layout, scene: FeedScene(state), post: post, theme: theme, library: library)
        }
        return grid
    }

    func frame(_ state: AppState) throws -> Int {
        let box = FeedLayout(size: state.size).media
        let request = ClipLibrary.request(
            for: state.currentPost!, catalog: catalog,
            size: CellSize(width: box.width, height: box.height), capability: .ansi256)
        return try library.frameIndex(for: request, elapsed: state.playback.elapsed)
    }

    func wake(_ state: AppState) -> Double? {
        Playback.nextWake(state, theme: Theme(capability: .ansi256, unicode: true), library: library)
    }
}

@Suite struct ClipPlaybackTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    @Test func framesAdvanceAtAbsoluteDeadlinesAndTheRunnerWakesForTheNext() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        #expect(state.playback.isRunning)
        #expect(try fixture.frame(state) == 0)
        // 15 fps: the 100 ms deadline rounds up onto the 1/15 s grid.
        let wake = try #require(fixture.wake(state))
        #expect(abs(wake - (10 + 2.0 / 15)) < 0.001)
        state.send(.tick(now: 10.15))
        #expect(try fixture.frame(state) == 1)
        // Late: at 10.35 frame 2 (0.2-0.3) was never shown; frame 0 of the next loop is due.
        state.send(.tick(now: 10.35))
        #expect(try fixture.frame(state) == 0)
        let next = try #require(fixture.wake(state))
        #expect(next > 10.35 && next <= 10.4 + 1.0 / 15 + 0.001)
    }

    @Test func theFrameRateCapSpacesWakeUps() throws {
        let fixture = try ClipFixture()
        let state = fixture.state(at: 10, playback: PlaybackState(maxFramesPerSecond: 2))
        let wake = try #require(fixture.wake(state))
        #expect(abs(wake - 10.5) < 0.001)
    }

    @Test func pKeyPausesAndResumesWhereItStopped() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.send(.tick(now: 10.12))
        state.press("p")
        #expect(state.playback.userPaused && !state.playback.isRunning)
        #expect(fixture.wake(state) == nil)
        state.send(.tick(now: 60))
        #expect(abs(state.playback.elapsed - 0.12) < 1e-9)
        #expect(fixture.render(state).lines[FeedLayout(size: state.size).progressRow].contains("Paused"))
        state.press("p")
        state.send(.tick(now: 60.05))
        #expect(abs(state.playback.elapsed - 0.17) < 1e-9)
        #expect(try fixture.frame(state) == 1)
    }

    /// `--idle-pause` (serve's visitors: 2 minutes): nobody has pressed anything for that long,
    /// so the clip stops and the loop stops waking; the next key plays on and does what it does.
    @Test func anIdlePauseStopsTheClipUntilTheNextKey() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10, playback: PlaybackState(idlePause: 120))
        state.press("l")  // a key at 10 s (a like: it leaves the clip playing)
        state.send(.tick(now: 129))
        #expect(state.playback.isRunning && fixture.wake(state) != nil, "119 s without a key: still playing")
        state.send(.tick(now: 130.05))
        #expect(state.playback.dozing && !state.playback.isRunning, "120 s: paused")
        #expect(fixture.wake(state) == nil, "no wake-ups while nobody watches")
        let held = state.playback.elapsed
        state.send(.tick(now: 900))
        #expect(state.playback.elapsed == held, "the clip holds its frame")
        #expect(fixture.render(state).lines[FeedLayout(size: state.size).progressRow].contains("Paused"))
        let index = state.feed.index
        state.press("j")
        #expect(!state.playback.dozing && state.playback.isRunning && state.feed.index == index + 1, "j plays on and scrolls")

        // Dozing, p only plays on (pausing again at once would look like a dead key).
        state.send(.tick(now: 1100))
        #expect(state.playback.dozing)
        state.press("p")
        #expect(!state.playback.dozing && !state.playback.userPaused && state.playback.isRunning)
    }

    @Test func withoutAnIdlePauseTheClipPlaysOn() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.send(.tick(now: 10_000))
        #expect(state.playback.isRunning && !state.playback.dozing && fixture.wake(state) != nil)
    }

    @Test func aPageOverTheFeedPausesTheClip() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.send(.tick(now: 10.05), .key(.enter))
        #expect(state.top != nil && !state.playback.isRunning)
        #expect(fixture.wake(state) == nil)
        state.send(.tick(now: 20), .key(.escape))
        #expect(state.playback.isRunning)
        #expect(abs(state.playback.elapsed - 0.05) < 1e-9)
        state.send(.tick(now: 20), .key(.character("?")))
        #expect(!state.playback.isRunning && fixture.wake(state) == nil)
    }

    @Test func reducedMotionShowsAStillFrameAndNeverWakes() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10, playback: PlaybackState(reduceMotion: true))
        state.send(.tick(now: 13.7))
        #expect(state.playback.elapsed == 0 && !state.playback.isRunning)
        #expect(try fixture.frame(state) == 0)
        #expect(fixture.wake(state) == nil)
        state.press("j")
        #expect(state.playback.slide == nil && fixture.wake(state) == nil)
    }

    @Test func scrollingSlidesTheNextPostInFromBelow() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        state.send(.tick(now: 10.25))
        state.press("j")
        let slide = try #require(state.playback.slide)
        #expect(slide.direction == 1 && slide.fromIndex == 0 && abs(slide.fromElapsed - 0.25) < 1e-9)
        #expect(state.playback.elapsed == 0)
        // The slide asks for redraws until it ends.
        let slideWake = try #require(fixture.wake(state))
        #expect(slideWake <= 10.25 + 1.0 / 15 + 1e-6)
        state.send(.tick(now: 10.25 + PlaybackState.Slide.duration / 2))
        #expect(abs(slide.progress(at: state.playback.now) - 0.5) < 1e-6)
        // Half way: the top half still shows the leaving GIF frame (blue, frame 2), the bottom half
        // the green still coming in.
        let box = FeedLayout(size: state.size).media
        let grid = fixture.render(state)
        let blue = TermColor.index(XtermPalette.nearest256(ClipFixture.blue))
        let green = TermColor.index(XtermPalette.nearest256(ClipFixture.green))
        #expect(grid[box.x + box.width / 2, box.y + 1].style.background == blue)
        #expect(grid[box.x + box.width / 2, box.maxY - 2].style.background == green)
        state.send(.tick(now: 10.5))
        #expect(state.playback.slide == nil)
        #expect(fixture.render(state)[box.x + box.width / 2, box.y + 1].style.background == green)
        // Scrolling back slides the other way.
        state.press("k")
        #expect(state.playback.slide?.direction == -1)
    }

    @Test func theRunnerBlocksWithoutTimeoutWhenNothingMoves() throws {
        let fixture = try ClipFixture()
        let stateDir = fixture.directory.appendingPathComponent("state")
        let store = CartStore(stateDirectory: StateDirectory(url: stateDir), catalog: fixture.catalog)
        try FileManager.default.createDirectory(at: stateDir, withIntermediateDirectories: true)
        let clock = { @Sendable in 100.0 }
        // Playing: every wait has a timeout (the next frame).
        let playing = TestBackend(size: Size(width: 80, height: 24), script: [[], [], []])
        AppRunner(
            catalog: fixture.catalog, backend: playing, environment: AppEnvironment(cartStore: store, clips: fixture.library, clock: clock),
            offersInterestPicker: false
        ).run()
        let allTimed = playing.timeouts.prefix(3).allSatisfy { $0 != nil }
        #expect(allTimed)
        // Reduced motion: blocked on input alone.
        let still = TestBackend(size: Size(width: 80, height: 24), script: [[], [.key(.character("j"))], []])
        AppRunner(
            catalog: fixture.catalog, backend: still, environment: AppEnvironment(cartStore: store, clips: fixture.library, clock: clock),
            playback: PlaybackState(reduceMotion: true), offersInterestPicker: false
        ).run()
        let stillBlocks = still.timeouts.allSatisfy { $0 == nil }
        #expect(stillBlocks)
        // Paused with p: blocked too.
        let paused = TestBackend(size: Size(width: 80, height: 24), script: [[.key(.character("p"))], [], []])
        AppRunner(
            catalog: fixture.catalog, backend: paused, environment: AppEnvironment(cartStore: store, clips: fixture.library, clock: clock),
            offersInterestPicker: false
        ).run()
        let pausedBlocks = paused.timeouts.dropFirst().allSatisfy { $0 == nil }
        #expect(pausedBlocks)
    }
}

@Suite struct ClipScreenTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    @Test func theMediaAreaHoldsHalfBlocksFromARealPicture() throws {
        let fixture = try ClipFixture()
        var state = fixture.state()
        state.press("jj")
        state.send(.tick(now: 11))
        let grid = fixture.render(state)
        let box = FeedLayout(size: state.size).media
        let red = TermColor.index(XtermPalette.nearest256(ClipFixture.red))
        let blue = TermColor.index(XtermPalette.nearest256(ClipFixture.blue))
        for y in box.y..<box.maxY {
            for x in box.x..<box.maxX {
                #expect(grid[x, y] == Cell(text: "▀", style: Style(foreground: red, background: blue)), "cell \(x),\(y)")
            }
        }
        // The progress line: a bar and the post counter.
        #expect(grid.lines[FeedLayout(size: state.size).progressRow].hasSuffix("─ 3/3"))
    }

    @Test func aGIFShowsItsFramesInTurn() throws {
        let fixture = try ClipFixture()
        var state = fixture.state(at: 10)
        let box = FeedLayout(size: state.size).media
        let first = fixture.render(state)
        state.send(.tick(now: 10.15))
        let second = fixture.render(state)
        #expect(first[box.x + 2, box.y + 2].style.background == .index(XtermPalette.nearest256(ClipFixture.red)))
        #expect(second[box.x + 2, box.y + 2].style.background == .index(XtermPalette.nearest256(ClipFixture.green)))
        // The loop progress moved on.
        let row = FeedLayout(size: state.size).progressRow
        #expect(first.lines[row] != second.lines[row])
    }

    @Test func aBrokenFileShowsThePlaceholderAndAClearError() throws {
        let fixture = try ClipFixture(third: Data("GIF89a but not really".utf8))
        var state = fixture.state()
        state.press("jj")
        state.send(.tick(now: 11))
        let grid = fixture.render(state)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("HEADPHONES") || text.contains(Fixtures.catalog.products[2].category.uppercased()))
        #expect(text.contains("Can't play hush.png"))
    }

    @Test func monochromeGetsTheAsciiRampWithoutColour() throws {
        let fixture = try ClipFixture()
        let grid = fixture.render(fixture.state(), theme: Theme(capability: .monochrome, unicode: true))
        let box = FeedLayout(size: grid.size).media
        for y in box.y..<box.maxY {
            for x in box.x..<box.maxX {
                let cell = grid[x, y]
                let ascii = cell.text.unicodeScalars.allSatisfy { $0.isASCII }
                #expect(ascii)
                #expect(cell.style.foreground == .default && cell.style.background == .default)
            }
        }
    }

    @Test func asciiTerminalsGetColouredSpacesInsteadOfHalfBlocks() throws {
        let fixture = try ClipFixture()
        var state = fixture.state()
        state.press("jj")
        state.send(.tick(now: 11))
        let grid = fixture.render(state, theme: Theme(capability: .ansi256, unicode: false))
        let box = FeedLayout(size: grid.size).media
        #expect(grid[box.x, box.y] == Cell(text: " ", style: Style(background: .index(XtermPalette.nearest256(ClipFixture.blue)))))
        #expect(grid.lines[FeedLayout(size: grid.size).progressRow].contains("- 3/3"))
    }

    @Test(arguments: [(ColorCapability.ansi16, 16), (.ansi8, 8)])
    func fewerColoursStayInsideThePalette(capability: ColorCapability, count: Int) throws {
        let fixture = try ClipFixture()
        var state = fixture.state()
        state.press("jj")
        state.send(.tick(now: 11))
        let grid = fixture.render(state, theme: Theme(capability: capability, unicode: true))
        let box = FeedLayout(size: grid.size).media
        var indexes: Set<Int> = []
        for y in box.y..<box.maxY {
            for x in box.x..<box.maxX {
                for colour in [grid[x, y].style.foreground, grid[x, y].style.background] {
                    if case .index(let i) = colour { indexes.insert(Int(i)) }
                }
            }
        }
        #expect(!indexes.isEmpty)
        #expect(indexes.allSatisfy { $0 < count }, "\(indexes)")
    }
}
