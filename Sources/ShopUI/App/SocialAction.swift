import ShopCore

/// Results of the social effects (likes, saves, follows, shares).
public enum SocialAction: Sendable {
    case loaded(SocialState, recovery: Recovery?)
    /// A toggle was saved: which one, and whether it is on now (the reducer words it).
    case toggled(SocialEffect, on: Bool, SocialState)
    /// social.json could not be read: the storage error's description.
    case unreadable(String)
    /// A toggle could not be written: the storage error's description.
    case unsaved(String)
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
