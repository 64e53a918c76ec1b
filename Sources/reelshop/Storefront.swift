import ArgumentParser
import Foundation
import ShopCore

/// Options that only matter to the interactive storefront.
struct StorefrontOptions: ParsableArguments {}

enum Storefront {
    static func open(common: CommonOptions, options: StorefrontOptions) throws -> Int32 {
        _ = try common.loadCatalog()
        return 0
    }
}
