/// Keeps cells' colours from one frame to the next unless they changed noticeably, so the
/// terminal diff (ncurses) sends fewer bytes for clips whose colours jitter by one palette step.
public enum ColorStability {
    /// Default threshold, in redmean units (0 ... 765, see `RGB.distance(to:)`): 40 absorbs one
    /// or two steps of the 24-grey ramp (about 30 each) and near-ties between cube and grey
    /// entries, but never a whole step of the 6x6x6 cube (60 or more), so real motion still shows.
    public static let defaultThreshold: Double = 40

    /// `next`, except that each half-cell colour within `threshold` of the colour the same
    /// half-cell had in `previous` keeps the previous colour. Returns `next` unchanged when there
    /// is no previous raster, the sizes differ, or a cell carries text (monochrome ramp).
    public static func stabilize(
        previous: CellRaster?, next: CellRaster,
        threshold: Double = defaultThreshold
    ) -> CellRaster {
        guard let previous, previous.width == next.width, previous.height == next.height else { return next }
        let limit = Int((threshold * 16) * (threshold * 16))
        var result = next
        for i in 0..<next.cells.count {
            let old = previous.cells[i], new = next.cells[i]
            guard old != new,
                let oldTop = old.topColor, let oldBottom = old.bottomColor,
                let newTop = new.topColor, let newBottom = new.bottomColor
            else { continue }
            let top = close(oldTop, newTop, limit) ? oldTop : newTop
            let bottom = close(oldBottom, newBottom, limit) ? oldBottom : newBottom
            result.cells[i] = .halfBlock(top: top, bottom: bottom)
        }
        return result
    }

    @inline(__always)
    private static func close(_ a: UInt8, _ b: UInt8, _ limit: Int) -> Bool {
        if a == b { return true }
        let x = XtermPalette.color(of: a), y = XtermPalette.color(of: b)
        return redmeanSquared(Int(x.r), Int(x.g), Int(x.b), Int(y.r), Int(y.g), Int(y.b)) <= limit
    }
}
