import Foundation
import ShopCore
import Testing

@Suite struct DemoTourTests {
    @Test func theBundledTourLoads() throws {
        let tour = try DemoTour.load(from: bundledCatalogDirectory.appendingPathComponent("demo-tour.json"))
        #expect(tour.steps.count >= 5)
        #expect(tour.steps.allSatisfy { !$0.caption.isEmpty })
        #expect(tour.duration(speed: 4) * 4 == tour.duration(speed: 1))
    }

    @Test func everyProblemIsReportedWithItsPath() {
        let json = #"{"version": 2, "steps": [{"caption": "", "keys": ["Enter", "Ctrl-Q"]}, {"caption": "ok", "seconds": 500}, 7]}"#
        #expect {
            try DemoTour.parse(Data(json.utf8), file: "tour.json")
        } throws: { error in
            guard let error = error as? DemoTourError else { return false }
            return error.problems == [
                "tour.json: $.version: expected 1",
                "tour.json: $.steps[0].caption: expected a non-empty string",
                "tour.json: $.steps[0].keys[1]: expected one character or one of Backspace, Down, Enter, Escape, Left, Right, Space, Tab, Up, found \"Ctrl-Q\"",
                "tour.json: $.steps[1].seconds: expected 0.1 to 120",
                "tour.json: $.steps[2]: expected an object",
            ]
        }
    }

    @Test func defaultsAndOptions() throws {
        let json = #"{"version": 1, "steps": [{"caption": "Link", "keys": ["L"], "approve": true, "waitFor": "Linked"}]}"#
        let tour = try DemoTour.parse(Data(json.utf8), file: "t")
        #expect(tour.steps == [DemoTour.Step(caption: "Link", keys: ["L"], seconds: 2, approve: true, waitFor: "Linked")])
    }
}
