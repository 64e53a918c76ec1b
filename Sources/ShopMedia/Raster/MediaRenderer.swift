/// The whole pipeline for one picture: fit into the cell box, composite, quantize, raster.
public enum MediaRenderer {
    /// Rasters `image` into `size` cells: scaled by area averaging (keeping its aspect ratio,
    /// centred, moved by `motion`), composited over `background`, quantized for `mode`.
    /// `shape` is the picture's size in its file when `image` was decoded smaller (the place and
    /// aspect in the box come from it); nil means the image's own size.
    /// `symbols` picks half blocks (the default), quadrants or sextants.
    public static func render(
        _ image: RGBAImage, into size: CellSize, mode: ColorMode,
        background: RGB, motion: MotionTransform = .identity, shape: PixelSize? = nil,
        symbols: SymbolSet = .half
    ) -> CellRaster {
        guard symbols != .half else {
            let pixels = AreaScaler.fit(image, into: size, background: background, motion: motion, shape: shape)
            return Rasterizer.raster(pixels, mode: mode)
        }
        let pixels = AreaScaler.fit(
            image, intoPixels: symbols.pixelBox(size), pixelAspect: symbols.pixelAspect,
            background: background, motion: motion, shape: shape)
        return SymbolRasterizer.raster(pixels, symbols: symbols, mode: mode)
    }

    /// Rasters frame `frame` (wrapped to the clip's frame count) of `clip`.
    public static func render(
        _ clip: MediaClip, frame: Int, into size: CellSize, mode: ColorMode,
        background: RGB, motion: MotionTransform = .identity, symbols: SymbolSet = .half
    ) -> CellRaster {
        guard !clip.frames.isEmpty else { return CellRaster(width: size.width, height: size.height) }
        let n = clip.frames.count
        let index = ((frame % n) + n) % n
        let image = clip.frames[index].image
        let shape =
            image.width == clip.originalWidth && image.height == clip.originalHeight
            ? nil : PixelSize(width: clip.originalWidth, height: clip.originalHeight)
        return render(image, into: size, mode: mode, background: background, motion: motion, shape: shape, symbols: symbols)
    }
}
