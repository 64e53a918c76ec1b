import Foundation
import Testing
@testable import ShopMedia

/// `AreaScaler.shrink` (the decode-to-the-box scaler, on every frame of every clip) against the
/// plain area average in doubles: every source pixel weighed on its own, in premultiplied alpha.
/// A faster shrink was tried against it on 2026-12-07 (whole pixels summed in integers): the
/// test caught a 2 % weight error, and the rewrite measured no faster, so it was not kept.
@Suite struct ShrinkEquivalenceTests {
    /// The straightforward area average, kept here as the reference.
    static func reference(_ pixels: [UInt8], width: Int, height: Int, toFit bound: PixelSize) -> RGBAImage {
        let size = AreaScaler.shrunkSize(width: width, height: height, toFit: bound)
        let dw = size.width, dh = size.height
        let xs = Footprints(start: 0, length: Double(width), outputs: dw, limit: width)
        let ys = Footprints(start: 0, length: Double(height), outputs: dh, limit: height)
        var out = [UInt8](repeating: 0, count: dw * dh * 4)
        for i in 0..<dh {
            for j in 0..<dw {
                var r = 0.0, g = 0.0, b = 0.0, a = 0.0
                for ky in ys.range[i * 2]..<ys.range[i * 2 + 1] {
                    for kx in xs.range[j * 2]..<xs.range[j * 2 + 1] {
                        let w = Double(ys.weight[ky]) * Double(xs.weight[kx])
                        let p = (ys.index[ky] * width + xs.index[kx]) * 4
                        let wa = w * Double(pixels[p + 3])
                        r += wa * Double(pixels[p]); g += wa * Double(pixels[p + 1]); b += wa * Double(pixels[p + 2]); a += wa
                    }
                }
                let o = (i * dw + j) * 4
                guard a > 0 else { continue }
                out[o] = UInt8(min(255, r / a + 0.5)); out[o + 1] = UInt8(min(255, g / a + 0.5))
                out[o + 2] = UInt8(min(255, b / a + 0.5)); out[o + 3] = UInt8(min(255, a + 0.5))
            }
        }
        return RGBAImage(width: dw, height: dh, pixels: out)!
    }

    @Test(arguments: [
        (540, 960, 64, 128), (540, 960, 32, 64), (360, 640, 50, 50), (97, 61, 10, 7), (300, 300, 299, 299), (1000, 3, 7, 3),
    ])
    func theFastShrinkIsTheAreaAverage(width: Int, height: Int, boundWidth: Int, boundHeight: Int) {
        var generator = SeededBytes(seed: UInt64(width * 7919 + height))
        // Random colours; alpha opaque, clear or in between, in patches, as GIF frames and PNGs have.
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let p = (y * width + x) * 4
                pixels[p] = generator.next(); pixels[p + 1] = generator.next(); pixels[p + 2] = generator.next()
                let patch = ((x / 13) + (y / 11)) % 3
                pixels[p + 3] = patch == 0 ? 255 : patch == 1 ? 0 : generator.next()
            }
        }
        let bound = PixelSize(width: boundWidth, height: boundHeight)
        let fast = pixels.withUnsafeBufferPointer { AreaScaler.shrink($0, width: width, height: height, toFit: bound) }
        let slow = Self.reference(pixels, width: width, height: height, toFit: bound)
        #expect(fast.width == slow.width && fast.height == slow.height)
        var worst = 0
        for (a, b) in zip(fast.pixels, slow.pixels) { worst = max(worst, abs(Int(a) - Int(b))) }
        // Float sums in another order: a rounding step at most.
        #expect(worst <= 1, "largest difference from the area average: \(worst)")
    }
}

/// A small deterministic byte source (xorshift).
struct SeededBytes {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt8 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return UInt8(truncatingIfNeeded: state >> 32)
    }
}
