import ShopCore

/// Plays a `DemoTour` against a clock: given the time (and, for `waitFor` and `approve` steps,
/// what the screen shows), it says which keys are due, what the caption says and when it next
/// needs to be asked. A value with no clock of its own, so tests drive it with any times they
/// like and never sleep.
///
/// Within a step of `seconds` (divided by the speed), the caption comes first and the keys follow
/// one `keyGap` apart, so an audience reads what is about to happen before it happens. Then, in
/// order: `approve` waits until a link code can be approved; `waitFor` waits until its text is on
/// screen; otherwise the step lasts its full time. Waits end at the step's `seconds` *not* divided
/// by the speed: they wait for the app (a marketplace answer, a link poll), which a faster tour
/// does not make any faster. A wait that runs out stops the tour (`Phase.stopped`): the app is
/// not on the screen the next steps were written for, and their keys would act on another one.
/// The caption bar says what did not come for `stopHold` seconds, then the app is the
/// presenter's (or `--loop` starts again).
public struct DemoDirector: Sendable, Equatable {
    /// What the runner should do now.
    public enum Command: Sendable, Equatable {
        case key(Key)
        /// Approve the link code on screen with the demo marketplace.
        case approve
    }

    public enum Phase: Sendable, Equatable {
        case running
        /// Every step has run.
        case finished
        /// The presenter pressed a key: the tour is over and the app is theirs.
        case handedOver
        /// A step's wait ran out; the caption says why (`reason`) until `until`, `stopHold`
        /// seconds on (then `finished`), or until the presenter presses a key (`handedOver`). No
        /// key is pressed any more.
        case stopped(reason: String, until: Double)
    }

    /// The most time between a step's caption and its first key, and between two keys, at speed 1.
    public static let keyGap = 0.6
    /// How long the caption of a stopped tour stays, whatever the speed (it is read, not played).
    public static let stopHold = 8.0
    /// The speeds `reelshop demo --speed` accepts.
    public static let speeds: ClosedRange<Double> = 0.25...20

    public let tour: DemoTour
    public let speed: Double
    public private(set) var phase: Phase = .running
    /// The step running now (0-based); `tour.steps.count` once finished.
    public private(set) var stepIndex = 0
    /// When the current step began; nil until the first `advance`.
    private var stepStart: Double?
    private var keysSent = 0
    private var approveDone = false

    public init(tour: DemoTour, speed: Double = 1) {
        self.tour = tour
        self.speed = min(max(speed, DemoDirector.speeds.lowerBound), DemoDirector.speeds.upperBound)
    }

    public var isRunning: Bool { phase == .running }
    /// A wait ran out and the caption says so (`Phase.stopped`).
    public var isStopped: Bool {
        if case .stopped = phase { return true }
        return false
    }
    /// Whether the caption bar is up: the tour runs, or says why it stopped.
    public var isShowing: Bool { isRunning || isStopped }

    /// The caption of the running step (or why the tour stopped at it); nil once the tour is over.
    public var caption: DemoCaption? {
        guard isShowing, tour.steps.indices.contains(stepIndex) else { return nil }
        var text = tour.steps[stepIndex].caption
        if case .stopped(let reason, _) = phase { text = reason }
        return DemoCaption(step: stepIndex + 1, count: tour.steps.count, text: text)
    }

    /// Moves the tour to `now` and returns what is due, oldest first. `screen` is the text on
    /// screen (asked only by `waitFor` steps); `canApprove` says a link code is waiting on screen.
    public mutating func advance(now: Double, screen: () -> String, canApprove: Bool) -> [Command] {
        var commands: [Command] = []
        if case .stopped(_, let until) = phase, now >= until { phase = .finished }
        while isRunning {
            guard tour.steps.indices.contains(stepIndex) else {
                phase = .finished
                break
            }
            let step = tour.steps[stepIndex]
            let start = stepStart ?? now
            stepStart = start
            while keysSent < step.keys.count, start + keyOffset(keysSent, of: step) <= now {
                if let key = DemoDirector.key(named: step.keys[keysSent]) { commands.append(.key(key)) }
                keysSent += 1
            }
            // Approving and reading the screen wait for what the keys just did to be drawn.
            guard keysSent == step.keys.count, commands.isEmpty else { break }
            let waitLimit = start + step.seconds
            if step.approve && !approveDone {
                if canApprove {
                    approveDone = true
                    commands.append(.approve)
                    break
                }
                if now < waitLimit { break }
                stopTour(at: now, "no link code to approve appeared within \(Self.seconds(step.seconds))")
                break
            }
            if let text = step.waitFor {
                if !screen().contains(text) {
                    if now < waitLimit { break }
                    // A long text is cut: the caption must still say that the app is the presenter's.
                    let shown = text.count > 40 ? text.prefix(39) + "…" : text
                    stopTour(at: now, "“\(shown)” did not appear within \(Self.seconds(step.seconds))")
                    break
                }
            } else if now < start + step.seconds / speed {
                break
            }
            nextStep(at: now)
        }
        return commands
    }

    /// When `advance` next has something to do (nil once the tour is over). A step waiting for
    /// the screen or a link code is also woken by whatever changes the screen.
    public var nextDeadline: Double? {
        if case .stopped(_, let until) = phase { return until }
        guard isRunning, tour.steps.indices.contains(stepIndex) else { return nil }
        let step = tour.steps[stepIndex]
        guard let start = stepStart else { return 0 }
        if keysSent < step.keys.count { return start + keyOffset(keysSent, of: step) }
        if (step.approve && !approveDone) || step.waitFor != nil { return start + step.seconds }
        return start + step.seconds / speed
    }

    /// The presenter took over: nothing more is due, and the caption goes.
    public mutating func handOver() {
        if isShowing { phase = .handedOver }
    }

    private mutating func stopTour(at now: Double, _ what: String) {
        phase = .stopped(reason: "The tour stopped: \(what). The app is yours.", until: now + Self.stopHold)
    }

    /// "15 s", "2.5 s".
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private mutating func nextStep(at now: Double) {
        stepIndex += 1
        stepStart = now
        keysSent = 0
        approveDone = false
    }

    /// Seconds from the step's start to its key number `index`.
    private func keyOffset(_ index: Int, of step: DemoTour.Step) -> Double {
        let gap = min(DemoDirector.keyGap, step.seconds / Double(step.keys.count + 1))
        return Double(index + 1) * gap / speed
    }

    /// The key a tour file names: one character, or one of `DemoTour.namedKeys`.
    public static func key(named name: String) -> Key? {
        switch name {
        case "Enter": return .enter
        case "Escape": return .escape
        case "Up": return .up
        case "Down": return .down
        case "Left": return .left
        case "Right": return .right
        case "Tab": return .tab
        case "Space": return .character(" ")
        case "Backspace": return .backspace
        default: return name.count == 1 ? name.first.map(Key.character) : nil
        }
    }
}
