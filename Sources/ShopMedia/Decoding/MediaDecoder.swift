import Foundation

/// Reads PNG and GIF files into `MediaClip`s, choosing the decoder by the file's magic bytes.
public enum MediaDecoder {
    /// The full-size frames a clip decoded `fitting` a box may keep: 8 MiB.
    public static let fullSizeAllowance = 8 << 20

    /// Which decoder a file needs.
    public enum Format: String, Sendable {
        case png, gif
    }

    /// The format named by the first bytes, or nil for anything else.
    public static func sniff(_ data: Data) -> Format? {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if data.count >= 8, data.prefix(8).elementsEqual(png) { return .png }
        if data.count >= 6 {
            let head = Array(data.prefix(6))
            if head == Array("GIF87a".utf8) || head == Array("GIF89a".utf8) { return .gif }
        }
        return nil
    }

    /// Decodes PNG or GIF bytes; `name` labels errors and the clip's `source`.
    ///
    /// With `fitting`, every frame is scaled down (aspect kept) to fit inside that size as it is
    /// decoded: what a box of cells needs (`PixelSize.decodeBound(for:)`), not the file's full
    /// size. A clip whose full-size frames take no more than `allowance` bytes (8 MiB: a
    /// 180x320 clip of 40 frames) is kept as decoded: scaling every frame of a small clip up
    /// front would cost more time than it saves memory, and the caches' byte budgets hold it.
    /// The limits are checked against the file's own size either way. With `firstFrameOnly`, a
    /// GIF's reading stops after its first frame (what a first screen needs).
    public static func decode(
        _ data: Data, name: String, limits: DecodeLimits = .standard, fitting: PixelSize? = nil,
        keepingFullSizeUpTo allowance: Int = fullSizeAllowance, firstFrameOnly: Bool = false
    ) throws(MediaError) -> MediaClip {
        switch sniff(data) {
        case .png:
            let full = try PNGDecoder.decode(data, name: name, limits: limits)
            var image = full
            if let bound = fitting, full.pixels.count > allowance,
                AreaScaler.shrunkSize(width: full.width, height: full.height, toFit: bound)
                    != PixelSize(width: full.width, height: full.height)
            {
                image = full.pixels.withUnsafeBufferPointer { AreaScaler.shrink($0, width: full.width, height: full.height, toFit: bound) }
            }
            return MediaClip(
                source: name, width: image.width, height: image.height,
                originalWidth: full.width, originalHeight: full.height,
                frames: [MediaFrame(image: image, delay: .milliseconds(100))])
        case .gif:
            return try GIFDecoder.decode(
                data, name: name, limits: limits, fitting: fitting, keepingFullSizeUpTo: allowance, firstFrameOnly: firstFrameOnly)
        case nil:
            if data.isEmpty {
                throw MediaError(file: name, kind: .damaged, detail: "the file is empty")
            }
            throw MediaError(
                file: name, kind: .unsupportedFormat,
                detail: "not a PNG or GIF file (unrecognised first bytes)")
        }
    }

    /// Whether the file is an animated GIF (more than one frame), without decoding it: a PNG, a
    /// one-frame GIF and a file that cannot be read are not.
    public static func isAnimated(path: String) -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size, size <= 64 << 20, let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
            sniff(data) == .gif
        else { return false }
        return GIFDecoder.hasSeveralFrames(data)
    }

    /// A GIF's frame delays from its records, without decoding (`GIFDecoder.frameDelays`); nil
    /// for a PNG, a file that cannot be read, and a GIF whose records cannot all be read.
    public static func frameDelays(path: String) -> [Duration]? {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size, size <= 64 << 20, let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
            sniff(data) == .gif
        else { return nil }
        return GIFDecoder.frameDelays(data)
    }

    /// Reads and decodes a file. Files larger than 64 MiB are refused before reading.
    public static func load(
        path: String, limits: DecodeLimits = .standard, fitting: PixelSize? = nil,
        keepingFullSizeUpTo allowance: Int = fullSizeAllowance, firstFrameOnly: Bool = false
    ) throws(MediaError) -> MediaClip {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else {
            throw MediaError(file: path, kind: .unreadable, detail: "cannot read the file (missing or no permission)")
        }
        guard size <= 64 << 20 else {
            throw MediaError(file: path, kind: .tooLarge, detail: "the file is \(size) bytes; the limit is 64 MiB")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MediaError(file: path, kind: .unreadable, detail: "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(
            data, name: path, limits: limits, fitting: fitting, keepingFullSizeUpTo: allowance, firstFrameOnly: firstFrameOnly)
    }
}
