/// Scales RGBA pictures into a cell box by area averaging in premultiplied alpha.
///
/// Every output pixel is the exact area-weighted mean of the source pixels under it (a box
/// filter with fractional edges), done as a horizontal then a vertical pass over flat buffers.
/// Premultiplying keeps transparent pixels' colours from bleeding into edges; the result is
/// composited over the background colour, so what reaches the rasterizer is opaque.
public enum AreaScaler {
    /// Fits `image` (or the `motion.crop` part of it) into `cells`' pixel box, keeping the aspect
    /// ratio, centred (then shifted by `motion.shiftX/shiftY`), over `background`.
    ///
    /// `shape` is the size the picture has in its file when `image` was decoded smaller: the
    /// place and size in the box are computed from it, so a clip decoded for its box lands on
    /// exactly the cells a full-size decode would; the pixels are sampled from `image`.
    public static func fit(
        _ image: RGBAImage, into cells: CellSize, background: RGB,
        motion: MotionTransform = .identity, shape: PixelSize? = nil
    ) -> RGBImage {
        fit(
            image, intoPixels: PixelSize(width: cells.pixelWidth, height: cells.pixelHeight), pixelAspect: 1,
            background: background, motion: motion, shape: shape)
    }

    /// Fits `image` into a box of `box` pixels whose pixels are `pixelAspect` times as wide as
    /// they are tall: 1 for half blocks and real pixels, 0.5 for quadrants (2x2 in a 1:2 cell),
    /// 0.75 for sextants (2x3), so the picture keeps its shape whatever the symbol grid.
    public static func fit(
        _ image: RGBAImage, intoPixels box: PixelSize, pixelAspect: Double, background: RGB,
        motion: MotionTransform = .identity, shape: PixelSize? = nil
    ) -> RGBImage {
        let boxW = box.width, boxH = box.height
        var out = RGBImage(width: boxW, height: boxH, fill: background)
        guard boxW > 0, boxH > 0, image.width > 0, image.height > 0 else { return out }

        // The source rectangle in pixels, clamped to the image.
        let crop = motion.crop.clamped()
        let sx0 = crop.x * Double(image.width), sy0 = crop.y * Double(image.height)
        let sw = max(crop.width * Double(image.width), 1e-6), sh = max(crop.height * Double(image.height), 1e-6)
        // The same rectangle in the file's pixels decides the geometry.
        let gw = shape.map { max(crop.width * Double($0.width), 1e-6) } ?? sw
        let gh = shape.map { max(crop.height * Double($0.height), 1e-6) } ?? sh
        // Scale in square units (a box pixel is `pixelAspect` units wide, 1 tall).
        let aspect = pixelAspect > 0 ? pixelAspect : 1
        let scale = min(Double(boxW) * aspect / gw, Double(boxH) / gh)
        let dw = max(1, min(boxW, Int((gw * scale / aspect).rounded())))
        let dh = max(1, min(boxH, Int((gh * scale).rounded())))
        let ox = (boxW - dw) / 2 + Int((motion.shiftX * Double(boxW)).rounded())
        let oy = (boxH - dh) / 2 + Int((motion.shiftY * Double(boxH)).rounded())

        let xs = Footprints(start: sx0, length: sw, outputs: dw, limit: image.width)
        let ys = Footprints(start: sy0, length: sh, outputs: dh, limit: image.height)
        let firstRow = ys.first, rowCount = ys.last - ys.first + 1

        // Horizontal pass: rows firstRow... of the source into dw premultiplied columns.
        var tmp = [Float](repeating: 0, count: rowCount * dw * 4)
        image.pixels.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { t in
                xs.index.withUnsafeBufferPointer { xIndex in
                    xs.weight.withUnsafeBufferPointer { xWeight in
                        xs.range.withUnsafeBufferPointer { xRange in
                            for row in 0..<rowCount {
                                let s = (firstRow + row) * image.width * 4
                                let o = row * dw * 4
                                for j in 0..<dw {
                                    var r: Float = 0, g: Float = 0, b: Float = 0, a: Float = 0
                                    for k in xRange[j * 2]..<xRange[j * 2 + 1] {
                                        let p = s + xIndex[k] * 4
                                        let wa = xWeight[k] * Float(src[p + 3])
                                        r += wa * Float(src[p]); g += wa * Float(src[p + 1])
                                        b += wa * Float(src[p + 2]); a += wa
                                    }
                                    t[o + j * 4] = r; t[o + j * 4 + 1] = g; t[o + j * 4 + 2] = b; t[o + j * 4 + 3] = a
                                }
                            }
                        }
                    }
                }
            }
        }

        // Vertical pass and compositing over the background.
        let bgR = Float(background.r), bgG = Float(background.g), bgB = Float(background.b)
        tmp.withUnsafeBufferPointer { t in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for i in 0..<dh {
                    let y = oy + i
                    guard y >= 0, y < boxH else { continue }
                    for j in 0..<dw {
                        let x = ox + j
                        guard x >= 0, x < boxW else { continue }
                        var r: Float = 0, g: Float = 0, b: Float = 0, a: Float = 0
                        for k in ys.range[i * 2]..<ys.range[i * 2 + 1] {
                            let w = ys.weight[k]
                            let p = ((ys.index[k] - firstRow) * dw + j) * 4
                            r += w * t[p]; g += w * t[p + 1]; b += w * t[p + 2]; a += w * t[p + 3]
                        }
                        // r, g, b are sums of colour x alpha (0...255*255); a is 0...255.
                        let keep = 1 - a / 255
                        let d = (y * boxW + x) * 3
                        dst[d] = UInt8(min(255, r / 255 + bgR * keep + 0.5))
                        dst[d + 1] = UInt8(min(255, g / 255 + bgG * keep + 0.5))
                        dst[d + 2] = UInt8(min(255, b / 255 + bgB * keep + 0.5))
                    }
                }
            }
        }
        return out
    }
}

/// For each output pixel along one axis: the source pixels it covers and their weights
/// (fractions of the footprint, summing to 1).
struct Footprints {
    var index: [Int] = []
    var weight: [Float] = []
    /// Pairs (start, end) into `index`/`weight` per output pixel.
    var range: [Int] = []
    var first = Int.max
    var last = 0

    init(start: Double, length: Double, outputs: Int, limit: Int) {
        let step = length / Double(outputs)
        index.reserveCapacity(outputs * (Int(step) + 2))
        weight.reserveCapacity(outputs * (Int(step) + 2))
        range.reserveCapacity(outputs * 2)
        for j in 0..<outputs {
            let a = start + Double(j) * step, b = a + step
            range.append(index.count)
            var p = Int(a.rounded(.down))
            var total: Double = 0
            let begin = index.count
            while Double(p) < b {
                let cover = min(b, Double(p + 1)) - max(a, Double(p))
                if cover > 1e-9 {
                    let clampedP = min(max(p, 0), limit - 1)
                    index.append(clampedP)
                    weight.append(Float(cover))
                    total += cover
                    first = min(first, clampedP)
                    last = max(last, clampedP)
                }
                p += 1
            }
            if total > 0 {
                for k in begin..<index.count { weight[k] = Float(Double(weight[k]) / total) }
            }
            range.append(index.count)
        }
        if first == Int.max { first = 0; last = 0 }
    }
}
