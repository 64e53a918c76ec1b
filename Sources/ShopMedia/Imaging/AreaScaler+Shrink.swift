/// Scaling a decoded frame down as it is decoded (`MediaDecoder`'s `fitting`), so a clip keeps
/// pictures of about the size it is shown at, never its full-size frames.
extension AreaScaler {
    /// The size `width` x `height` scaled down to fit inside `bound` (aspect kept, each side at
    /// least 1), or itself when it already fits.
    public static func shrunkSize(width: Int, height: Int, toFit bound: PixelSize) -> PixelSize {
        guard width > bound.width || height > bound.height, width > 0, height > 0 else {
            return PixelSize(width: width, height: height)
        }
        let scale = min(Double(bound.width) / Double(width), Double(bound.height) / Double(height))
        return PixelSize(
            width: max(1, min(bound.width, Int((Double(width) * scale).rounded()))),
            height: max(1, min(bound.height, Int((Double(height) * scale).rounded()))))
    }

    /// `width` x `height` straight-alpha RGBA `pixels` scaled down by area averaging (in
    /// premultiplied alpha, so transparent pixels' colours do not bleed) to fit inside `bound`;
    /// a copy of them when they already fit.
    public static func shrink(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        toFit bound: PixelSize
    ) -> RGBAImage {
        guard width > 0, height > 0, pixels.count >= width * height * 4 else { return RGBAImage(width: 0, height: 0) }
        let size = shrunkSize(width: width, height: height, toFit: bound)
        guard size.width != width || size.height != height else {
            return RGBAImage(width: width, height: height, pixels: Array(pixels)) ?? RGBAImage(width: 0, height: 0)
        }
        let dw = size.width, dh = size.height
        let xs = Footprints(start: 0, length: Double(width), outputs: dw, limit: width)
        let ys = Footprints(start: 0, length: Double(height), outputs: dh, limit: height)
        // Horizontal pass into dw premultiplied columns per source row, one output row at a
        // time, so the temporary buffer is a few source rows, never a whole frame.
        var out = [UInt8](repeating: 0, count: dw * dh * 4)
        var row = [Float](repeating: 0, count: dw * 4)
        var acc = [Float](repeating: 0, count: dw * 4)
        xs.index.withUnsafeBufferPointer { xIndex in
            xs.weight.withUnsafeBufferPointer { xWeight in
                xs.range.withUnsafeBufferPointer { xRange in
                    row.withUnsafeMutableBufferPointer { r in
                        acc.withUnsafeMutableBufferPointer { a in
                            out.withUnsafeMutableBufferPointer { dst in
                                for i in 0..<dh {
                                    for k in 0..<(dw * 4) { a[k] = 0 }
                                    for k in ys.range[i * 2]..<ys.range[i * 2 + 1] {
                                        let wy = ys.weight[k]
                                        let s = ys.index[k] * width * 4
                                        for j in 0..<dw {
                                            var cr: Float = 0, cg: Float = 0, cb: Float = 0, ca: Float = 0
                                            for m in xRange[j * 2]..<xRange[j * 2 + 1] {
                                                let p = s + xIndex[m] * 4
                                                let wa = xWeight[m] * Float(pixels[p + 3])
                                                cr += wa * Float(pixels[p]); cg += wa * Float(pixels[p + 1])
                                                cb += wa * Float(pixels[p + 2]); ca += wa
                                            }
                                            r[j * 4] = cr; r[j * 4 + 1] = cg; r[j * 4 + 2] = cb; r[j * 4 + 3] = ca
                                        }
                                        for k in 0..<(dw * 4) { a[k] += wy * r[k] }
                                    }
                                    // Back to straight alpha: colour = sum(colour x alpha) / sum(alpha).
                                    for j in 0..<dw {
                                        let o = (i * dw + j) * 4
                                        let alpha = a[j * 4 + 3]
                                        guard alpha > 0 else { continue }
                                        dst[o] = UInt8(min(255, a[j * 4] / alpha + 0.5))
                                        dst[o + 1] = UInt8(min(255, a[j * 4 + 1] / alpha + 0.5))
                                        dst[o + 2] = UInt8(min(255, a[j * 4 + 2] / alpha + 0.5))
                                        dst[o + 3] = UInt8(min(255, alpha + 0.5))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return RGBAImage(width: dw, height: dh, pixels: out) ?? RGBAImage(width: 0, height: 0)
    }
}
