import Foundation
import ShopCore
import ShopTesting
import Testing
@testable import ShopUI

@Suite struct SocialReducerTests {
    @Test func likeSaveAndFollowChangeAtOnceAndAskToBeSaved() {
        var state = Fixtures.state()
        state.press("jj")  // p3: 9 likes, by hairbyzoe
        let post = state.currentPost!
        #expect(state.likes(of: post) == 9)
        #expect(state.press("l") == [.social(.toggleLike(postID: "p3"))])
        #expect(state.likes(of: post) == 10, "the count moves before the file is written")
        #expect(state.press("s") == [.social(.toggleSave(postID: "p3"))])
        #expect(state.press("f") == [.social(.toggleFollow(handle: "hairbyzoe"))])
        #expect(state.social.isSaved("p3") && state.social.isFollowing("hairbyzoe"))
        state.press("l")
        #expect(state.likes(of: post) == 9, "a second like takes it back")
    }

    @Test func shareCopiesTheLinkAndShowsIt() {
        var state = Fixtures.state()
        let effects = state.press("y")
        #expect(effects.first == .social(.copyLink("https://reelshop.example/p/p1")))
        #expect(state.toast?.message == "Link copied: https://reelshop.example/p/p1")
    }

    @Test func socialKeysOnlyWorkOnTheFeed() {
        var state = Fixtures.state()
        state.send(.key(.enter))
        let effects = state.press("f")
        #expect(!effects.contains { if case .social = $0 { return true } else { return false } })
    }

    @Test func theSavedStateWins() {
        var state = Fixtures.state()
        state.press("l")
        state.send(.social(.toggled(.toggleLike(postID: "p2"), on: true, SocialState(likedPosts: ["p2"]))))
        #expect(state.social.likedPosts == ["p2"])
        #expect(state.toast?.message == "Liked.")
    }

    @Test func theRailAndHandleShowWhatTheUserDid() {
        let theme = Theme(capability: .ansi256, unicode: true)
        var state = Fixtures.state()
        state.press("jj")  // p3: 9 likes
        let before = AppView.render(state, theme: theme, library: Fixtures.clips)
        #expect(before.text.contains("♡") && before.text.contains("+ Follow") && before.text.contains("Save"))
        state.press("lsf")
        let after = AppView.render(state, theme: theme, library: Fixtures.clips)
        #expect(after.text.contains("Following") && after.text.contains("Saved") && !after.text.contains("♡"))
        let row = after.lines.firstIndex { $0.contains("♥") }!
        let x = Array(after.line(row)).firstIndex(of: "♥")!
        #expect(after[x, row].style == theme.accent)
        #expect(after.lines[row + 1].hasSuffix(" 10"), "9 likes + the user's own")
    }

    @Test func theRunnerPersistsTogglesAndCopiesLinks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("social-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stateDirectory = StateDirectory(url: directory)
        let backend = TestBackend(
            size: Size(width: 80, height: 24),
            script: [[.key(.character("l"))], [.key(.character("j"))], [.key(.character("s")), .key(.character("y"))]])
        let runner = AppRunner(
            catalog: Fixtures.catalog, backend: backend,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: stateDirectory, catalog: Fixtures.catalog), clips: ClipLibrary()),
            playback: PlaybackState(reduceMotion: true), offersInterestPicker: false)
        runner.run()
        let saved = try SocialStore(stateDirectory: stateDirectory).load().state
        #expect(saved.likedPosts == ["p1"] && saved.savedPosts == ["p2"])
        #expect(backend.clipboard == ["https://reelshop.example/p/p2"])
        // A second run starts with what was saved.
        let again = TestBackend(size: Size(width: 80, height: 24), script: [[]])
        let second = AppRunner(
            catalog: Fixtures.catalog, backend: again,
            environment: AppEnvironment(cartStore: CartStore(stateDirectory: stateDirectory, catalog: Fixtures.catalog), clips: ClipLibrary()),
            playback: PlaybackState(reduceMotion: true), offersInterestPicker: false)
        second.run()
        #expect(second.state.social.likedPosts == ["p1"])
    }
}
