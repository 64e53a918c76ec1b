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
            require(
                image.width > 0 && image.width <= limits.maxWidth && image.height > 0 && image.height <= limits.maxHeight,
                "decoded sizes stay within the limits: \(image.width)x\(image.height)")
        }
        for mode in [ColorMode.ansi256, .none] {
            let raster = MediaRenderer.render(
                clip, frame: clip.frames.count - 1, into: CellSize(width: 17, height: 9),
                mode: mode, background: RGB(0, 0, 0))
            require(raster.width == 17 && raster.height == 9, "the raster fills the cells asked for")
        }
        fitted(data, format: format, full: clip)
    }

    /// Decoded for a box (what the storefront does), the same picture: as many frames with the
    /// same delays, each no larger than the bound and of the file's aspect, rastered into the
    /// same cells; the file's own size remembered.
    private static func fitted(_ data: Data, format: MediaDecoder.Format, full: MediaClip) {
        let bound = PixelSize(width: 8 + data.count % 13, height: 5 + data.count % 7)
        let small: MediaClip
        do {
            // Allowance 0: every frame is scaled, however small the clip.
            small = try MediaDecoder.decode(
                data, name: "fuzz.\(format.rawValue)", limits: limits, fitting: bound,
                keepingFullSizeUpTo: 0)
        } catch {
            require(false, "a picture that decodes also decodes for a box: \(error)")
            return
        }
        require(small.frames.count == full.frames.count && small.delays == full.delays, "the same frames, the same delays")
        require(small.originalWidth == full.width && small.originalHeight == full.height, "the file's size is kept")
        for frame in small.frames {
            let image = frame.image
            require(
                image.width >= 1 && image.width <= max(bound.width, 1) && image.height >= 1 && image.height <= bound.height,
                "a fitted frame stays inside the bound: \(image.width)x\(image.height) in \(bound)")
            require(image.width == small.width && image.height == small.height, "every frame the same size")
        }
        let cells = CellSize(width: 17, height: 9)
        let a = MediaRenderer.render(full, frame: 0, into: cells, mode: .none, background: RGB(0, 0, 0))
        let b = MediaRenderer.render(small, frame: 0, into: cells, mode: .none, background: RGB(0, 0, 0))
        require(a.width == b.width && a.height == b.height, "the same cells")
    }
}
