import Foundation
@testable import ShopCore
import ShopUI

/// catalog.json: every input either loads or is refused with located problems; a loaded catalog draws.
enum CatalogFuzz {
    static func run(_ bytes: [UInt8]) {
        let loader = CatalogLoader(directory: Fixtures.assets)
        do {
            let catalog = try loader.load(data: Data(bytes))
            require(!catalog.posts.isEmpty, "a loaded catalog has a post")
            Fixtures.draw(AppState(catalog: catalog, size: Size(width: 80, height: 24)))
        } catch {
            require(!error.problems.isEmpty, "a refused catalog says why")
            for problem in error.problems {
                require(problem.path.hasPrefix("$"), "problem paths are JSON paths: \(problem.path)")
            }
            _ = error.description
        }
    }
}
