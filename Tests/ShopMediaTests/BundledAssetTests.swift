import Foundation
import ShopMedia
import Testing

/// The pictures in Assets/media are part of the product: every one must decode within the
/// default limits, be portrait 9:16, and be listed in INDEX.txt with the right kind.
@Suite("bundled media assets")
struct BundledAssetTests {
    static let mediaDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Assets/media")

    static func index() throws -> [(file: String, kind: String, category: String, title: String)] {
        let text = try String(contentsOf: mediaDirectory.appendingPathComponent("INDEX.txt"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (f[0], f.count > 1 ? f[1] : "", f.count > 2 ? f[2] : "", f.count > 3 ? f[3] : "")
        }
    }

    @Test func indexListsEveryFileAndEnoughProducts() throws {
        let entries = try Self.index()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.mediaDirectory.path)
            .filter { $0.hasSuffix(".png") || $0.hasSuffix(".gif") }
        #expect(Set(entries.map(\.file)) == Set(files))
        #expect(entries.count >= 30)
        #expect(Set(entries.map(\.category)).count >= 6)
        #expect(entries.filter { $0.kind == "clip" }.count >= 8)
        #expect(entries.allSatisfy { !$0.title.isEmpty })
    }

    @Test func everyAssetDecodesAsPortraitAndRasters() throws {
        for entry in try Self.index() {
            let path = Self.mediaDirectory.appendingPathComponent(entry.file).path
            let clip = try MediaDecoder.load(path: path)
            #expect(clip.width <= 360 && clip.height <= 640, "\(entry.file)")
            #expect(abs(Double(clip.width) / Double(clip.height) - 9.0 / 16.0) < 0.01, "\(entry.file)")
            #expect(clip.isAnimated == (entry.kind == "clip"), "\(entry.file)")
            let raster = MediaRenderer.render(clip, frame: 0, into: CellSize(width: 18, height: 16),
                                              mode: .ansi256, background: RGB(0, 0, 0))
            // The product stands out from its backdrop: more than two colours in the raster.
            let colours = Set(raster.cells.flatMap { [$0.topColor, $0.bottomColor] })
            #expect(colours.count > 3, "\(entry.file) looks empty")
        }
    }
}
