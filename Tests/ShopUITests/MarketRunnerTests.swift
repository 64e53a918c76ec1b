import Foundation
import ShopCore
import ShopTesting
import Testing
@testable import ShopUI
#if canImport(Glibc)
    import Glibc
#endif

/// A backend that plays keys and, between them, really waits on the descriptors the run loop
/// watches (as ncurses does), until the screen shows some text.
final class WaitingBackend: TerminalBackend {
    enum Step {
        case keys([Key])
        case until(String)
        /// Like `until`, for a condition other than the screen's text (the loop runs between waits).
        case untilTrue(() -> Bool)
        /// Something another window does (a file written), run on the loop's thread between waits.
        case perform(() -> Void)
        /// Waits until a watched descriptor is readable, then reports it and these keys in one
        /// batch, as a terminal does when a key arrives just as another window writes a file.
        case keysWithChange([Key])
    }

    let size: Size
    let theme = Theme(capability: .ansi256, unicode: true)
    private var steps: [Step]
    private var deadline: Date?
    private(set) var lastGrid: Grid?
    private(set) var timedOut: [String] = []

    init(size: Size = Size(width: 80, height: 24), steps: [Step]) {
        self.size = size
        self.steps = steps
    }

    /// Called at each draw, before the grid is kept (tests: what happened before a frame).
    var onDraw: (() -> Void)?

    func draw(_ grid: Grid) {
        onDraw?()
        lastGrid = grid
    }

    func waitForEvents(timeout: Double?, watching: [Int32]) -> [InputEvent] {
        while let step = steps.first {
            switch step {
            case .keys(let keys):
                steps.removeFirst()
                return keys.map(InputEvent.key)
            case .perform(let body):
                steps.removeFirst()
                body()
            case .keysWithChange(let keys):
                steps.removeFirst()
                var fds = watching.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                _ = poll(&fds, nfds_t(fds.count), 10_000)
                return fds.filter { $0.revents != 0 }.map { InputEvent.readable($0.fd) } + keys.map(InputEvent.key)
            case .until(let text):
                if let events = wait(until: lastGrid?.text.contains(text) == true, named: text, timeout: timeout, watching: watching) {
                    return events
                }
            case .untilTrue(let condition):
                if let events = wait(until: condition(), named: "a condition", timeout: timeout, watching: watching) { return events }
            }
        }
        return [.terminate]
    }

    /// nil when `done` (the step is over: go on to the next); else one wait of at most 0.2 s on
    /// the watched descriptors, or `.terminate` once the step has waited 60 s.
    private func wait(until done: Bool, named name: String, timeout: Double?, watching: [Int32]) -> [InputEvent]? {
        if done {
            steps.removeFirst()
            deadline = nil
            return nil
        }
        let deadline = self.deadline ?? Date().addingTimeInterval(60)
        self.deadline = deadline
        guard Date() < deadline else {
            timedOut.append(name)
            return [.terminate]
        }
        var fds = watching.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let wait = min(timeout ?? 0.2, 0.2)
        _ = poll(&fds, nfds_t(fds.count), Int32(wait * 1000))
        return fds.filter { $0.revents != 0 }.map { .readable($0.fd) }
    }
}

/// Hands the runner (not Sendable) to the one thread that uses it.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

@Suite struct MarketRunnerTests {
    /// The marketplace answers come back through the runner's self-pipe: no tmux, no sleeps.
    /// The loop runs on its own thread, as it does on the main thread in the app: the effect
    /// Tasks need the cooperative pool, which blocking tests running in parallel (tmux) may hold
    /// for a while, hence the generous wait.
    @Test func linkCodeAndOrdersArriveThroughTheMailbox() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let (runner, backend) = try Self.ordersThenLink(in: url)
        let box = UncheckedBox(runner)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                box.value.run(); done.resume()
            }.start()
        }
        #expect(backend.timedOut.isEmpty, "never showed \(backend.timedOut); last screen:\n\(backend.lastGrid?.text ?? "")")
        let text = try #require(backend.lastGrid).text
        #expect(text.range(of: "[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}", options: .regularExpression) != nil)
        #expect(text.contains("https://riverstone.example/link"))
    }

    /// The cooperative pool taken by blocking work (a busy host; tests waiting on tmux did this):
    /// the orders list and a link code still arrive, since the runner's marketplace calls run on
    /// threads of their own. Before, the screen waited for the pool (over a minute seen in CI).
    @Test func theMarketplaceAnswersWhileTheCooperativePoolIsBlocked() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let (runner, backend) = try Self.ordersThenLink(in: url)
        let blockers = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let release = DispatchSemaphore(value: 0)
        for _ in 0..<blockers { Task.detached { Self.block(on: release) } }
        Self.runBlocking(UncheckedBox(runner))  // this thread (of the pool) waits too
        for _ in 0..<blockers { release.signal() }
        #expect(backend.timedOut.isEmpty, "never showed \(backend.timedOut); last screen:\n\(backend.lastGrid?.text ?? "")")
    }

    /// The start-up stock question goes out once the first frame is drawn, not before: at 10,000
    /// products the embedded marketplace answering it took the same two cores as the first frame
    /// (issue 15, docs/PERFORMANCE.md).
    @Test func theStartUpStockRefreshIsAskedAfterTheFirstFrame() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let directory = StateDirectory(url: url)
        try directory.create()
        final class Frames: @unchecked Sendable {
            let lock = NSLock()
            var drawn = 0
            var drawnWhenAsked: [Int] = []
            var askedAt: [Date] = []
        }
        let frames = Frames()
        let riverstone = InMemoryMarketplace(id: "riverstone", name: "Riverstone Market")
        riverstone.onStock { _ in
            frames.lock.withLock {
                frames.drawnWhenAsked.append(frames.drawn)
                frames.askedAt.append(Date())
            }
        }
        let started = Date()
        let market = MarketServices(registry: MarketplaceRegistry(services: [riverstone]), catalog: Fixtures.catalog, stateDirectory: directory)
        let asked = { frames.lock.withLock { !frames.drawnWhenAsked.isEmpty } }
        let backend = WaitingBackend(steps: [
            .until("For You"),
            .untilTrue(asked),
        ])
        backend.onDraw = {
            // The first frame takes a while (as 10,000 products do): time for a question sent
            // before it to arrive.
            if frames.lock.withLock({ frames.drawn }) == 0 { usleep(200_000) }
            frames.lock.withLock { frames.drawn += 1 }
        }
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: ClipLibrary(), market: market),
            offersInterestPicker: false)
        Self.runBlocking(UncheckedBox(runner))
        let when = frames.lock.withLock { frames.drawnWhenAsked }
        #expect(!when.isEmpty, "the stock was asked for")
        #expect(when.first.map { $0 >= 1 } == true, "asked after the first frame, not before: frames drawn when asked \(when)")
        // And not in the first second, which belongs to the first frame (under `serve`, to the
        // other visitors' first frames too).
        let askedAfter = frames.lock.withLock { frames.askedAt.first }.map { $0.timeIntervalSince(started) }
        #expect(askedAfter.map { $0 >= AppRunner.settleDelay } == true, "asked \(askedAfter ?? -1) s after the runner started")
    }

    /// The first screen shows the first clip from its start. The runner's first action (the wall
    /// clock) came before its first tick, so the clip's clock started at 0 while the monotonic
    /// clock said hours: the first frame was wherever the uptime fell in the loop, and the
    /// first-frame-only decode (`ClipLibrary.firstFrameWindow`) never applied.
    @Test func theFirstFrameShowsTheClipFromItsStart() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let directory = StateDirectory(url: url)
        try directory.create()
        let backend = WaitingBackend(steps: [.until("For You")])
        let start = Date()
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(
                cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: ClipLibrary(),
                clock: { 4377 + Date().timeIntervalSince(start) }),
            offersInterestPicker: false)
        let box = UncheckedBox(runner)
        nonisolated(unsafe) var elapsedAtFirstDraw: Double?
        backend.onDraw = {
            if elapsedAtFirstDraw == nil { elapsedAtFirstDraw = box.value.state.playback.elapsed }
        }
        Self.runBlocking(box)
        let elapsed = try #require(elapsedAtFirstDraw)
        #expect(elapsed < ClipLibrary.firstFrameWindow, "the clip had played \(elapsed) s at the first frame")
    }

    /// The next post's clip is decoded ahead from the first frame on (on the prefetch thread), not
    /// after the first second: a key pressed in that second had to decode it on the run loop.
    @Test func theNextPostsClipIsDecodedAheadFromTheFirstFrameOn() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let directory = StateDirectory(url: url)
        try directory.create()
        let clips = ClipLibrary()
        nonisolated(unsafe) var decodedAtFirstWait: Bool?
        let backend = WaitingBackend(steps: [
            .until("For You"),
            .perform {
                // What the runner asked for before its first wait, done.
                clips.waitForPrefetches()
                let state = AppState(catalog: Fixtures.catalog, size: Size(width: 80, height: 24))
                let next = Playback.neighbours(state, theme: Theme(capability: .ansi256, unicode: true))
                decodedAtFirstWait = !next.isEmpty && next.allSatisfy { clips.isDecoded($0) }
            },
        ])
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: clips),
            offersInterestPicker: false)
        Self.runBlocking(UncheckedBox(runner))
        #expect(decodedAtFirstWait == true, "the neighbours were decoded ahead before the runner's first wait")
    }

    /// Live stock through the runner: the marketplace's answer at start replaces the catalog's
    /// numbers on the product sheet; a marketplace that fails keeps what was there, and one that
    /// answers for products it does not sell is ignored for them.
    @Test func theMarketplacesStockReplacesTheCatalogsAndAFailingOneKeepsIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let directory = StateDirectory(url: url)
        try directory.create()
        let riverstone = InMemoryMarketplace(id: "riverstone", name: "Riverstone Market")
        // The mug is Lumen's: a marketplace answering for another's products is not believed.
        riverstone.setStock([
            StockLevel(productID: "clip", variantID: "tortoise", available: 2),
            StockLevel(productID: "mug", variantID: "sky", available: 0),
        ])
        let lumen = InMemoryMarketplace(id: "lumen", name: "Lumen Bazaar")
        lumen.setStock([StockLevel(productID: "mug", variantID: "sky", available: 1)])
        lumen.failStock(with: MarketplaceError(.unavailable, "Lumen Bazaar is not answering."))
        let market = MarketServices(registry: MarketplaceRegistry(services: [riverstone, lumen]), catalog: Fixtures.catalog, stateDirectory: directory)
        let backend = WaitingBackend(steps: [.until("For You"), .keys([.enter]), .until("only 2 left")])
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: ClipLibrary(), market: market),
            offersInterestPicker: false)
        Self.runBlocking(UncheckedBox(runner))
        #expect(backend.timedOut.isEmpty, "never showed \(backend.timedOut); last screen:\n\(backend.lastGrid?.text ?? "")")
        #expect(
            runner.state.catalog.product("mug")?.variant("sky")?.stock == 38,
            "the failing marketplace's stock stays the catalog's; another marketplace cannot sell it out")
    }

    private static func block(on semaphore: DispatchSemaphore) { semaphore.wait() }

    /// Runs the loop on a thread of its own and waits for it without giving the pool back.
    private static func runBlocking(_ box: UncheckedBox<AppRunner>) {
        let done = DispatchSemaphore(value: 0)
        Thread {
            box.value.run(); done.signal()
        }.start()
        done.wait()
    }

    /// A runner on a fresh state directory at `url`, and a backend that opens the orders, then
    /// starts linking Riverstone until its code shows.
    private static func ordersThenLink(in url: URL) throws -> (AppRunner, WaitingBackend) {
        let directory = StateDirectory(url: url)
        try directory.create()
        let market = MarketServices.fileBacked(catalog: Fixtures.catalog, stateDirectory: directory)
        let backend = WaitingBackend(steps: [
            .until("For You"),
            .keys([.character("o")]), .until("No orders yet"),
            .keys([.escape, .character("L")]), .until("Linked accounts"),
            .keys([.enter]), .until("will share with Reelshop"),
            .keys([.enter]), .until("Expires in"),
        ])
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: ClipLibrary(), market: market),
            offersInterestPicker: false)
        return (runner, backend)
    }
}
