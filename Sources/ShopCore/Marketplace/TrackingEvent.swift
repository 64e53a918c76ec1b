import Foundation

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
