import Foundation
@testable import ShopCore
import Testing

/// The optional parts of catalog.json for LIVE shopping: streams, sponsored posts, price history.
@Suite struct LiveCatalogTests {
    private func liveFixture() -> CatalogFixture {
        var fixture = CatalogFixture()
        fixture.topLevelOverrides["lives"] = [
            [
                "id": "live-1", "host": "zoe", "title": "Clip restock", "media": "media/a.png", "viewers": 1200,
                "pinned": ["clip", "mug"],
                "chat": [["at": 2, "user": "ana", "text": "hi"], ["at": 4.5, "user": "bo", "text": "which colour?"]],
                "deals": [
                    [
                        "product": "clip", "currency": "USD", "dealPrice": 999, "startOffset": 10, "duration": 300,
                        "totalUnits": 50, "perBuyerLimit": 2,
                    ]
                ],
            ]
        ]
        fixture.posts[1]["sponsoredBy"] = "beta"
        fixture.products[0]["priceHistory"] = [["date": "2026-10-01", "price": 1800], ["date": "2026-11-01", "price": 1299]]
        return fixture
    }

    @Test func streamsSponsoredPostsAndPriceHistoryLoad() throws {
        let temp = try TemporaryDirectory("live-catalog")
        defer { temp.remove() }
        try liveFixture().write(to: temp.url)
        let catalog = try Catalog.load(from: temp.url)
        let live = try #require(catalog.lives.first)
        #expect(live.hostHandle == "zoe" && live.pinnedProductIDs == ["clip", "mug"] && live.baseViewers == 1200)
        #expect(live.chat.map(\.user) == ["ana", "bo"])
        #expect(live.deals.first?.dealPrice == Money(minorUnits: 999, currency: "USD"))
        #expect(catalog.posts[1].sponsoredBy == "beta" && catalog.posts[0].sponsoredBy == nil)
        let clip = try #require(catalog.product("clip"))
        #expect(clip.priceHistory.count == 2)
        let parser = ISO8601DateFormatter()
        #expect(clip.backedCompareAtPrice(asOf: parser.date(from: "2026-11-21T00:00:00Z")!) == Money(minorUnits: 1800, currency: "USD"))
        #expect(clip.backedCompareAtPrice(asOf: parser.date(from: "2027-06-01T00:00:00Z")!) == nil, "a 'was' price older than 90 days is not shown")
        #expect(catalog.product("mug")?.backedCompareAtPrice(asOf: Date()) == nil)
    }

    @Test func brokenStreamReferencesAreAllReported() throws {
        let temp = try TemporaryDirectory("live-broken")
        defer { temp.remove() }
        var fixture = liveFixture()
        fixture.topLevelOverrides["lives"] = [
            [
                "id": "live-1", "host": "nobody", "title": "t", "media": "media/missing.gif", "viewers": 10,
                "pinned": ["ghost"],
                "deals": [
                    [
                        "product": "clip", "currency": "USD", "dealPrice": 5000, "startOffset": 0, "duration": 60,
                        "totalUnits": 5, "perBuyerLimit": 1,
                    ]
                ],
            ]
        ]
        fixture.posts[1]["sponsoredBy"] = "nowhere"
        try fixture.write(to: temp.url)
        let problems = try fixture.problems(in: temp.url)
        let paths = Set(problems.map(\.path))
        #expect(
            paths == [
                "$.lives[0].host", "$.lives[0].pinned[0]", "$.lives[0].deals[0].dealPrice",
                "$.lives[0].media", "$.posts[1].sponsoredBy",
            ], "\(problems)")
    }
}

/// Price-history dates are read without a date formatter; they must agree with one.
@Suite struct CalendarDayTests {
    @Test func realDaysMatchFoundationsParser() {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withFullDate]
        for text in ["1970-01-01", "2000-02-29", "2026-10-01", "2026-12-31", "2100-03-01", "2024-02-29"] {
            #expect(CalendarDay.date(fromISO: text) == parser.date(from: text), "\(text)")
        }
    }

    @Test func impossibleDaysAndOtherShapesAreRefused() {
        for text in [
            "2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "2026/10/01",
            "２０２６-10-01", "2026-10-01T00:00:00Z", "",
        ] {
            #expect(CalendarDay.date(fromISO: text) == nil, "\(text)")
        }
    }
}
