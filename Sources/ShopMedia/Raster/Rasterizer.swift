/// Turns an RGB picture (two pixel rows per cell row) into terminal cells for a `ColorMode`.
public enum Rasterizer {
    /// The monochrome ramp from dark to bright (assumes a dark terminal background).
    public static let luminanceRamp: [Unicode.Scalar] = Array(" .:-=+*#%@".unicodeScalars)

    /// 4x4 Bayer matrix: thresholds for ordered dithering, stable from frame to frame.
    static let bayer4: [Int] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]

    /// Rasters `image` into `image.width` x `ceil(image.height / 2)` cells.
    ///
    /// 256 colours: each pixel quantized through `XtermPalette.nearest256`, `▀` with fg = top,
    /// bg = bottom, or a space with a background when they are equal. 16/8 colours: the same
    /// after 4x4 ordered dithering in pixel coordinates. `.none`: one ramp character per cell
    /// from the mean luminance of its two pixels, no colours.
    public static func raster(_ image: RGBImage, mode: ColorMode) -> CellRaster {
        let w = image.width, rows = (image.height + 1) / 2
        guard w > 0, rows > 0 else { return CellRaster(width: max(0, w), height: 0, cells: []) }
        var cells = [RasterCell](repeating: RasterCell(glyph: " "), count: w * rows)
        XtermPalette.table256.withBins { lut in
            image.pixels.withUnsafeBufferPointer { px in
                cells.withUnsafeMutableBufferPointer { out in
                    for cy in 0..<rows {
                        let topRow = cy * 2
                        let bottomRow = min(topRow + 1, image.height - 1)
                        let t = topRow * w * 3, b = bottomRow * w * 3
                        for x in 0..<w {
                            let ti = t + x * 3, bi = b + x * 3
                            let cell: RasterCell
                            switch mode {
                            case .ansi256:
                                let top = lut.nearest(key256(px, ti))
                                let bottom = lut.nearest(key256(px, bi))
                                cell = .halfBlock(top: top, bottom: bottom)
                            case .ansi16, .ansi8:
                                let top = dithered(px[ti], px[ti + 1], px[ti + 2], x: x, y: topRow, mode: mode)
                                let bottom = dithered(px[bi], px[bi + 1], px[bi + 2], x: x, y: bottomRow, mode: mode)
                                cell = .halfBlock(top: top, bottom: bottom)
                            case .none:
                                let lum = luminance(px[ti], px[ti + 1], px[ti + 2]) + luminance(px[bi], px[bi + 1], px[bi + 2])
                                // lum is 0...510; spread it evenly over the ramp.
                                let step = min(luminanceRamp.count - 1, lum * luminanceRamp.count / 511)
                                cell = RasterCell(glyph: luminanceRamp[step])
                            }
                            out[cy * w + x] = cell
                        }
                    }
                }
            }
        }
        return CellRaster(width: w, height: rows, cells: cells)
    }

    /// The `XtermPalette.table256` bin of the pixel at byte offset `i`.
    @inline(__always)
    static func key256(_ px: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let r = Int(px[i] >> 2), g = Int(px[i + 1] >> 2), b = Int(px[i + 2] >> 2)
        return r << 12 | g << 6 | b
    }

    /// Rec. 709 luma of an sRGB pixel, 0...255, in integers.
    @inline(__always)
    static func luminance(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        (54 * Int(r) + 183 * Int(g) + 19 * Int(b)) >> 8
    }

    /// Ordered dithering against the 16 or 8 ANSI colours: add a threshold from the Bayer matrix
    /// (scaled to about one palette step) and take the nearest colour.
    @inline(__always)
    static func dithered(_ r: UInt8, _ g: UInt8, _ b: UInt8, x: Int, y: Int, mode: ColorMode) -> UInt8 {
        // Palette steps are about 128 (16 colours) and 205 (8 colours) per channel.
        let spread = mode == .ansi8 ? 160 : 96
        let offset = ((bayer4[(y & 3) << 2 | (x & 3)] * 2 + 1) * spread) / 32 - spread / 2
        let c = RGB(clamp(Int(r) + offset), clamp(Int(g) + offset), clamp(Int(b) + offset))
        return mode == .ansi8 ? XtermPalette.nearest8(c) : XtermPalette.nearest16(c)
    }

    @inline(__always)
    private static func clamp(_ v: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: max(0, min(255, v)))
    }
}
