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
            return recovery.map { showToast(&state, $0.description, .warning) } ?? []
        case .saved(let social, let message):
            state.social = social
            return showToast(&state, message, .success)
        case .failed(let message):
            return showToast(&state, message, .error)
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
            return [.social(.copyLink(link))] + showToast(&state, "Link copied: \(link)", .success)
        default:
            return nil
        }
    }
}

extension AppState {
    /// A post's likes as shown: the catalog's count plus the user's own like.
    public func likes(of post: Post) -> Int { post.likes + (social.isLiked(post.id) ? 1 : 0) }
}
