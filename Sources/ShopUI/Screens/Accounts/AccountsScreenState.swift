import Foundation
import ShopCore

/// The accounts screen: which marketplace is selected.
public struct AccountsScreenState: Sendable, Equatable {
    public var selection = 0
    public init() {}
}
