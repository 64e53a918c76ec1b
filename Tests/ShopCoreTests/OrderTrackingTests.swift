import Foundation
import Testing
@testable import ShopCore

@Suite("Order tracking: the arrival shown agrees with the tracking clock")
struct OrderTrackingTests {
    @Test("at the demo speed the quoted arrival is when the order is delivered, and every step falls between")
    func arrivalAgreesWithTracking() async throws {
        let world = try DemoWorld(speed: 1440)
        defer { world.dir.remove() }
        try await world.link("lumen")
        _ = try world.cartStore.add(productID: "candle")
        let plan = await world.coordinator.quote(CheckoutPlan.cart(try world.cartStore.load().cart, catalog: world.catalog))
        let quoted = try #require(plan.group("lumen")?.quote)
        let placed = try #require(await world.coordinator.place(plan).newlyPlaced.first)
        #expect(placed.deliveryEstimate == quoted.deliveryEstimate)

        world.clock.advance(by: 3 * 86_400)
        let delivered = try #require(try await world.coordinator.refreshOrders().first)
        #expect(delivered.status == .delivered)
        let deliveredAt = try #require(delivered.timeline.last?.at)
        #expect(
            deliveredAt == delivered.deliveryEstimate,
            "delivered at \(deliveredAt), but the order says it arrives \(delivered.deliveryEstimate)")
        #expect(delivered.deliveryEstimate == quoted.deliveryEstimate, "the checkout promised the same")
        for event in delivered.timeline {
            #expect(event.at >= delivered.placedAt && event.at <= delivered.deliveryEstimate)
        }
    }
}
