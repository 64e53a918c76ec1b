/// When each frame of a looping clip is due, as a pure function of the time since it started.
///
/// Frame `i` of loop `k` is due at `k * loopDuration + (sum of delays before i)`: absolute
/// deadlines, so a slow redraw never stretches the clip; a frame whose interval has passed is
/// simply never shown (dropped). An optional frame-rate cap puts every deadline on a grid of
/// `1/fps`, so redraws are never closer together than that.
public struct PlaybackSchedule: Equatable, Sendable {
    /// Frame delays in nanoseconds (each at least 1 ms).
    private let delays: [Int64]
    /// End of each frame within the loop, in nanoseconds.
    private let ends: [Int64]
    /// Redraw continuously (at the frame-rate cap) even with one frame: a still with motion.
    public let continuous: Bool
    /// The cap on redraws per second (nil = no cap).
    public let maxFramesPerSecond: Int?

    /// A clip's schedule from its frame delays.
    public init(delays: [Duration], maxFramesPerSecond: Int? = nil) {
        self.init(
            nanoseconds: delays.map { max($0.nanoseconds, 1_000_000) }, continuous: false,
            maxFramesPerSecond: maxFramesPerSecond)
    }

    /// A still picture: one frame per `StillMotion.loopLength`; with motion it redraws at
    /// `maxFramesPerSecond`, without it never.
    public static func still(motion: StillMotion, maxFramesPerSecond: Int = 12) -> PlaybackSchedule {
        PlaybackSchedule(
            nanoseconds: [StillMotion.loopLength.nanoseconds], continuous: motion.moves,
            maxFramesPerSecond: maxFramesPerSecond)
    }

    private init(nanoseconds: [Int64], continuous: Bool, maxFramesPerSecond: Int?) {
        let d = nanoseconds.isEmpty ? [Int64(100_000_000)] : nanoseconds
        delays = d
        var total: Int64 = 0
        ends = d.map {
            total += $0; return total
        }
        self.continuous = continuous
        self.maxFramesPerSecond = maxFramesPerSecond.map { max(1, $0) }
    }

    public var frameCount: Int { delays.count }

    /// One pass through all frames.
    public var loopDuration: Duration { .nanoseconds(ends[ends.count - 1]) }

    /// The frame to show `time` after the start (times before the start show frame 0).
    public func frameIndex(at time: Duration) -> Int {
        position(at: time.nanoseconds).frame
    }

    /// How far through the current loop `time` is, 0 ..< 1 (for a progress line).
    public func progress(at time: Duration) -> Double {
        let loop = ends[ends.count - 1]
        let t = max(0, time.nanoseconds)
        return Double(t % loop) / Double(loop)
    }

    /// The next time after `time` at which the picture changes and should be redrawn, or nil
    /// when it never changes (a single frame without motion).
    public func nextDeadline(after time: Duration) -> Duration? {
        let t = max(time.nanoseconds, -1)
        let natural: Int64
        if continuous {
            natural = t + 1
        } else {
            guard delays.count > 1 else { return nil }
            let loop = ends[ends.count - 1]
            let local = max(0, t)
            let p = position(at: local)
            // t < 0 waits for the start itself.
            natural = t < 0 ? 0 : (local / loop) * loop + ends[p.frame]
        }
        guard let fps = maxFramesPerSecond else { return .nanoseconds(natural) }
        let interval = 1_000_000_000 / Int64(fps)
        let ticks = (natural + interval - 1) / interval
        var deadline = ticks * interval
        if deadline <= t { deadline += interval }
        return .nanoseconds(deadline)
    }

    /// How many frames were skipped when the frame shown at `shown` is replaced by the one due at
    /// `now`: every frame that started in between and was never shown.
    public func droppedFrames(shownAt shown: Duration, now: Duration) -> Int {
        let a = max(0, shown.nanoseconds), b = max(0, now.nanoseconds)
        guard b > a, delays.count > 1 else { return 0 }
        return max(0, frameStarts(upTo: b) - frameStarts(upTo: a) - 1)
    }

    /// The number of frame starts in (0, t].
    private func frameStarts(upTo t: Int64) -> Int {
        let loop = ends[ends.count - 1]
        let full = Int(t / loop)
        let p = position(at: t)
        return full * delays.count + p.frame
    }

    private func position(at t: Int64) -> (loop: Int64, frame: Int) {
        let loop = ends[ends.count - 1]
        guard t > 0 else { return (0, 0) }
        let local = t % loop
        // First frame whose end is after `local` (binary search).
        var lo = 0, hi = ends.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] > local { hi = mid } else { lo = mid + 1 }
        }
        return (t / loop, lo)
    }
}
