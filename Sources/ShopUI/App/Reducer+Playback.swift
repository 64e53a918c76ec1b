/// Playback transitions: the clip runs only while its post is on screen, not paused by the user
/// and motion is not reduced; scrolling restarts it and starts a short slide.
extension Reducer {
    /// Whether the current clip should be running in `state`.
    static func clipShouldRun(_ state: AppState) -> Bool {
        !state.playback.isPaused && !state.playback.reduceMotion && state.routes.isEmpty
            && !state.isTooSmall && state.currentPost != nil
    }

    static func tick(_ state: inout AppState, now: Double) {
        // A monotonic clock never goes back; ignore a stale tick rather than rewind the clip.
        guard now >= state.playback.now else { return }
        state.playback.now = now
        if let slide = state.playback.slide, slide.progress(at: now) >= 1 { state.playback.slide = nil }
        // Nobody has touched the storefront for `idlePause`: the clip stops (no more frames, no
        // more wake-ups) until the next key or click.
        if let idle = state.playback.idlePause, state.playback.isRunning, now - state.playback.lastInputAt >= idle {
            state.playback.dozing = true
        }
    }

    /// A key or a click: the storefront is watched; a dozing clip plays on. True when it was
    /// dozing (then `p` only plays it on, rather than pausing it again at once).
    @discardableResult
    static func noteInput(_ state: inout AppState) -> Bool {
        guard state.playback.idlePause != nil else { return false }
        let woke = state.playback.dozing
        state.playback.lastInputAt = state.playback.now
        state.playback.dozing = false
        return woke
    }

    static func togglePause(_ state: inout AppState) {
        state.playback.userPaused.toggle()
    }

    /// After every action: restart the clip when the post changed, then start or stop its clock.
    static func syncPlayback(_ state: inout AppState, previousIndex: Int, itemChanged: Bool = false, tabChanged: Bool = false) {
        var playback = state.playback
        let now = playback.now
        if state.feed.index != previousIndex || itemChanged {
            let count = state.feed.items.count
            let direction = state.feed.index == (previousIndex + 1) % max(1, count) ? 1 : -1
            // A new tab replaces the list: nothing slides out of it.
            playback.slide =
                playback.reduceMotion || tabChanged
                ? nil
                : PlaybackState.Slide(
                    fromIndex: previousIndex, direction: direction, startedAt: now, fromElapsed: playback.elapsed(at: now))
            playback.playedBefore = 0
            playback.runningSince = nil
        }
        let shouldRun = clipShouldRun(state)
        if shouldRun, playback.runningSince == nil {
            playback.runningSince = now
        } else if !shouldRun, let since = playback.runningSince {
            playback.playedBefore += max(0, now - since)
            playback.runningSince = nil
        }
        if !state.routes.isEmpty { playback.slide = nil }
        state.playback = playback
    }
}
