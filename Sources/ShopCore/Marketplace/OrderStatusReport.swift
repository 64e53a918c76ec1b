import Foundation

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
