import Foundation

/// Where an order is on its way to the door.
public enum OrderStatus: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
    case placed
    case shipped
    case outForDelivery
    case delivered

    /// "Out for delivery".
    public var label: String {
        switch self {
        case .placed: return "Placed"
        case .shipped: return "Shipped"
        case .outForDelivery: return "Out for delivery"
        case .delivered: return "Delivered"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: OrderStatus, rhs: OrderStatus) -> Bool { lhs.rank < rhs.rank }
}
