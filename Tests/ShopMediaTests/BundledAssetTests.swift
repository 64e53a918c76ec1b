import Foundation
import ShopMedia
import Testing

/// The pictures in Assets/media are part of the product: every one must decode within the
/// default limits, be portrait 9:16 and big enough for pixel graphics (540x960 or more), be
/// listed in INDEX.txt with the right kind, belong to one product only, and the whole Assets/
/// folder must stay within its size budget.
@Suite("bundled media assets")
struct BundledAssetTests {
    static let assetsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Assets")
    static let mediaDirectory = assetsDirectory.appendingPathComponent("media")

    /// What the repository may carry for the demo catalog (catalog, tour, media, SOURCES.md).
    static let assetsBudgetBytes = 25 * 1024 * 1024

    static func index() throws -> [(file: String, kind: String, category: String, title: String)] {
        let text = try String(contentsOf: mediaDirectory.appendingPathComponent("INDEX.txt"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (f[0], f.count > 1 ? f[1] : "", f.count > 2 ? f[2] : "", f.count > 3 ? f[3] : "")
        }
    }

    /// catalog.json as plain JSON (this target does not depend on ShopCore).
    static func catalog() throws -> [String: Any] {
        let data = try Data(contentsOf: assetsDirectory.appendingPathComponent("catalog.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func objects(_ catalog: [String: Any], _ key: String) -> [[String: Any]] {
        catalog[key] as? [[String: Any]] ?? []
    }

    @Test func indexListsEveryFileAndEnoughProducts() throws {
        let entries = try Self.index()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.mediaDirectory.path)
            .filter { $0.hasSuffix(".png") || $0.hasSuffix(".gif") }
        #expect(Set(entries.map(\.file)) == Set(files))
        #expect(entries.count >= 30)
        #expect(Set(entries.map(\.category)).count >= 6)
        #expect(entries.filter { $0.kind == "clip" }.count >= 12)
        #expect(entries.allSatisfy { !$0.title.isEmpty })
    }

    @Test func everyAssetDecodesAsLargePortraitAndRasters() throws {
        for entry in try Self.index() {
            let path = Self.mediaDirectory.appendingPathComponent(entry.file).path
            let clip = try MediaDecoder.load(path: path)
            #expect(clip.width >= 540 && clip.height >= 960, "\(entry.file) is \(clip.width)x\(clip.height)")
            #expect(abs(Double(clip.width) / Double(clip.height) - 9.0 / 16.0) < 0.01, "\(entry.file)")
            #expect(clip.isAnimated == (entry.kind == "clip"), "\(entry.file)")
            let raster = MediaRenderer.render(
                clip, frame: 0, into: CellSize(width: 24, height: 21),
                mode: .ansi256, background: RGB(0, 0, 0))
            // The product stands out from its backdrop: more than a few colours in the raster.
            let colours = Set(raster.cells.flatMap { [$0.topColor, $0.bottomColor] })
            #expect(colours.count > 3, "\(entry.file) looks empty")
        }
    }

    /// Clips are seamless product loops: 2 to 4 seconds at 10 to 15 frames a second.
    @Test func clipsLoopForTwoToFourSecondsAtTenToFifteenFramesASecond() throws {
        for entry in try Self.index() where entry.kind == "clip" {
            let clip = try MediaDecoder.load(path: Self.mediaDirectory.appendingPathComponent(entry.file).path)
            let loop = clip.delays.reduce(Duration.zero, +)
            #expect(loop >= .seconds(2) && loop <= .seconds(4), "\(entry.file) loops in \(loop)")
            let fps = Double(clip.frames.count) / (Double(loop.components.attoseconds) / 1e18 + Double(loop.components.seconds))
            #expect(fps >= 10 && fps <= 15, "\(entry.file) plays at \(fps) frames a second")
        }
    }

    /// Every product has a picture of its own: no file is the picture of two different products,
    /// a post shows its own product's picture, and a LIVE stream's clip is no product's picture.
    @Test func noPictureServesTwoProducts() throws {
        let catalog = try Self.catalog()
        var owner: [String: String] = [:]
        for product in Self.objects(catalog, "products") {
            let id = try #require(product["id"] as? String)
            let media = try #require(product["media"] as? String)
            #expect(owner[media] == nil, "\(media) is the picture of both \(owner[media] ?? "") and \(id)")
            owner[media] = id
        }
        for post in Self.objects(catalog, "posts") {
            let media = try #require(post["media"] as? String)
            let product = try #require(post["product"] as? String)
            #expect(owner[media] == product, "\(post["id"] ?? "?") shows \(media), the picture of \(owner[media] ?? "no product"), not of \(product)")
        }
        for live in Self.objects(catalog, "lives") {
            let media = try #require(live["media"] as? String)
            #expect(owner[media] == nil, "LIVE \(live["id"] ?? "?") uses \(media), the picture of \(owner[media] ?? "")")
        }
    }

    /// INDEX.txt names each picture's product as the catalog does (make-assets writes both).
    @Test func indexTitlesMatchTheCatalog() throws {
        let catalog = try Self.catalog()
        var titles: [String: String] = [:]
        for product in Self.objects(catalog, "products") {
            if let media = product["media"] as? String, let title = product["title"] as? String {
                titles[media] = title
            }
        }
        for live in Self.objects(catalog, "lives") {
            if let media = live["media"] as? String, let title = live["title"] as? String { titles[media] = title }
        }
        for entry in try Self.index() {
            #expect(titles["media/\(entry.file)"] == entry.title, "INDEX.txt: \(entry.file) is \"\(entry.title)\"")
        }
    }

    @Test func theAssetsFolderStaysWithinItsBudget() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.assetsDirectory, includingPropertiesForKeys: [.fileSizeKey]))
        var total = 0
        for case let url as URL in files {
            total += try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
        }
        #expect(total <= Self.assetsBudgetBytes, "Assets/ holds \(total) bytes")
    }
}
