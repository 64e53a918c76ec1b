import Foundation
import ShopMedia

/// The fixture catalog's pictures, drawn in code and written once per test process into a
/// temporary catalog folder (media/clip.png, media/mug.png, media/hush.png), so the goldens show
/// the clips' half-block cells as the storefront draws them, not the broken-media placeholder.
///
/// Each is 9:16 (the clip box's shape) on the posts' default backdrop (#181820): a round
/// tortoise-striped clip, a sky-blue mug with its handle, graphite headphones.
enum FixtureMedia {
    static let width = 36, height = 64
    static let backdrop = RGB(24, 24, 32)
    /// The clip's two bands.
    static let light = RGB(176, 112, 48), dark = RGB(88, 48, 16)

    /// A fresh folder holding media/ with the three pictures.
    static func writeCatalogFolder() -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-fixtures-\(UUID().uuidString)")
        let media = directory.appendingPathComponent("media")
        do {
            try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
            try TestImages.png(clip()).write(to: media.appendingPathComponent("clip.png"))
            try TestImages.png(mug()).write(to: media.appendingPathComponent("mug.png"))
            try TestImages.png(headphones()).write(to: media.appendingPathComponent("hush.png"))
        } catch {
            preconditionFailure("could not write the fixture pictures under \(directory.path): \(error)")
        }
        return directory
    }

    /// A round clip: brown and dark-brown bands, 4 pixels each, in a circle.
    static func clip() -> RGBAImage {
        draw { x, y in
            let dx = Double(x) - 17.5, dy = Double(y) - 31.5
            guard dx * dx + dy * dy <= 15 * 15 else { return nil }
            return (y / 4) % 2 == 0 ? light : dark
        }
    }

    /// A mug: a sky-blue body with a ring handle on its right.
    static func mug() -> RGBAImage {
        draw { x, y in
            if (6..<26).contains(x), (20..<48).contains(y) { return RGB(135, 206, 235) }
            let dx = Double(x) - 26, dy = Double(y) - 34
            let r = (dx * dx + dy * dy).squareRoot()
            return x >= 26 && r >= 5 && r <= 8 ? RGB(135, 206, 235) : nil
        }
    }

    /// Headphones: a graphite band over two ear cups.
    static func headphones() -> RGBAImage {
        draw { x, y in
            let dx = Double(x) - 17.5, dy = Double(y) - 30
            let r = (dx * dx + dy * dy).squareRoot()
            if y <= 30, r >= 12, r <= 15 { return RGB(88, 88, 96) }
            if (2..<9).contains(x) || (27..<34).contains(x), (28..<42).contains(y) { return RGB(58, 58, 64) }
            return nil
        }
    }

    /// Opaque pixels: `paint`'s colour, or the backdrop where it gives none.
    private static func draw(_ paint: (Int, Int) -> RGB?) -> RGBAImage {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let c = paint(x, y) ?? backdrop
                pixels += [c.r, c.g, c.b, 255]
            }
        }
        return RGBAImage(width: width, height: height, pixels: pixels)!
    }
}
