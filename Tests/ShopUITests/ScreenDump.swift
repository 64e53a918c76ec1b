import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// Prints screens for eyeballing when DUMP_SCREENS is set; not a test of behaviour.
@Test(.enabled(if: ProcessInfo.processInfo.environment["DUMP_SCREENS"] != nil)) func dumpScreens() {
    let theme = Theme(capability: .ansi256, unicode: true)
    var state = Fixtures.state()
    state.send(
        .cart(
            .loaded(
                Cart(lines: [Fixtures.line("clip", "black", 2, cents: 1299), Fixtures.line("mug", "sky", 1, cents: 1800), Fixtures.line("gone", "x", 1)]),
                recovery: nil)))
    state.press("c")
    print("=== cart"); print(AppView.render(state, theme: theme, library: Fixtures.clips).text)
    state.press("q?")
    print("=== help"); print(AppView.render(state, theme: theme, library: Fixtures.clips).text)
    state.send(.resize(Size(width: 39, height: 11)))
    print("=== small"); print(AppView.render(state, theme: theme, library: Fixtures.clips).text)
    var ascii = Fixtures.state()
    ascii.send(.key(.enter))
    print("=== ascii"); print(AppView.render(ascii, theme: Theme(capability: .monochrome, unicode: false), library: Fixtures.clips).text)
}
