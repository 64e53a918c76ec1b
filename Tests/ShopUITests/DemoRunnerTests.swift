import Foundation
import ShopCore
import ShopTesting
import Testing
@testable import ShopUI

/// A fake monotonic clock the test moves.
final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0
    var now: Double { lock.withLock { seconds } }
    func advance(by delta: Double) { lock.withLock { seconds += delta } }
}

/// A terminal whose waits take no real time: each one moves the fake clock by its timeout
/// (as if the loop had slept that long), then returns what `input` chooses for that screen.
final class TourBackend: TerminalBackend {
    let size = Size(width: 80, height: 24)
    let theme = Theme(capability: .ansi256, unicode: true)
    let clock = FakeClock()
    private(set) var grids: [Grid] = []
    private(set) var timeouts: [Double?] = []
    private let input: (Grid) -> [InputEvent]

    init(input: @escaping (Grid) -> [InputEvent]) { self.input = input }

    func draw(_ grid: Grid) { grids.append(grid) }

    func waitForEvents(timeout: Double?, watching: [Int32]) -> [InputEvent] {
        timeouts.append(timeout)
        // Blocked with nothing to wake it, or going on far too long: the session ends.
        guard let timeout, grids.count < 500 else { return [.terminate] }
        clock.advance(by: timeout)
        return grids.last.map(input) ?? []
    }
}

@Suite struct DemoRunnerTests {
    static let tour = DemoTour(steps: [
        DemoTour.Step(caption: "Open the product", keys: ["Enter"], seconds: 2),
        DemoTour.Step(caption: "Pick black and add it", keys: ["Right", "a"], seconds: 2),
        DemoTour.Step(caption: "The cart", keys: ["c"], seconds: 2),
    ])

    private func runner(
        _ backend: TourBackend, tour: DemoTour = DemoRunnerTests.tour,
        stopAfterTour: Bool = false
    ) throws -> (AppRunner, StateDirectory) {
        let directory = try StateDirectory.makeTemporary(prefix: "reelshop-demo-test")
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(
                cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: ClipLibrary(),
                clock: { [clock = backend.clock] in clock.now }), playback: PlaybackState(reduceMotion: true), offersInterestPicker: false,
            director: DemoDirector(tour: tour), stopAfterTour: stopAfterTour)
        return (runner, directory)
    }

    @Test func theTourPressesKeysThroughTheAppAndAKeyHandsItOver() throws {
        var handedOverAt: (grid: Int, time: Double)?
        var backend: TourBackend!
        backend = TourBackend { grid in
            // Then a few more waits, seconds of (fake) time in which the tour would have gone on.
            if let at = handedOverAt { return backend.grids.count > at.grid + 5 ? [.terminate] : [] }
            // The presenter presses q once the tour has added to the cart (q would close the sheet).
            guard grid.lines[0].contains("Cart 1") else { return [] }
            handedOverAt = (backend.grids.count, backend.clock.now)
            return [.key(.character("q"))]
        }
        let (runner, directory) = try runner(backend)
        defer { directory.remove() }
        #expect(runner.run() == .quit)

        // The loop slept exactly until the first key was due: 0.6 s after the caption.
        #expect(backend.timeouts.first == 0.6)
        let texts = backend.grids.map(\.text)
        let first = try #require(texts.first)
        #expect(first.contains("▶ DEMO 1/3"))
        #expect(first.contains("Open the product"))
        #expect(first.contains("any key: take over"))
        #expect(texts.contains { $0.contains("DEMO 2/3") && $0.contains("Black") }, "Enter and Right reached the product sheet")

        // Handed over: the key was consumed (the sheet is still open), the caption went, the
        // cart screen the tour would have opened never came, and nothing is scheduled any more.
        let handedOver = try #require(handedOverAt)
        let after = texts[handedOver.grid...]
        #expect(!after.isEmpty)
        #expect(after.allSatisfy { !$0.contains("DEMO") })
        #expect(!texts.contains { $0.contains("DEMO 3/3") })
        #expect(!runner.isTourRunning)
        #expect(runner.state.demo == nil)
        guard case .product(let sheet) = runner.state.top else {
            Issue.record("the product sheet closed: the presenter's q acted as well as handing over")
            return
        }
        #expect(sheet.productID == "clip")
        #expect(runner.state.cart.lines.map(\.variantID) == ["black"])
        #expect(
            try CartStore(stateDirectory: directory, catalog: Fixtures.catalog).load().cart.itemCount == 1,
            "the tour's add went through the real cart store")
        #expect(backend.clock.now > handedOver.time + 2, "time went on after the hand-over")
    }

    @Test func theTourEndsOnItsOwnAndTheAppGoesOn() throws {
        var backend: TourBackend!
        // Watch until well after the tour's end.
        backend = TourBackend { _ in backend.clock.now > Self.tour.duration(speed: 1) + 5 ? [.terminate] : [] }
        let (runner, directory) = try runner(backend)
        defer { directory.remove() }
        #expect(runner.run() == .quit)
        let texts = backend.grids.map(\.text)
        #expect(texts.contains { $0.contains("DEMO 3/3") })
        let last = try #require(texts.last)
        #expect(!last.contains("DEMO"), "the caption bar goes when the tour ends")
        #expect(
            backend.grids.count > 1 && texts.dropLast().last?.contains("DEMO") == false,
            "the storefront went on drawing without the tour")
        guard case .cart = runner.state.top else {
            Issue.record("the tour's last key did not open the cart:\n\(last)")
            return
        }
    }

    @Test func stopAfterTourReturnsWhenTheTourEnds() throws {
        let backend = TourBackend { _ in [] }
        let (runner, directory) = try runner(backend, stopAfterTour: true)
        defer { directory.remove() }
        #expect(runner.run() == .tourFinished)
        #expect(abs(backend.clock.now - Self.tour.duration(speed: 1)) < 0.01, "it ran the whole tour: \(backend.clock.now) s")
    }

    @Test func aWaitThatRunsOutShowsWhyPressesNothingMoreAndEndsTheRound() throws {
        let tour = DemoTour(steps: [
            DemoTour.Step(caption: "Open the product", keys: ["Enter"], waitFor: "never on any screen"),
            DemoTour.Step(caption: "The cart", keys: ["Escape", "c"], seconds: 2),
        ])
        let backend = TourBackend { _ in [] }
        let (runner, directory) = try runner(backend, tour: tour, stopAfterTour: true)
        defer { directory.remove() }
        #expect(runner.run() == .tourFinished, "--loop starts a new round after the stop caption")
        let texts = backend.grids.map(\.text)
        #expect(texts.contains { $0.contains("The tour stopped") }, "the caption bar says why")
        #expect(!texts.contains { $0.contains("The cart") }, "the next step never began")
        guard case .product = runner.state.top else {
            Issue.record("a later step's key was pressed:\n\(texts.last ?? "")")
            return
        }
        #expect(abs(backend.clock.now - (2 + DemoDirector.stopHold)) < 0.01, "the stop caption stayed its time: \(backend.clock.now) s")
    }

    @Test func aTourThatQuitsEndsTheLoopAtOnce() throws {
        let backend = TourBackend { _ in [] }
        let (runner, directory) = try runner(backend, tour: DemoTour(steps: [DemoTour.Step(caption: "Bye", keys: ["q"], seconds: 1)]))
        defer { directory.remove() }
        #expect(runner.run() == .quit)
        #expect(backend.timeouts == [0.5], "one wait for the key, none after it: \(backend.timeouts)")
    }

    @Test func approveAsksTheDemoMarketplaceForTheCodeOnScreen() {
        var state = MarketScreenStates.linkCode()
        let effects = state.send(.demo(.approvePendingLink))
        guard case .link(let screen) = state.top, let authorization = screen.authorization else {
            Issue.record("no link code on screen")
            return
        }
        #expect(effects == [.market(.approveOnThisDevice(authorization))])
        var approved = screen
        approved.approvedHere = true
        state.routes[state.routes.count - 1] = .link(approved)
        #expect(Reducer.pendingDemoApproval(state) == nil, "a code is approved once")
        #expect(state.send(.demo(.approvePendingLink)).isEmpty)
        var feed = Fixtures.state()
        #expect(feed.send(.demo(.approvePendingLink)).isEmpty)
    }
}

/// The runner's time is the clock it is given (issue 12): a toast's timer runs on that clock, so
/// a fake clock that jumps expires it at once, with no real second waited.
@Suite struct RunnerClockTests {
    /// Presses `y` (share: a "Link copied" toast) at the first wait, then lets each timed wait
    /// pass on the fake clock; ends when the loop would block with nothing due.
    final class JumpingBackend: TerminalBackend {
        let size = Size(width: 80, height: 24)
        let theme = Theme(capability: .ansi256, unicode: true)
        let clock = FakeClock()
        private(set) var grids: [Grid] = []
        private var pressed = false
        func draw(_ grid: Grid) { grids.append(grid) }
        func waitForEvents(timeout: Double?, watching: [Int32]) -> [InputEvent] {
            if !pressed { pressed = true; return [.key(.character("y"))] }
            guard let timeout, grids.count < 100 else { return [.terminate] }
            clock.advance(by: timeout)
            return []
        }
    }

    @Test func aToastExpiresOnTheInjectedClock() throws {
        let directory = try StateDirectory.makeTemporary(prefix: "reelshop-clock-test")
        defer { directory.remove() }
        let backend = JumpingBackend()
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(
                cartStore: CartStore(stateDirectory: directory, catalog: Fixtures.catalog), clips: ClipLibrary(),
                clock: { [clock = backend.clock] in clock.now }), playback: PlaybackState(reduceMotion: true), offersInterestPicker: false)
        let started = ContinuousClock.now
        runner.run()
        #expect(backend.grids.contains { $0.text.contains("Link copied") }, "the toast was shown")
        #expect(runner.state.toast == nil, "and expired")
        // It took the toast's seconds of fake time, and no real wait of that length.
        #expect(backend.clock.now >= 2 && backend.clock.now < 30, "fake seconds: \(backend.clock.now)")
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}
