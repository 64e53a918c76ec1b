/// Quadrant and sextant rasters, chafa-like: per cell the two colours and the symbol whose
/// shape splits the cell's 4 or 6 pixels best.
///
/// For every split of the pixels into a foreground and a background set (the 2^n masks), the
/// squared error of painting each set with its mean is `Σ|p|² − |ΣF|²/nF − |ΣB|²/nB`; the mask
/// with the smallest error wins (the first one on ties, so a result never depends on order of
/// evaluation), then both means are quantized for the colour mode. An exhaustive search costs
/// 64 masks x 6 pixels a cell at most — about 1.5 M additions for an 80x24 box — and cannot be
/// fooled the way a two-means iteration started from the wrong pixels can.
public enum SymbolRasterizer {
    /// Rasters `image` (`symbols.columns` x `symbols.rows` pixels per cell, see
    /// `SymbolSet.pixelBox`) into cells. `.half` is `Rasterizer.raster`, unchanged. Without
    /// colour (`.none`) the mask is the pixels brighter than mid-grey, in the default colours.
    public static func raster(_ image: RGBImage, symbols: SymbolSet, mode: ColorMode) -> CellRaster {
        guard symbols != .half else { return Rasterizer.raster(image, mode: mode) }
        let cw = symbols.columns, ch = symbols.rows, n = cw * ch
        let w = image.width / cw, h = image.height / ch
        guard w > 0, h > 0 else { return CellRaster(width: max(0, w), height: 0, cells: []) }
        var cells = [RasterCell](repeating: RasterCell(glyph: " "), count: w * h)
        var r = [Int](repeating: 0, count: n), g = r, b = r
        for cy in 0..<h {
            for cx in 0..<w {
                for k in 0..<n {
                    let p = image[cx * cw + k % cw, cy * ch + k / cw]
                    r[k] = Int(p.r); g[k] = Int(p.g); b[k] = Int(p.b)
                }
                if mode == .none {
                    var mask = 0
                    for k in 0..<n where Rasterizer.luminance(UInt8(r[k]), UInt8(g[k]), UInt8(b[k])) >= 128 { mask |= 1 << k }
                    cells[cy * w + cx] = RasterCell(glyph: mask == (1 << n) - 1 ? symbols.fullGlyph : symbols.glyph(mask: mask))
                    continue
                }
                let split = bestSplit(r, g, b, count: n)
                let fg = quantize(split.foreground, mode: mode, x: cx, y: cy)
                let bg = quantize(split.background, mode: mode, x: cx, y: cy)
                cells[cy * w + cx] =
                    split.mask == 0 || fg == bg
                    ? RasterCell(glyph: " ", foreground: nil, background: bg)
                    : RasterCell(glyph: symbols.glyph(mask: split.mask), foreground: fg, background: bg)
            }
        }
        return CellRaster(width: w, height: h, cells: cells)
    }

    /// The best mask and the mean colours of its two sets (mask 0: one colour, the mean).
    static func bestSplit(_ r: [Int], _ g: [Int], _ b: [Int], count n: Int) -> (mask: Int, foreground: RGB, background: RGB) {
        var tr = 0, tg = 0, tb = 0
        for k in 0..<n { tr += r[k]; tg += g[k]; tb += b[k] }
        // Maximise |ΣF|²/nF + |ΣB|²/nB, compared as fractions to stay in integers:
        // score = (|ΣF|² nB + |ΣB|² nF) / (nF nB).
        var bestMask = 0, bestNum = tr * tr + tg * tg + tb * tb, bestDen = n
        // Masks and their complements split alike: only masks without the last pixel are tried.
        for mask in 1..<(1 << (n - 1)) {
            var fr = 0, fg = 0, fb = 0, nf = 0
            for k in 0..<n where mask & (1 << k) != 0 { fr += r[k]; fg += g[k]; fb += b[k]; nf += 1 }
            let nb = n - nf
            let br = tr - fr, bgc = tg - fg, bb = tb - fb
            let num = (fr * fr + fg * fg + fb * fb) * nb + (br * br + bgc * bgc + bb * bb) * nf
            let den = nf * nb
            if num * bestDen > bestNum * den { bestMask = mask; bestNum = num; bestDen = den }
        }
        func mean(_ s: (Int, Int, Int), _ c: Int) -> RGB {
            RGB(UInt8((s.0 + c / 2) / c), UInt8((s.1 + c / 2) / c), UInt8((s.2 + c / 2) / c))
        }
        guard bestMask != 0 else {
            let m = mean((tr, tg, tb), n)
            return (0, m, m)
        }
        var fr = 0, fg = 0, fb = 0, nf = 0
        for k in 0..<n where bestMask & (1 << k) != 0 { fr += r[k]; fg += g[k]; fb += b[k]; nf += 1 }
        return (bestMask, mean((fr, fg, fb), nf), mean((tr - fr, tg - fg, tb - fb), n - nf))
    }

    static func quantize(_ c: RGB, mode: ColorMode, x: Int, y: Int) -> UInt8 {
        switch mode {
        case .ansi256: return XtermPalette.nearest256(c)
        case .ansi16: return XtermPalette.nearest16(c)
        case .ansi8, .none: return XtermPalette.nearest8(c)
        }
    }
}

extension SymbolSet {
    /// A cell with every pixel in the foreground (only the colourless raster needs it).
    var fullGlyph: Unicode.Scalar { "\u{2588}" }
}
