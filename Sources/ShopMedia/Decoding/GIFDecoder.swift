import CGIF
import Foundation

/// Decodes (animated) GIF through giflib, compositing frames onto a full-size canvas.
///
/// Reads record by record instead of `DGifSlurp` so that every image descriptor's size is checked
/// against the limits before giflib or we allocate its raster. Honours the graphics control block
/// (delay, transparency index, disposal none/background/previous) and local colour maps.
/// Background disposal clears to transparent, as browsers do.
///
/// With `fitting`, composited frames are scaled down to fit that size as soon as they are drawn,
/// so only the one full-size canvas being drawn on exists, never full-size copies of every frame
/// (20 clips of 4096x4096 took 3.6 GiB): from the first frame on once the full-size frames would
/// pass `allowance` bytes (those decoded so far are then scaled down too, so all frames keep one
/// size); a clip that stays under it is kept as decoded. Rows are drawn onto the canvas as
/// giflib reads them.
public enum GIFDecoder {
    public static func decode(
        _ data: Data, name: String, limits: DecodeLimits = .standard, fitting: PixelSize? = nil,
        keepingFullSizeUpTo allowance: Int = MediaDecoder.fullSizeAllowance, firstFrameOnly: Bool = false
    ) throws(MediaError) -> MediaClip {
        let reader = MemoryReader(data)
        var openError: Int32 = 0
        let userData = Unmanaged.passUnretained(reader).toOpaque()
        guard let gif = DGifOpen(userData, gifRead, &openError) else {
            throw MediaError(file: name, kind: .damaged, detail: "damaged GIF header (\(Self.reason(openError)))")
        }
        defer {
            var closeError: Int32 = 0
            DGifCloseFile(gif, &closeError)
        }
        return try withExtendedLifetime(reader) { () throws(MediaError) -> MediaClip in
            try decodeRecords(gif, name: name, limits: limits, fitting: fitting, allowance: allowance, firstFrameOnly: firstFrameOnly)
        }
    }

    /// Whether the GIF has more than one frame, read from its records without decoding a pixel
    /// (the image data is skipped block by block): what the feed needs to know about a clip before
    /// its whole decode. False for data giflib cannot open or a second frame it cannot reach.
    public static func hasSeveralFrames(_ data: Data) -> Bool {
        var images = 0
        _ = walkRecords(data) { _ in
            images += 1
            return images < 2
        }
        return images > 1
    }

    /// Every frame's delay as the decoder gives it (a delay of 0 plays as 100 ms), read from the
    /// records without decoding a pixel: what a clip's schedule needs (the run loop's next wake,
    /// the frame due) before, or instead of, its decode. Nil when giflib cannot read every record
    /// to the end (a damaged or truncated file: its decode decides what plays), for no frame, and
    /// past `maxFrames`.
    public static func frameDelays(_ data: Data, maxFrames: Int = DecodeLimits.standard.maxFrames) -> [Duration]? {
        var delays: [Duration] = []
        let whole = walkRecords(data) { control in
            let ms = Int(control.DelayTime) * 10
            delays.append(.milliseconds(ms == 0 ? 100 : ms))
            return delays.count <= maxFrames
        }
        return whole && !delays.isEmpty && delays.count <= maxFrames ? delays : nil
    }

    /// Reads the records, skipping image data: `image` is called at each image descriptor with the
    /// graphics control that came before it, and returns whether to go on. True when the walk
    /// reached the trailer (or `image` stopped it), false when giflib could not read a record.
    private static func walkRecords(_ data: Data, image: (GraphicsControlBlock) -> Bool) -> Bool {
        let reader = MemoryReader(data)
        var openError: Int32 = 0
        guard let gif = DGifOpen(Unmanaged.passUnretained(reader).toOpaque(), gifRead, &openError) else { return false }
        defer {
            var closeError: Int32 = 0
            DGifCloseFile(gif, &closeError)
        }
        let none = GraphicsControlBlock(
            DisposalMode: 0, UserInputFlag: false, DelayTime: 0, TransparentColor: Int32(rs_no_transparent_color()))
        return withExtendedLifetime(reader) {
            var pending = none
            while true {
                var record = UNDEFINED_RECORD_TYPE
                guard DGifGetRecordType(gif, &record) == rs_gif_ok() else { return false }
                var block: UnsafeMutablePointer<GifByteType>? = nil
                switch record {
                case EXTENSION_RECORD_TYPE:
                    var code: Int32 = 0
                    guard DGifGetExtension(gif, &code, &block) == rs_gif_ok() else { return false }
                    if code == rs_graphics_ext_func_code(), let block {
                        var gcb = GraphicsControlBlock()
                        if DGifExtensionToGCB(Int(block[0]), block + 1, &gcb) == rs_gif_ok() { pending = gcb }
                    }
                    while block != nil {
                        guard DGifGetExtensionNext(gif, &block) == rs_gif_ok() else { return false }
                    }
                case IMAGE_DESC_RECORD_TYPE:
                    guard DGifGetImageDesc(gif) == rs_gif_ok() else { return false }
                    guard image(pending) else { return true }
                    pending = none
                    var codeSize: Int32 = 0
                    guard DGifGetCode(gif, &codeSize, &block) == rs_gif_ok() else { return false }
                    while block != nil {
                        guard DGifGetCodeNext(gif, &block) == rs_gif_ok() else { return false }
                    }
                case TERMINATE_RECORD_TYPE:
                    return true
                default:
                    return false
                }
            }
        }
    }

    private static func decodeRecords(
        _ gif: UnsafeMutablePointer<GifFileType>, name: String,
        limits: DecodeLimits, fitting: PixelSize?, allowance: Int, firstFrameOnly: Bool
    ) throws(MediaError) -> MediaClip {
        let width = Int(gif.pointee.SWidth), height = Int(gif.pointee.SHeight)
        try limits.checkSize(width: width, height: height, file: name, what: "GIF screen")
        let frameBytes = width * height * 4
        var canvas = [UInt8](repeating: 0, count: frameBytes)
        var frames: [MediaFrame] = []
        // Scale frames down from now on (the bound is smaller than the screen, and the full-size
        // frames would pass the allowance).
        var shrinking = false
        let shrinks = fitting.map { AreaScaler.shrunkSize(width: width, height: height, toFit: $0) != PixelSize(width: width, height: height) } ?? false
        var pending = GraphicsControlBlock(
            DisposalMode: 0, UserInputFlag: false, DelayTime: 0,
            TransparentColor: Int32(rs_no_transparent_color()))
        var line: [GifPixelType] = []

        func damaged(_ what: String) -> MediaError {
            MediaError(
                file: name, kind: .damaged,
                detail: "\(what) (\(Self.reason(gif.pointee.Error)))\(frames.isEmpty ? "" : " after frame \(frames.count)")")
        }

        recordLoop: while true {
            var record = UNDEFINED_RECORD_TYPE
            guard DGifGetRecordType(gif, &record) == rs_gif_ok() else {
                // A file cut short after at least one complete frame still plays what it has.
                if !frames.isEmpty { break recordLoop }
                throw damaged("damaged or truncated GIF data")
            }
            switch record {
            case EXTENSION_RECORD_TYPE:
                var code: Int32 = 0
                var block: UnsafeMutablePointer<GifByteType>? = nil
                guard DGifGetExtension(gif, &code, &block) == rs_gif_ok() else {
                    if !frames.isEmpty { break recordLoop }
                    throw damaged("damaged GIF extension block")
                }
                if code == rs_graphics_ext_func_code(), let block {
                    var gcb = GraphicsControlBlock()
                    if DGifExtensionToGCB(Int(block[0]), block + 1, &gcb) == rs_gif_ok() {
                        pending = gcb
                    }
                }
                while block != nil {
                    guard DGifGetExtensionNext(gif, &block) == rs_gif_ok() else {
                        if !frames.isEmpty { break recordLoop }
                        throw damaged("damaged GIF extension block")
                    }
                }
            case IMAGE_DESC_RECORD_TYPE:
                guard DGifGetImageDesc(gif) == rs_gif_ok() else {
                    if !frames.isEmpty { break recordLoop }
                    throw damaged("damaged GIF image descriptor")
                }
                let desc = gif.pointee.Image
                let fw = Int(desc.Width), fh = Int(desc.Height)
                let fx = Int(desc.Left), fy = Int(desc.Top)
                try limits.checkSize(width: fw, height: fh, file: name, what: "GIF frame \(frames.count + 1)")
                guard frames.count < limits.maxFrames else {
                    throw MediaError(file: name, kind: .tooLarge, detail: "more than \(limits.maxFrames) frames")
                }
                guard (frames.count + 1) * frameBytes <= limits.maxTotalBytes else {
                    throw MediaError(
                        file: name, kind: .tooLarge,
                        detail: "decoded frames would exceed \(limits.maxTotalBytes) bytes")
                }
                guard let map = desc.ColorMap ?? gif.pointee.SColorMap, let colors = map.pointee.Colors else {
                    throw damaged("GIF frame \(frames.count + 1) has no colour map")
                }
                let colorCount = Int(map.pointee.ColorCount)
                let disposal = Int(pending.DisposalMode)
                let transparent = Int(pending.TransparentColor)
                let saved = disposal == Int(rs_dispose_previous()) ? canvas : nil
                // The frame's part of the logical screen (it may reach past it: clipped).
                let x0 = max(0, fx), x1 = min(width, fx + fw)
                let y0 = max(0, fy), y1 = min(height, fy + fh)
                // Read the rows and draw each onto the canvas at once; interlaced frames arrive
                // in four passes. A frame cut short is not kept (the canvas is then not used again).
                if line.count < fw { line = [GifPixelType](repeating: 0, count: fw) }
                var truncated = false
                for row in Self.rows(count: fh, interlaced: desc.Interlace) {
                    let ok = line.withUnsafeMutableBufferPointer { DGifGetLine(gif, $0.baseAddress, Int32(fw)) }
                    guard ok == rs_gif_ok() else { truncated = true; break }
                    let y = fy + row
                    guard y >= y0, y < y1, x0 < x1 else { continue }
                    line.withUnsafeBufferPointer { source in
                        canvas.withUnsafeMutableBufferPointer { target in
                            var o = (y * width + x0) * 4
                            for x in x0..<x1 {
                                let index = Int(source[x - fx])
                                if index != transparent && index < colorCount {
                                    let c = colors[index]
                                    target[o] = c.Red; target[o + 1] = c.Green; target[o + 2] = c.Blue; target[o + 3] = 255
                                }
                                o += 4
                            }
                        }
                    }
                }
                if truncated && frames.isEmpty {
                    throw damaged("GIF frame 1 is truncated or damaged")
                }
                if truncated { break recordLoop }

                let delayMs = Int(pending.DelayTime) * 10
                let image: RGBAImage
                if let fitting, shrinks, !shrinking, (frames.count + 1) * frameBytes > allowance {
                    shrinking = true
                    frames = frames.map { frame in
                        MediaFrame(
                            image: frame.image.pixels.withUnsafeBufferPointer {
                                AreaScaler.shrink($0, width: width, height: height, toFit: fitting)
                            }, delay: frame.delay)
                    }
                }
                if let fitting, shrinking {
                    image = canvas.withUnsafeBufferPointer { AreaScaler.shrink($0, width: width, height: height, toFit: fitting) }
                } else {
                    image = RGBAImage(width: width, height: height, pixels: canvas) ?? RGBAImage(width: 0, height: 0)
                }
                frames.append(MediaFrame(image: image, delay: .milliseconds(delayMs == 0 ? 100 : delayMs)))
                // Dispose before the next frame is drawn.
                if disposal == Int(rs_dispose_background()), x0 < x1, y0 < y1 {
                    for y in y0..<y1 {
                        let o = (y * width + x0) * 4
                        canvas.replaceSubrange(o..<o + (x1 - x0) * 4, with: repeatElement(0, count: (x1 - x0) * 4))
                    }
                } else if let saved {
                    canvas = saved
                }
                pending = GraphicsControlBlock(
                    DisposalMode: 0, UserInputFlag: false, DelayTime: 0,
                    TransparentColor: Int32(rs_no_transparent_color()))
                if firstFrameOnly { break recordLoop }
            case TERMINATE_RECORD_TYPE:
                break recordLoop
            default:
                break
            }
        }
        guard let first = frames.first else {
            throw MediaError(file: name, kind: .damaged, detail: "the GIF has no frames")
        }
        return MediaClip(
            source: name, width: first.image.width, height: first.image.height,
            originalWidth: width, originalHeight: height, frames: frames)
    }

    /// Row numbers in the order a frame sends them: top to bottom, or the four interlace passes.
    private static func rows(count: Int, interlaced: Bool) -> [Int] {
        guard interlaced else { return Array(0..<count) }
        var order: [Int] = []
        order.reserveCapacity(count)
        for (start, step) in [(0, 8), (4, 8), (2, 4), (1, 2)] {
            order.append(contentsOf: stride(from: start, to: count, by: step))
        }
        return order
    }

    private static func reason(_ code: Int32) -> String {
        guard let text = GifErrorString(code) else { return "giflib error \(code)" }
        return String(cString: text)
    }
}

/// Feeds giflib from memory; giflib calls `gifRead` with this object in `UserData`.
private final class MemoryReader {
    let bytes: [UInt8]
    var offset = 0
    init(_ data: Data) { bytes = [UInt8](data) }
}

private func gifRead(
    _ gif: UnsafeMutablePointer<GifFileType>?, _ buffer: UnsafeMutablePointer<GifByteType>?,
    _ count: Int32
) -> Int32 {
    guard let gif, let buffer, let user = gif.pointee.UserData, count > 0 else { return 0 }
    let reader = Unmanaged<MemoryReader>.fromOpaque(user).takeUnretainedValue()
    let n = min(Int(count), reader.bytes.count - reader.offset)
    guard n > 0 else { return 0 }
    reader.bytes.withUnsafeBufferPointer { src in
        buffer.update(from: src.baseAddress! + reader.offset, count: n)
    }
    reader.offset += n
    return Int32(n)
}
