import CustomDump
import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// `AppState` is Equatable (issue 12), so a test can say that nothing else changed.
@Suite struct WholeStateTests {
    /// Keys no screen binds, and what a terminal may send that is no key of ours.
    static let unbound: [Key] = [.character("§"), .character("Z"), .character("~"), .character("é"), .delete]

    /// The fixture after its first action: the reducer starts the first clip's clock then.
    static func settled() -> AppState {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .tick(now: 1))
        return state
    }

    @Test(arguments: unbound)
    func anUnboundKeyOnTheFeedChangesNothingAtAll(key: Key) {
        var state = Self.settled()
        let before = state
        let effects = Reducer.reduce(&state, .key(key))
        expectNoDifference(state, before)
        #expect(effects.isEmpty)
    }

    @Test func scrollingChangesThePostAndItsPlaybackOnly() {
        var state = Self.settled()
        let before = state
        _ = Reducer.reduce(&state, .key(.character("j")))
        #expect(state.feed.index == before.feed.index + 1)
        var expected = before
        expected.feed = state.feed
        expected.playback = state.playback
        expectNoDifference(state, expected, "only the feed position and the clip clock moved")
    }

    @Test func openingAndClosingTheCartLeavesTheStateAsItWas() {
        var state = Self.settled()
        let before = state
        _ = Reducer.reduce(&state, .key(.character("c")))
        #expect(state != before)
        _ = Reducer.reduce(&state, .key(.escape))
        expectNoDifference(state, before)
    }
}
