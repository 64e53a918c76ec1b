/// The clip clock: when the current post's clip started, how much of it has played, and whether
/// it is running. Times are monotonic seconds, given to the reducer by `.tick(now:)` actions, so
/// `reduce` and the view stay pure functions of the state.
public struct PlaybackState: Sendable, Equatable {
    /// The latest time the runner reported (monotonic seconds).
    public var now: Double = 0
    /// Seconds of the current clip played before `runningSince`.
    public var playedBefore: Double = 0
    /// When the clip last started running; nil while it is paused for any reason.
    public var runningSince: Double?
    /// The user pressed `p`.
    public var userPaused = false
    /// `--reduce-motion` or `REELSHOP_REDUCE_MOTION=1`: one still frame, no slides.
    public var reduceMotion = false
    /// The redraw cap for clips.
    public var maxFramesPerSecond = 15
    /// The scroll between two posts, while it lasts.
    public var slide: Slide?
    /// Seconds without a key or a click after which the clip pauses by itself (`--idle-pause`;
    /// `serve` gives its visitors one), so a storefront nobody watches costs no CPU and sends no
    /// bytes. Nil: it plays on, as a phone's feed does.
    public var idlePause: Double?
    /// When the last key or click came (monotonic seconds).
    public var lastInputAt: Double = 0
    /// Paused by `idlePause`; the next key or click plays on (and does what it does).
    public var dozing = false

    public init(reduceMotion: Bool = false, maxFramesPerSecond: Int = 15, idlePause: Double? = nil) {
        self.reduceMotion = reduceMotion
        self.maxFramesPerSecond = max(1, maxFramesPerSecond)
        self.idlePause = idlePause
    }

    /// Paused by `p` or by `idlePause`: the clip holds its frame and "Paused" shows.
    public var isPaused: Bool { userPaused || dozing }

    /// How long the current clip has played at `time`.
    public func elapsed(at time: Double) -> Double {
        playedBefore + (runningSince.map { max(0, time - $0) } ?? 0)
    }

    /// How long the current clip has played at `now`.
    public var elapsed: Double { elapsed(at: now) }

    public var isRunning: Bool { runningSince != nil }

    /// The post moving out while the next one moves in.
    public struct Slide: Sendable, Equatable {
        /// The post that is leaving.
        public var fromIndex: Int
        /// +1: the new post comes in from below (scrolling down); -1: from above.
        public var direction: Int
        public var startedAt: Double
        /// How far the leaving clip had played (it is shown frozen there).
        public var fromElapsed: Double

        public static let duration = 0.15

        /// 0 at the start, 1 when the new post fills the box.
        public func progress(at time: Double) -> Double {
            min(1, max(0, (time - startedAt) / Slide.duration))
        }
    }
}
