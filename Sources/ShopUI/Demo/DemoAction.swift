/// What the demo tour's runner tells the reducer (see `Reducer+Demo.swift`).
public enum DemoAction: Sendable, Equatable {
    /// A step began: show its caption.
    case caption(DemoCaption)
    /// Approve the link code on screen with the demo marketplace, as the phone would.
    case approvePendingLink
    /// The tour finished or the presenter took over: the caption bar goes.
    case ended
}
