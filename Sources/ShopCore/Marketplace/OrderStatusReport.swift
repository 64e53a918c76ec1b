import Foundation

/// An order's status as its marketplace reports it now.
public struct OrderStatusReport: Codable, Sendable, Hashable {
    public var orderID: String
    public var status: OrderStatus
    /// Steps reached so far, oldest first (always starts with `.placed`).
    public var events: [TrackingEvent]
    public var deliveryEstimate: Date
    /// The carrier's tracking number once shipped, when the marketplace gives one.
    public var trackingNumber: String?

    public init(orderID: String, status: OrderStatus, events: [TrackingEvent], deliveryEstimate: Date, trackingNumber: String? = nil) {
        self.trackingNumber = trackingNumber
        self.orderID = orderID
        self.status = status
        self.events = events
        self.deliveryEstimate = deliveryEstimate
    }
}
