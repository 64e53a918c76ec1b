import Foundation

/// `social.json` in the state directory, changed with the same locked, atomic discipline as
/// the cart, so two windows liking different posts both keep their likes.
public struct SocialStore: Sendable {
    public let document: JSONDocumentStore<SocialState>

    public init(stateDirectory: StateDirectory, now: @escaping @Sendable () -> Date = { Date() }) {
        document = JSONDocumentStore(url: stateDirectory.file("social.json"), mode: 0o600, now: now)
    }

    public func load() throws -> (state: SocialState, recovery: Recovery?) {
        let (state, recovery) = try document.load()
        return (state, recovery)
    }

    /// Toggles a like; returns whether the post is now liked, and the state as saved.
    public func toggleLike(_ postID: String) throws -> (isOn: Bool, state: SocialState) {
        let result = try document.update { $0.toggleLike(postID) }
        return (result.result, result.document)
    }

    public func toggleSave(_ postID: String) throws -> (isOn: Bool, state: SocialState) {
        let result = try document.update { $0.toggleSave(postID) }
        return (result.result, result.document)
    }

    public func toggleFollow(_ handle: String) throws -> (isOn: Bool, state: SocialState) {
        let result = try document.update { $0.toggleFollow(handle) }
        return (result.result, result.document)
    }

    public func setInterests(_ categories: [String]) throws -> SocialState {
        try document.update { $0.setInterests(categories) }.document
    }
}
