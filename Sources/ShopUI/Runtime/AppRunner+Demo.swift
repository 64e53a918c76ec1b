/// The demo tour in the run loop: the director's keys go through the same `dispatch(.key(...))`
/// as the keyboard's, and the presenter's first key or click ends the tour.
extension AppRunner {
    /// Why `run()` returned.
    public enum RunEnd: Sendable, Equatable {
        /// The user quit, or a signal or a lost terminal ended the session.
        case quit
        /// The tour ran to its end (only with `stopAfterTour`).
        case tourFinished
    }

    /// Whether the demo tour is still driving the app.
    public var isTourRunning: Bool { director?.isShowing == true }

    /// Gives the director the time and the screen, and performs what it says is due. Keys can
    /// change what a `waitFor` step looks for, so it is asked again until nothing more is due.
    func directTour() {
        guard var director, director.isShowing else { return }
        for _ in 0..<32 {
            let commands = director.advance(
                now: clock(), screen: { DemoCaptionBar.appText(state, theme: backend.theme, library: clips) },
                canApprove: Reducer.pendingDemoApproval(state) != nil)
            self.director = director
            for command in commands {
                switch command {
                case .key(let key): dispatch(.key(key))
                case .approve: dispatch(.demo(.approvePendingLink))
                }
            }
            if commands.isEmpty || !state.isRunning { break }
        }
        if let caption = director.caption {
            if state.demo != caption { dispatch(.demo(.caption(caption))) }
        } else {
            self.director = nil
            tourFinished = true
            dispatch(.demo(.ended))
        }
    }

    /// A real key or click while the tour runs hands the app to the presenter; that event only
    /// stops the tour (true: consumed), so the first key never does something unexpected.
    func handOver(on event: InputEvent) -> Bool {
        guard isTourRunning else { return false }
        switch event {
        case .key, .mouse:
            director?.handOver()
            director = nil
            dispatch(.demo(.ended))
            return true
        case .resize, .readable, .terminate:
            return false
        }
    }
}
