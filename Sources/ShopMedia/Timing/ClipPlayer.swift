/// Plays a `PlaybackSchedule` against an injected clock reading, with pause and resume.
///
/// A value type with no clock of its own: callers pass `now` (e.g. a `ContinuousClock` reading
/// as a `Duration` since app start, or a `Duration` a test moves by hand), so the UI's reduce/view
/// stay pure and tests never sleep.
public struct ClipPlayer: Equatable, Sendable {
    public var schedule: PlaybackSchedule
    /// Clock reading at which playback time was zero.
    public private(set) var startedAt: Duration
    /// Playback time frozen by `pause`, nil while playing.
    public private(set) var pausedElapsed: Duration?

    public init(schedule: PlaybackSchedule, startedAt now: Duration) {
        self.schedule = schedule
        self.startedAt = now
        self.pausedElapsed = nil
    }

    public var isPaused: Bool { pausedElapsed != nil }

    /// Playback time at clock reading `now`.
    public func elapsed(at now: Duration) -> Duration {
        pausedElapsed ?? (now - startedAt)
    }

    public func frameIndex(at now: Duration) -> Int {
        schedule.frameIndex(at: elapsed(at: now))
    }

    public func progress(at now: Duration) -> Double {
        schedule.progress(at: elapsed(at: now))
    }

    /// The clock reading of the next redraw, or nil while paused or for a picture that never
    /// changes. The run loop blocks on input until then.
    public func nextDeadline(after now: Duration) -> Duration? {
        guard !isPaused, let d = schedule.nextDeadline(after: now - startedAt) else { return nil }
        return startedAt + d
    }

    public mutating func pause(at now: Duration) {
        if pausedElapsed == nil { pausedElapsed = now - startedAt }
    }

    /// Continues from where it was paused.
    public mutating func resume(at now: Duration) {
        if let e = pausedElapsed {
            startedAt = now - e
            pausedElapsed = nil
        }
    }

    public mutating func togglePause(at now: Duration) {
        if isPaused { resume(at: now) } else { pause(at: now) }
    }

    /// Starts again from frame 0 at `now` (e.g. when a post scrolls into view).
    public mutating func restart(at now: Duration) {
        startedAt = now
        pausedElapsed = nil
    }
}
