import Foundation
import ShopCore

/// The orders screen: which order is selected.
public struct OrdersScreenState: Sendable, Equatable {
    public var selection = 0
    public init() {}
}
