import ShopCore

/// Likes (`l`), saves (`s`), follows (`f`) and shares (`y`) on the feed. The state changes at
/// once, so counts update immediately; the runner then persists the toggle in social.json and
/// answers with the saved state.
extension Reducer {
    /// The link a post is shared with.
    public static func shareLink(for post: Post) -> String { "https://reelshop.example/p/\(post.id)" }

    /// The link a LIVE stream is shared with.
    public static func shareLink(for live: LiveStream) -> String { "https://reelshop.example/live/\(live.id)" }

    static func social(_ state: inout AppState, _ action: SocialAction) -> [Effect] {
        switch action {
        case .loaded(let social, let recovery):
            state.social = social
            recomposeFeed(&state)
            offerInterestPicker(&state)
            if let recovery { showToast(&state, recovery.description, .warning) }
            return []
        case .toggled(let toggle, let on, let social):
            state.social = social
            let message: String
            switch toggle {
            case .toggleLike: message = on ? "Liked." : "Like removed."
            case .toggleSave: message = on ? "Saved." : "Removed from saved."
            case .toggleFollow(let handle): message = on ? "Following @\(handle)." : "Unfollowed @\(handle)."
            case .setInterests, .copyLink: message = "Saved."
            }
            showToast(&state, message, .success)
            return []
        case .unreadable(let reason):
            showToast(&state, "Likes and follows could not be read: \(reason)", .error)
            return []
        case .unsaved(let reason):
            showToast(&state, "That could not be saved: \(reason)", .error)
            return []
        }
    }

    static func socialCommand(_ state: inout AppState, _ command: Command) -> [Effect]? {
        guard let post = state.currentPost else { return nil }
        switch command {
        case .like:
            state.social.toggleLike(post.id)
            return [.social(.toggleLike(postID: post.id))]
        case .save:
            state.social.toggleSave(post.id)
            return [.social(.toggleSave(postID: post.id))]
        case .follow:
            state.social.toggleFollow(post.creatorHandle)
            return [.social(.toggleFollow(handle: post.creatorHandle))]
        case .share:
            let link = state.currentLive.map(shareLink(for:)) ?? shareLink(for: post)
            showToast(&state, "Link copied: \(link)", .success)
            return [.social(.copyLink(link))]
        default:
            return nil
        }
    }
}

extension SocialState {
    /// A post's likes as shown: the catalog's count plus the user's own like.
    public func likes(of post: Post) -> Int { post.likes + (isLiked(post.id) ? 1 : 0) }
}

extension AppState {
    public func likes(of post: Post) -> Int { social.likes(of: post) }
}
