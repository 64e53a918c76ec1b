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
        #expect(state == before, "changed: \(Self.changedFields(before, state))")
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
        #expect(state == expected, "only the feed position and the clip clock moved")
    }

    /// The names of the top-level fields that differ, for a readable failure.
    static func changedFields(_ a: AppState, _ b: AppState) -> [String] {
        zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children).compactMap { left, right in
            String(describing: left.value) == String(describing: right.value) ? nil : left.label
        }
    }

    @Test func openingAndClosingTheCartLeavesTheStateAsItWas() {
        var state = Self.settled()
        let before = state
        _ = Reducer.reduce(&state, .key(.character("c")))
        #expect(state != before)
        _ = Reducer.reduce(&state, .key(.escape))
        #expect(state == before, "changed: \(Self.changedFields(before, state))")
    }
}
