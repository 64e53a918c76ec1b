import ShopMedia
import Testing

@Suite("playback scheduling")
struct PlaybackTests {
    let schedule = PlaybackSchedule(delays: [.milliseconds(100), .milliseconds(200), .milliseconds(300)])

    @Test func framesFollowAbsoluteDeadlinesAndLoop() {
        let expected: [(Int, Int)] = [
            (0, 0), (99, 0), (100, 1), (299, 1), (300, 2), (599, 2), (600, 0),
            (700, 1), (1200, 0), (-50, 0),
        ]
        for (ms, frame) in expected {
            #expect(schedule.frameIndex(at: .milliseconds(ms)) == frame, "at \(ms) ms")
        }
        #expect(schedule.loopDuration == .milliseconds(600))
        #expect(schedule.frameCount == 3)
    }

    @Test func nextDeadlineIsTheNextFrameBoundary() {
        #expect(schedule.nextDeadline(after: .zero) == .milliseconds(100))
        #expect(schedule.nextDeadline(after: .milliseconds(100)) == .milliseconds(300))
        #expect(schedule.nextDeadline(after: .milliseconds(550)) == .milliseconds(600))
        #expect(schedule.nextDeadline(after: .milliseconds(600)) == .milliseconds(700))
        #expect(schedule.nextDeadline(after: .milliseconds(1799)) == .milliseconds(1800))
    }

    @Test func lateFramesAreDropped() {
        // Shown frame 0 at 50 ms; the loop was busy until 450 ms: frame 1 was never shown.
        #expect(schedule.frameIndex(at: .milliseconds(450)) == 2)
        #expect(schedule.droppedFrames(shownAt: .milliseconds(50), now: .milliseconds(450)) == 1)
        #expect(schedule.droppedFrames(shownAt: .milliseconds(50), now: .milliseconds(150)) == 0)
        #expect(schedule.droppedFrames(shownAt: .milliseconds(150), now: .milliseconds(160)) == 0)
        // Frame starts in (50, 1250]: 100, 300, 600, 700, 900, 1200 -> 5 never shown.
        #expect(schedule.droppedFrames(shownAt: .milliseconds(50), now: .milliseconds(1250)) == 5)
    }

    @Test func frameRateCapSpacesRedraws() {
        let fast = PlaybackSchedule(delays: Array(repeating: .milliseconds(10), count: 10), maxFramesPerSecond: 25)
        #expect(
            PlaybackSchedule(delays: Array(repeating: .milliseconds(10), count: 10))
                .nextDeadline(after: .zero) == .milliseconds(10))
        var t = Duration.zero
        var previous: Duration? = nil
        for _ in 0..<100 {
            guard let next = fast.nextDeadline(after: t) else { Issue.record("no deadline"); return }
            #expect(next > t)
            if let previous { #expect(next - previous >= .milliseconds(40)) }
            previous = next
            t = next
        }
        #expect(fast.nextDeadline(after: .zero) == .milliseconds(40))
        // The frame shown at a capped deadline is the one due then (others are dropped).
        #expect(fast.frameIndex(at: .milliseconds(40)) == 4)
    }

    @Test func progressCoversTheLoop() {
        #expect(schedule.progress(at: .zero) == 0)
        #expect(schedule.progress(at: .milliseconds(300)) == 0.5)
        #expect(schedule.progress(at: .milliseconds(900)) == 0.5)
        #expect(abs(schedule.progress(at: .milliseconds(599)) - 599.0 / 600) < 1e-12)
    }

    @Test func stillsRedrawOnlyWhenTheyMove() {
        #expect(PlaybackSchedule.still(motion: .none).nextDeadline(after: .seconds(1)) == nil)
        #expect(PlaybackSchedule(delays: [.milliseconds(100)]).nextDeadline(after: .zero) == nil)
        let moving = PlaybackSchedule.still(motion: .zoom, maxFramesPerSecond: 10)
        #expect(moving.nextDeadline(after: .zero) == .milliseconds(100))
        #expect(moving.nextDeadline(after: .milliseconds(100)) == .milliseconds(200))
        #expect(moving.nextDeadline(after: .milliseconds(150)) == .milliseconds(200))
        #expect(moving.frameIndex(at: .seconds(5)) == 0)
        #expect(moving.progress(at: .seconds(3)) == 0.5)
    }

    @Test func playerPausesAndResumesOnTheTimeItIsGiven() {
        var now = Duration.seconds(5)
        var player = ClipPlayer(schedule: schedule, startedAt: now)
        #expect(player.frameIndex(at: now) == 0)
        #expect(player.nextDeadline(after: now) == .seconds(5) + .milliseconds(100))
        now += .milliseconds(150)
        #expect(player.frameIndex(at: now) == 1)
        player.pause(at: now)
        #expect(player.isPaused)
        now += .seconds(10)
        #expect(player.frameIndex(at: now) == 1)
        #expect(player.nextDeadline(after: now) == nil)
        #expect(player.progress(at: now) == 0.25)
        player.resume(at: now)
        #expect(player.frameIndex(at: now) == 1)
        #expect(player.nextDeadline(after: now) == now + .milliseconds(150))
        now += .milliseconds(150)
        #expect(player.frameIndex(at: now) == 2)
        player.togglePause(at: now)
        #expect(player.isPaused)
        player.restart(at: now)
        #expect(!player.isPaused && player.frameIndex(at: now) == 0)
    }
}
