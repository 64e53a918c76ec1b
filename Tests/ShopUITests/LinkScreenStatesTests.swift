import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// The link screen says one thing at a time (issue 11): never "pending" and "approved" at once,
/// in any state it can be in.
@Suite struct LinkScreenStatesTests {
    let colour = Theme(capability: .ansi256, unicode: true)
    static let now = MarketFixtures.now

    /// Every state of the link screen, with a name for the failure message.
    static func states() -> [(String, LinkScreenState)] {
        let authorization = MarketFixtures.authorization("lumen", code: "QXLW-RLKV")
        func screen(_ phase: LinkScreenState.Phase, approvedHere: Bool = false, pollInFlight: Bool = false) -> LinkScreenState {
            var screen = LinkScreenState(marketplaceID: "lumen")
            screen.phase = phase
            screen.approvedHere = approvedHere
            screen.pollInFlight = pollInFlight
            return screen
        }
        let waiting = LinkState.waiting(authorization, interval: 5, nextPollAt: now.addingTimeInterval(5))
        let slowed = LinkState.waiting(authorization, interval: 10, nextPollAt: now.addingTimeInterval(10))
        return [
            ("consent", screen(.consent)),
            ("starting", screen(.linking(.starting(marketplaceID: "lumen")))),
            ("waiting", screen(.linking(waiting))),
            ("waiting, a poll on its way", screen(.linking(waiting), pollInFlight: true)),
            ("slowed down", screen(.linking(slowed))),
            ("approved here", screen(.linking(waiting), approvedHere: true)),
            ("approved here, a poll on its way", screen(.linking(waiting), approvedHere: true, pollInFlight: true)),
            ("approved here, slowed down", screen(.linking(slowed), approvedHere: true)),
            ("linked", screen(.linking(.linked(MarketFixtures.account("lumen"))), approvedHere: true)),
            ("denied", screen(.linking(.denied(marketplaceID: "lumen")))),
            ("expired", screen(.linking(.expired(marketplaceID: "lumen")), approvedHere: true)),
            ("failed", screen(.linking(.failed(marketplaceID: "lumen", MarketplaceError(.unavailable, "Lumen Bazaar is not answering."))))),
        ]
    }

    @Test func noStateShowsPendingAndApprovedAtOnce() {
        for (name, screen) in Self.states() {
            for size in [Size(width: 80, height: 24), Size(width: 40, height: 12), Size(width: 160, height: 48)] {
                var state = MarketFixtures.stateWithCart(width: size.width, height: size.height)
                state.routes = [.accounts(AccountsScreenState()), .link(screen)]
                state.market.now = Self.now.addingTimeInterval(19)
                let text = AppView.render(state, theme: colour, library: Fixtures.clips).text.lowercased()
                let pending = text.contains("pending") || text.contains("waiting for your approval")
                let approved = text.contains("approved")
                #expect(!(pending && approved), "\(name) at \(size.width)x\(size.height) says both:\n\(text)")
            }
        }
    }

    @Test func onceApprovedHereTheScreenSaysApprovedAndNoLongerOffersToApprove() {
        var state = MarketScreenStates.linkCode()
        guard case .link(var screen) = state.top else { Issue.record("no link screen"); return }
        screen.approvedHere = true
        state.routes[state.routes.count - 1] = .link(screen)
        let text = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(text.contains("Approved here as the demo shopper"), "\(text)")
        #expect(!text.contains("Press a to approve"), "\(text)")
        #expect(!text.contains("a approve here"), "the footer no longer offers it:\n\(text)")
        #expect(text.contains("QXLW-RLKV"), "the code stays on screen until the link is done")
    }
}
