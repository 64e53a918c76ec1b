import Foundation
import ShopCore
import Testing

@Suite struct FlashDealTests {
    let deal = FlashDeal(
        productID: "lip-oil", dealPrice: Money(minorUnits: 599, currency: "USD"),
        startOffset: 30, duration: 300, totalUnits: 50, perBuyerLimit: 2)

    @Test func theCountdownFollowsTheClock() {
        #expect(deal.status(at: 0, sold: 0) == .upcoming(startsIn: 30))
        #expect(deal.status(at: 29.2, sold: 0) == .upcoming(startsIn: 1))
        #expect(deal.status(at: 30, sold: 0) == .active(secondsLeft: 300, unitsLeft: 50))
        #expect(deal.status(at: 100.5, sold: 10) == .active(secondsLeft: 230, unitsLeft: 40))
        #expect(deal.status(at: 330, sold: 0) == .ended)
        #expect(deal.status(at: 60, sold: 50) == .soldOut)
        #expect(FlashDeal.countdown(230) == "03:50")
        #expect(FlashDeal.countdown(5) == "00:05")
    }

    @Test func limitsAreEnforced() {
        #expect(deal.refusal(quantity: 1, at: 10, sold: 0, boughtByThisBuyer: 0) == "The flash deal starts in 00:20.")
        #expect(deal.refusal(quantity: 2, at: 40, sold: 0, boughtByThisBuyer: 0) == nil)
        #expect(deal.refusal(quantity: 3, at: 40, sold: 0, boughtByThisBuyer: 0) == "Only 2 more at the deal price (limit 2 per buyer).")
        #expect(deal.refusal(quantity: 1, at: 40, sold: 0, boughtByThisBuyer: 2) == "You already have the limit of 2 at the deal price.")
        #expect(deal.refusal(quantity: 2, at: 40, sold: 49, boughtByThisBuyer: 0) == "Only 1 left at the deal price.")
        #expect(deal.refusal(quantity: 1, at: 40, sold: 50, boughtByThisBuyer: 0) == "The flash deal is sold out.")
        #expect(deal.refusal(quantity: 1, at: 400, sold: 0, boughtByThisBuyer: 0) == "The flash deal has ended.")
    }
}

@Suite struct LiveStreamTests {
    let stream = LiveStream(
        id: "live-1", hostHandle: "glowwithmae", title: "Lip oil restock", media: "media/x.gif",
        pinnedProductIDs: ["lip-oil"],
        chat: [
            ChatLine(at: 2, user: "ana", text: "hi!"), ChatLine(at: 5, user: "bo", text: "shade?"),
            ChatLine(at: 9, user: "cy", text: "bought 2"),
        ],
        deals: [], baseViewers: 12_000, loopSeconds: 12)

    @Test func chatScrollsOnScheduleAndLoops() {
        #expect(stream.chatLines(at: 1, limit: 5).isEmpty)
        #expect(stream.chatLines(at: 5, limit: 5).map(\.user) == ["ana", "bo"])
        #expect(stream.chatLines(at: 11, limit: 2).map(\.user) == ["bo", "cy"])
        // In the second loop the old lines stay above the new ones.
        #expect(stream.chatLines(at: 14.5, limit: 5).map(\.user) == ["bo", "cy", "ana"])
    }

    @Test func viewersDriftBelievablyAndRepeatably() {
        let counts = stride(from: 0.0, to: 600, by: 1).map { stream.viewers(at: $0) }
        #expect(counts.allSatisfy { $0 > 10_000 && $0 < 14_000 }, "within ±15% of the base")
        #expect(Set(counts).count > 50, "it moves")
        #expect(counts == stride(from: 0.0, to: 600, by: 1).map { stream.viewers(at: $0) }, "same time, same count")
        let steps = zip(counts, counts.dropFirst()).map { abs($0 - $1) }
        #expect(steps.max()! < 600, "no jumps of more than 5% from one second to the next")
    }
}

@Suite struct SponsoredInterleaverTests {
    @Test func sponsoredPostsComeAtASteadyCadenceNeverClustered() {
        let organic = (1...10).map { "o\($0)" }
        let result = SponsoredInterleaver.interleave(organic: organic, sponsored: ["ad1", "ad2", "ad3", "ad4"], every: 4)
        #expect(result == ["o1", "o2", "o3", "o4", "ad1", "o5", "o6", "o7", "o8", "ad2", "o9", "o10"])
        let adIndexes = result.enumerated().filter { $0.element.hasPrefix("ad") }.map(\.offset)
        #expect(zip(adIndexes, adIndexes.dropFirst()).allSatisfy { $1 - $0 == 5 })
        #expect(SponsoredInterleaver.interleave(organic: organic, sponsored: [String](), every: 4) == organic)
    }
}
