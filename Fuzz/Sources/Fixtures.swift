import Foundation
@testable import ShopCore
import ShopUI

/// What the targets share: the bundled catalog (media paths resolve against it) and a theme.
enum Fixtures {
    /// `REELSHOP_FUZZ_ASSETS` (scripts/fuzz sets it to the repository's Assets folder).
    static let assets = URL(fileURLWithPath: ProcessInfo.processInfo.environment["REELSHOP_FUZZ_ASSETS"] ?? "Assets")

    static let catalog: Catalog = {
        do {
            return try Catalog.load(from: assets)
        } catch {
            fatalError("the fuzzer needs the bundled catalog (REELSHOP_FUZZ_ASSETS): \(error)")
        }
    }()

    static let theme = Theme(capability: .ansi256, unicode: true)
    /// The clips the drawing targets draw from, decoded once for the whole run.
    static let clips = ClipLibrary()

    /// Loads the catalog and draws it once, before the first input.
    static func prime() {
        draw(AppState(catalog: catalog, size: Size(width: 80, height: 24)))
    }

    /// Draws a state at a few sizes: the screens must lay out whatever the files hold.
    static func draw(_ state: AppState) {
        for size in [Size(width: 80, height: 24), Size(width: 40, height: 12), Size(width: 200, height: 60)] {
            var sized = state
            sized.size = size
            let grid = AppView.render(sized, theme: theme, library: clips)
            require(grid.width == size.width && grid.height == size.height, "the grid is the terminal's size")
        }
    }
}
