import Foundation
import ShopMedia

/// PNG (libpng) and GIF (giflib) decoding, then the raster the clip view draws.
///
/// Limits are smaller than the app's so each run stays fast; the checks are the same code.
enum MediaFuzz {
    static let limits = DecodeLimits(maxWidth: 256, maxHeight: 256, maxFrames: 32, maxTotalBytes: 8 << 20)

    static func png(_ bytes: [UInt8]) { decode(bytes, as: .png) }
    static func gif(_ bytes: [UInt8]) { decode(bytes, as: .gif) }

    private static func decode(_ bytes: [UInt8], as format: MediaDecoder.Format) {
        let data = Data(bytes)
        // Keep each target on its own decoder: the sniffed format must match the corpus's.
        guard MediaDecoder.sniff(data) == format else { return }
        let clip: MediaClip
        do {
            clip = try MediaDecoder.decode(data, name: "fuzz.\(format.rawValue)", limits: limits)
        } catch {
            require(!error.description.isEmpty, "a refused picture says why")
            return
        }
        require(!clip.frames.isEmpty, "a decoded clip has a frame")
        require(clip.frames.count <= limits.maxFrames, "the frame limit holds")
        for frame in clip.frames {
            let image = frame.image
            require(image.width > 0 && image.width <= limits.maxWidth && image.height > 0 && image.height <= limits.maxHeight,
                    "decoded sizes stay within the limits: \(image.width)x\(image.height)")
        }
        for mode in [ColorMode.ansi256, .none] {
            let raster = MediaRenderer.render(clip, frame: clip.frames.count - 1, into: CellSize(width: 17, height: 9),
                                              mode: mode, background: RGB(0, 0, 0))
            require(raster.width == 17 && raster.height == 9, "the raster fills the cells asked for")
        }
    }
}
