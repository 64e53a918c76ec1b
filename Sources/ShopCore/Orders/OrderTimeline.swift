import Foundation

/// How a demo order moves along: each step at a fixed share of the time between placing and the
/// delivery estimate, with time running `speed` times faster than the clock.
public enum OrderTimeline {
    /// Share of the delivery window at which each step is reached.
    public static let milestones: [(status: OrderStatus, share: Double, note: String)] = [
        (.placed, 0, "Order placed"),
        (.shipped, 0.2, "Shipped from the warehouse"),
        (.outForDelivery, 0.85, "Out for delivery"),
        (.delivered, 1, "Delivered to your door"),
    ]

    /// The steps reached by `now`, each dated at the (real) moment it was reached.
    public static func events(placedAt: Date, deliveryEstimate: Date, now: Date, speed: Double) -> [TrackingEvent] {
        let speed = speed > 0 && speed.isFinite ? speed : 1
        // A window of under a second (a very fast demo, dates stored to the second) still moves.
        let window = max(deliveryEstimate.timeIntervalSince(placedAt), 1)
        let elapsed = max(now.timeIntervalSince(placedAt), 0) * speed
        return milestones.compactMap { milestone in
            let reachedAfter = milestone.share * window
            guard elapsed >= reachedAfter else { return nil }
            return TrackingEvent(status: milestone.status, at: placedAt.addingTimeInterval(reachedAfter / speed), note: milestone.note)
        }
    }

    public static func report(orderID: String, placedAt: Date, deliveryEstimate: Date, now: Date, speed: Double) -> OrderStatusReport {
        let events = events(placedAt: placedAt, deliveryEstimate: deliveryEstimate, now: now, speed: speed)
        return OrderStatusReport(orderID: orderID, status: events.last?.status ?? .placed, events: events, deliveryEstimate: deliveryEstimate)
    }
}
