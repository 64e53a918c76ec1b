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

/// One step of an order's tracking timeline.
public struct TrackingEvent: Codable, Sendable, Hashable {
    public var status: OrderStatus
    public var at: Date
    public var note: String

    public init(status: OrderStatus, at: Date, note: String) {
        self.status = status
        self.at = at
        self.note = note
    }
}

/// An order's status as its marketplace reports it now.
public struct OrderStatusReport: Codable, Sendable, Hashable {
    public var orderID: String
    public var status: OrderStatus
    /// Steps reached so far, oldest first (always starts with `.placed`).
    public var events: [TrackingEvent]
    public var deliveryEstimate: Date

    public init(orderID: String, status: OrderStatus, events: [TrackingEvent], deliveryEstimate: Date) {
        self.orderID = orderID
        self.status = status
        self.events = events
        self.deliveryEstimate = deliveryEstimate
    }
}
