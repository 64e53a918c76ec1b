import CGIF
import CPNG
import Foundation

/// Test fixtures made in code (shipped with the library, as test doubles are): PNGs through libpng's simplified write API, GIFs through giflib's
/// EGif API, so the decoders are checked against independent encoders.
public enum TestImages {
    /// Encodes straight-alpha RGBA pixels as PNG.
    public static func png(_ image: RGBAImage) -> Data {
        do {
            return try PNGEncoder.encode(image)
        } catch {
            preconditionFailure("libpng could not write the test PNG: \(error.detail)")
        }
    }

    /// One GIF frame: palette indexes for a `width` x `height` rectangle at (left, top).
    public struct GIFFrame {
        public var left = 0
        public var top = 0
        public var width: Int
        public var height: Int
        public var indexes: [UInt8]
        public var delayCentiseconds = 10
        public var disposal: Int32 = 1
        public var transparentIndex: Int32 = -1
        /// A local colour map (power-of-two count), or nil for the global one.
        public var localColors: [RGB]? = nil
        public var interlaced = false

        public init(
            left: Int = 0, top: Int = 0, width: Int, height: Int, indexes: [UInt8], delayCentiseconds: Int = 10,
            disposal: Int32 = 1, transparentIndex: Int32 = -1, localColors: [RGB]? = nil, interlaced: Bool = false
        ) {
            self.left = left
            self.top = top
            self.width = width
            self.height = height
            self.indexes = indexes
            self.delayCentiseconds = delayCentiseconds
            self.disposal = disposal
            self.transparentIndex = transparentIndex
            self.localColors = localColors
            self.interlaced = interlaced
        }
    }

    /// Encodes an animated GIF with a global palette (padded to a power of two).
    public static func gif(width: Int, height: Int, colors: [RGB], frames: [GIFFrame]) -> Data {
        let sink = Sink()
        var err: Int32 = 0
        guard let gif = EGifOpen(Unmanaged.passUnretained(sink).toOpaque(), gifWrite, &err) else {
            fatalError("EGifOpen failed: \(err)")
        }
        EGifSetGifVersion(gif, true)
        let global = makeMap(colors)
        precondition(EGifPutScreenDesc(gif, Int32(width), Int32(height), 8, 0, global) == rs_gif_ok())
        GifFreeMapObject(global)
        for frame in frames {
            var gcb = GraphicsControlBlock(
                DisposalMode: frame.disposal, UserInputFlag: false,
                DelayTime: Int32(frame.delayCentiseconds),
                TransparentColor: frame.transparentIndex)
            var ext = [GifByteType](repeating: 0, count: 4)
            let n = EGifGCBToExtension(&gcb, &ext)
            precondition(EGifPutExtension(gif, rs_graphics_ext_func_code(), Int32(n), ext) == rs_gif_ok())
            let local = frame.localColors.map(makeMap)
            precondition(
                EGifPutImageDesc(
                    gif, Int32(frame.left), Int32(frame.top), Int32(frame.width),
                    Int32(frame.height), frame.interlaced, local) == rs_gif_ok())
            if let local { GifFreeMapObject(local) }
            var rows = Array(0..<frame.height)
            if frame.interlaced {
                rows = []
                for (start, step) in [(0, 8), (4, 8), (2, 4), (1, 2)] {
                    rows.append(contentsOf: stride(from: start, to: frame.height, by: step))
                }
            }
            for y in rows {
                var line = Array(frame.indexes[y * frame.width..<(y + 1) * frame.width])
                precondition(EGifPutLine(gif, &line, Int32(frame.width)) == rs_gif_ok())
            }
        }
        precondition(EGifCloseFile(gif, &err) == rs_gif_ok())
        return withExtendedLifetime(sink) { Data(sink.bytes) }
    }

    private static func makeMap(_ colors: [RGB]) -> UnsafeMutablePointer<ColorMapObject> {
        var count = 2
        while count < colors.count { count *= 2 }
        var table = colors.map { GifColorType(Red: $0.r, Green: $0.g, Blue: $0.b) }
        table += Array(repeating: GifColorType(Red: 0, Green: 0, Blue: 0), count: count - colors.count)
        guard let map = GifMakeMapObject(Int32(count), table) else { fatalError("GifMakeMapObject failed") }
        return map
    }

    /// A PNG with the given IHDR size but only a few real bytes: the header lies.
    public static func pngClaimingSize(width: UInt32, height: UInt32) -> Data {
        var bytes = [UInt8](png(RGBAImage(width: 2, height: 2, fill: RGB(1, 2, 3), alpha: 255)))
        // IHDR data starts at 16 (8 signature + 4 length + 4 type); its CRC covers type + data.
        put32(&bytes, 16, width)
        put32(&bytes, 20, height)
        put32(&bytes, 29, crc32(bytes[12..<29]))
        return Data(bytes)
    }

    public static func put32(_ bytes: inout [UInt8], _ at: Int, _ v: UInt32) {
        bytes[at] = UInt8(v >> 24); bytes[at + 1] = UInt8(v >> 16 & 0xFF)
        bytes[at + 2] = UInt8(v >> 8 & 0xFF); bytes[at + 3] = UInt8(v & 0xFF)
    }

    public static func crc32<C: Collection>(_ data: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Writes `data` to a fresh temporary file and returns its path.
    public static func temporaryFile(_ data: Data, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shopmedia-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}

private final class Sink {
    var bytes: [UInt8] = []
}

private func gifWrite(
    _ gif: UnsafeMutablePointer<GifFileType>?, _ data: UnsafePointer<GifByteType>?,
    _ count: Int32
) -> Int32 {
    guard let gif, let data, let user = gif.pointee.UserData else { return 0 }
    let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(count)))
    return count
}
