import Foundation
import ShopCore

/// The storefront shows what the marketplaces can sell now (their `GET …/products`), so a unit
/// another visitor bought is gone here too. Asked for when the user moves (another post, a page
/// opened or closed) at most every `minimumGap` seconds, and at once after orders were placed —
/// never on a timer: an idle storefront stays idle (`MarketTicks`).
enum StockRefresh {
    static let minimumGap: TimeInterval = 3

    static func wanted(_ state: AppState, moved: Bool, after action: Action) -> Bool {
        guard state.market.liveStock, !state.market.stockLoading else { return false }
        if case .market(.placed(let result)) = action, !result.newlyPlaced.isEmpty { return true }
        guard moved else { return false }
        guard let checked = state.market.stockCheckedAt else { return true }
        return state.market.now.timeIntervalSince(checked) >= minimumGap
    }
}
