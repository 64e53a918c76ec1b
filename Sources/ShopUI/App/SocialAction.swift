import ShopCore

/// Results of the social effects (likes, saves, follows, shares).
public enum SocialAction: Sendable {
    case loaded(SocialState, recovery: Recovery?)
    /// A toggle was saved; `message` is what to tell the user.
    case saved(SocialState, message: String)
    case failed(String)
}

/// Social work for the runner: persisted toggles, and the clipboard for sharing.
public enum SocialEffect: Hashable, Sendable {
    case toggleLike(postID: String)
    case toggleSave(postID: String)
    case toggleFollow(handle: String)
    /// The first-run picker was answered (an empty list: skipped).
    case setInterests([String])
    /// Put the link on the clipboard (OSC 52) where the terminal accepts it.
    case copyLink(String)
}
