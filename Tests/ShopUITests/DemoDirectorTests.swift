import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The tour player on a fake clock: every time is given, nothing sleeps.
@Suite struct DemoDirectorTests {
    typealias Step = DemoTour.Step
    static let twoSteps = DemoTour(steps: [
        Step(caption: "Welcome", seconds: 2),
        Step(caption: "Scroll", keys: ["j", "Down"], seconds: 3),
    ])

    /// Advances with a screen and no link code, as most steps see it.
    private func advance(_ director: inout DemoDirector, _ now: Double, screen: String = "") -> [DemoDirector.Command] {
        director.advance(now: now, screen: { screen }, canApprove: false)
    }

    private func isClose(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-9
    }

    /// Advances to the director's own next deadline: what it asks to be woken for is due then.
    private func advanceToDeadline(_ director: inout DemoDirector, screen: String = "") -> [DemoDirector.Command] {
        advance(&director, director.nextDeadline ?? .infinity, screen: screen)
    }

    @Test func captionsComeFirstThenKeysOneGapApartThenTheNextStep() {
        var director = DemoDirector(tour: Self.twoSteps)
        #expect(advance(&director, 10).isEmpty)
        #expect(director.caption == DemoCaption(step: 1, count: 2, text: "Welcome"))
        #expect(isClose(director.nextDeadline, 12))
        #expect(advance(&director, 11.99).isEmpty)
        #expect(director.caption?.step == 1)

        // Step 2 starts at 12; its two keys follow its caption 0.6 s apart (3 s / 3 > 0.6).
        #expect(advance(&director, 12).isEmpty)
        #expect(director.caption == DemoCaption(step: 2, count: 2, text: "Scroll"))
        #expect(isClose(director.nextDeadline, 12.6))
        #expect(advanceToDeadline(&director) == [.key(.character("j"))])
        #expect(isClose(director.nextDeadline, 13.2))
        #expect(advance(&director, 13.0).isEmpty)
        #expect(advanceToDeadline(&director) == [.key(.down)])
        #expect(isClose(director.nextDeadline, 15))
        #expect(advance(&director, 14.9).isEmpty)
        #expect(director.isRunning)

        #expect(advanceToDeadline(&director).isEmpty)
        #expect(director.phase == .finished)
        #expect(director.caption == nil)
        #expect(director.nextDeadline == nil)
    }

    @Test func speedDividesStepsAndGaps() {
        var director = DemoDirector(tour: Self.twoSteps, speed: 4)
        _ = advance(&director, 0)
        #expect(isClose(director.nextDeadline, 0.5))
        _ = advance(&director, 0.5)
        #expect(director.caption?.step == 2)
        #expect(isClose(director.nextDeadline, 0.65))
        // Overdue keys all arrive at a late wake-up, in their order, once.
        #expect(advance(&director, 0.9) == [.key(.character("j")), .key(.down)])
        #expect(advance(&director, 0.9).isEmpty)
        #expect(isClose(director.nextDeadline, 1.25))
        _ = advanceToDeadline(&director)
        #expect(director.phase == .finished)
        #expect(Self.twoSteps.duration(speed: 4) == 1.25)
    }

    @Test func speedIsKeptWithinItsRange() {
        #expect(DemoDirector(tour: Self.twoSteps, speed: 100).speed == 20)
        #expect(DemoDirector(tour: Self.twoSteps, speed: 0).speed == 0.25)
    }

    @Test func waitForHoldsTheStepUntilTheTextIsShownOrItsUnscaledTimeRunsOut() {
        let tour = DemoTour(steps: [
            Step(caption: "Place it", keys: ["y"], seconds: 10, waitFor: "Placed 1 order"),
            Step(caption: "Orders", seconds: 2),
        ])
        var director = DemoDirector(tour: tour, speed: 4)
        _ = advance(&director, 0)
        #expect(advanceToDeadline(&director) == [.key(.character("y"))])
        // Not on screen: the step waits, for up to 10 s (not 10 / 4): the app sets the pace.
        #expect(advance(&director, 3, screen: "Placing…").isEmpty)
        #expect(director.caption?.step == 1)
        #expect(isClose(director.nextDeadline, 10))
        #expect(advance(&director, 3.5, screen: "✓ Placed 1 order. Track it with o.").isEmpty)
        #expect(director.caption?.step == 2)

    }

    /// A wait that runs out means the app is not where the tour thinks: the next steps' keys
    /// would land on another screen (under load, the link step's Escape and c once went to the
    /// link sheet). The tour stops there, says why on its caption bar for `stopHold` seconds,
    /// presses nothing more, and then leaves the app to the presenter (or to `--loop`'s restart).
    @Test func aWaitThatRunsOutStopsTheTourWithACaptionSayingWhy() {
        let tour = DemoTour(steps: [
            Step(caption: "Place it", keys: ["y"], seconds: 10, waitFor: "Placed 1 order"),
            Step(caption: "Orders", keys: ["o"], seconds: 2),
        ])
        var late = DemoDirector(tour: tour, speed: 4)
        _ = advance(&late, 0)
        _ = advanceToDeadline(&late)
        _ = advance(&late, 9.9, screen: "Placing…")
        #expect(late.caption?.step == 1)
        #expect(advance(&late, 10, screen: "Placing…").isEmpty)
        #expect(late.isStopped)
        #expect(!late.isRunning)
        #expect(late.isShowing)
        let caption = late.caption
        #expect(caption?.step == 1 && caption?.count == 2)
        #expect(caption?.text.contains("The tour stopped") == true)
        #expect(caption?.text.contains("“Placed 1 order”") == true, "it names what it waited for: \(caption?.text ?? "nil")")
        #expect(caption?.text.contains("10 s") == true)
        #expect(isClose(late.nextDeadline, 10 + DemoDirector.stopHold))
        // No key of a later step is pressed, however late the wake-up.
        #expect(advance(&late, 10 + DemoDirector.stopHold - 0.1, screen: "Placing…").isEmpty)
        #expect(late.isStopped)
        #expect(advance(&late, 10 + DemoDirector.stopHold, screen: "✓ Placed 1 order").isEmpty)
        #expect(late.phase == .finished)
        #expect(late.caption == nil && late.nextDeadline == nil && !late.isShowing)
    }

    @Test func aStopCaptionCutsAMegabyteWaitForTextAndStillSaysTheAppIsYours() {
        let text = String(repeating: "W", count: 1_000_000)
        var director = DemoDirector(tour: DemoTour(steps: [Step(caption: "Wait", seconds: 1, waitFor: text)]))
        _ = advance(&director, 0)
        _ = advance(&director, 1)
        let caption = director.caption?.text ?? ""
        #expect(director.isStopped)
        #expect(caption.count < 120, "\(caption.count) characters")
        #expect(caption.hasSuffix("The app is yours."))
        #expect(caption.contains("“" + String(repeating: "W", count: 39) + "…”"))
    }

    @Test func aKeyWhileTheStopCaptionShowsHandsOver() {
        let tour = DemoTour(steps: [Step(caption: "Check out", keys: ["c"], seconds: 3, waitFor: "Items $")])
        var director = DemoDirector(tour: tour)
        _ = advance(&director, 0)
        #expect(advance(&director, 1) == [.key(.character("c"))])
        _ = advance(&director, 3, screen: "Checking prices…")
        #expect(director.isStopped)
        director.handOver()
        #expect(director.phase == .handedOver)
        #expect(director.caption == nil && !director.isShowing)
    }

    @Test func approveWaitsForALinkCodeAndIsAskedForOnce() {
        let tour = DemoTour(steps: [
            Step(caption: "Link", keys: ["Enter"], seconds: 15, approve: true, waitFor: "Linked"),
            Step(caption: "Done", seconds: 2),
        ])
        var director = DemoDirector(tour: tour)
        _ = director.advance(now: 0, screen: { "" }, canApprove: false)
        #expect(director.advance(now: 0.6, screen: { "" }, canApprove: false) == [.key(.enter)])
        // The code is still being asked for.
        #expect(director.advance(now: 1, screen: { "Asking…" }, canApprove: false).isEmpty)
        #expect(isClose(director.nextDeadline, 15))
        #expect(director.advance(now: 1.2, screen: { "BCDF-GHJK" }, canApprove: true) == [.approve])
        #expect(director.advance(now: 1.3, screen: { "BCDF-GHJK" }, canApprove: true).isEmpty)
        #expect(director.caption?.step == 1)
        #expect(director.advance(now: 4, screen: { "✓ Linked" }, canApprove: false).isEmpty)
        #expect(director.caption?.step == 2)
    }

    @Test func anApproveThatNeverBecomesPossibleStopsTheTourAtTheStepsEnd() {
        let tour = DemoTour(steps: [Step(caption: "Link", seconds: 3, approve: true), Step(caption: "Next", keys: ["j"], seconds: 2)])
        var director = DemoDirector(tour: tour, speed: 2)
        _ = director.advance(now: 0, screen: { "" }, canApprove: false)
        #expect(director.advance(now: 2.9, screen: { "" }, canApprove: false).isEmpty)
        #expect(director.caption?.step == 1)
        #expect(director.advance(now: 3, screen: { "" }, canApprove: false).isEmpty)
        #expect(director.isStopped)
        #expect(director.caption?.step == 1)
        #expect(director.caption?.text.contains("no link code to approve") == true, "\(director.caption?.text ?? "nil")")
        #expect(director.advance(now: 3 + DemoDirector.stopHold, screen: { "" }, canApprove: true).isEmpty, "nothing approved late")
        #expect(director.phase == .finished)
    }

    @Test func anApprovedLinkWithNoTextToWaitForLastsItsTime() {
        let tour = DemoTour(steps: [Step(caption: "Link", seconds: 3, approve: true), Step(caption: "Next", seconds: 2)])
        var director = DemoDirector(tour: tour)
        _ = director.advance(now: 0, screen: { "" }, canApprove: false)
        #expect(director.advance(now: 1, screen: { "" }, canApprove: true) == [.approve])
        #expect(director.advance(now: 2.9, screen: { "" }, canApprove: false).isEmpty)
        #expect(director.caption?.step == 1)
        _ = director.advance(now: 3, screen: { "" }, canApprove: false)
        #expect(director.caption?.step == 2)
    }

    @Test func handingOverEndsTheTourAtOnce() {
        var director = DemoDirector(tour: Self.twoSteps)
        _ = advance(&director, 0)
        _ = advance(&director, 2)
        director.handOver()
        #expect(director.phase == .handedOver)
        #expect(director.caption == nil)
        #expect(director.nextDeadline == nil)
        #expect(advance(&director, 2.6).isEmpty, "no key is pressed for the presenter")
        director.handOver()
        #expect(director.phase == .handedOver)
    }

    @Test func tourKeyNames() {
        let named: [String: Key] = [
            "Enter": .enter, "Escape": .escape, "Up": .up, "Down": .down, "Left": .left,
            "Right": .right, "Tab": .tab, "Space": .character(" "), "Backspace": .backspace,
        ]
        #expect(Set(named.keys) == DemoTour.namedKeys)
        for (name, key) in named { #expect(DemoDirector.key(named: name) == key) }
        #expect(DemoDirector.key(named: "j") == .character("j"))
        #expect(DemoDirector.key(named: "+") == .character("+"))
        #expect(DemoDirector.key(named: "jj") == nil)
        #expect(DemoDirector.key(named: "") == nil)
    }
}
