import Foundation

/// What the user did socially, kept in `social.json`: likes, saves, follows and the interests
/// picked at first run. Lists are kept sorted so the file diffs cleanly.
public struct SocialState: VersionedDocument {
    public static let currentVersion = 1
    public static let empty = SocialState()

    public var version: Int
    public var likedPosts: [String]
    public var savedPosts: [String]
    public var followedCreators: [String]
    /// Categories chosen at first run (empty when skipped).
    public var interests: [String]
    /// True once the first-run interest picker was answered or skipped.
    public var onboarded: Bool

    public init(
        likedPosts: [String] = [], savedPosts: [String] = [], followedCreators: [String] = [],
        interests: [String] = [], onboarded: Bool = false
    ) {
        self.version = SocialState.currentVersion
        self.likedPosts = likedPosts.sorted()
        self.savedPosts = savedPosts.sorted()
        self.followedCreators = followedCreators.sorted()
        self.interests = interests.sorted()
        self.onboarded = onboarded
    }

    public func isLiked(_ postID: String) -> Bool { likedPosts.contains(postID) }
    public func isSaved(_ postID: String) -> Bool { savedPosts.contains(postID) }
    public func isFollowing(_ handle: String) -> Bool { followedCreators.contains(handle) }

    /// Adds or removes `item`; returns whether it is now in the list.
    @discardableResult
    static func toggle(_ item: String, in list: inout [String]) -> Bool {
        if let index = list.firstIndex(of: item) {
            list.remove(at: index)
            return false
        }
        list.append(item)
        list.sort()
        return true
    }

    @discardableResult public mutating func toggleLike(_ postID: String) -> Bool { Self.toggle(postID, in: &likedPosts) }
    @discardableResult public mutating func toggleSave(_ postID: String) -> Bool { Self.toggle(postID, in: &savedPosts) }
    @discardableResult public mutating func toggleFollow(_ handle: String) -> Bool { Self.toggle(handle, in: &followedCreators) }

    public mutating func setInterests(_ categories: [String]) {
        interests = Array(Set(categories)).sorted()
        onboarded = true
    }
}
