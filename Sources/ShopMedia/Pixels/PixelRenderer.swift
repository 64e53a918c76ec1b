/// The pixel modes' whole pipeline for one picture: fit into the cell box's pixels, encode.
public enum PixelRenderer {
    /// The escape sequences that show frame `frame` of `clip` over `cells` cells at the cursor
    /// in `mode` (`.cells` gives no bytes: cells go through `MediaRenderer` instead).
    ///
    /// The picture is fitted (aspect kept, centred over `background`, moved by `motion`) into
    /// `cellPixels.box(cells)` pixels: sixel shows pixels one to one, so the box must be the
    /// terminal's real cell size to cover the cells; kitty and iTerm2 scale to the cells, so
    /// the box only sets the sharpness and the shape. `imageID` names the kitty image.
    public static func render(
        _ clip: MediaClip, frame: Int, into cells: CellSize, cellPixels: CellPixels,
        mode: GraphicsMode, background: RGB, motion: MotionTransform = .identity,
        imageID: UInt32 = 1
    ) throws(MediaError) -> [UInt8] {
        try sequences(
            clip, frame: frame, into: cells, cellPixels: cellPixels, mode: mode, background: background,
            motion: motion, imageID: imageID
        ).flatMap { $0 }
    }

    /// The same as separate escape sequences (kitty's chunks one by one), for wrapping each
    /// in tmux passthrough.
    public static func sequences(
        _ clip: MediaClip, frame: Int, into cells: CellSize, cellPixels: CellPixels,
        mode: GraphicsMode, background: RGB, motion: MotionTransform = .identity,
        imageID: UInt32 = 1
    ) throws(MediaError) -> [[UInt8]] {
        guard mode.sendsPixels, !clip.frames.isEmpty else { return [] }
        let n = clip.frames.count
        let image = clip.frames[((frame % n) + n) % n].image
        let shape =
            image.width == clip.originalWidth && image.height == clip.originalHeight
            ? nil : PixelSize(width: clip.originalWidth, height: clip.originalHeight)
        let pixels = AreaScaler.fit(
            image, intoPixels: boundedBox(cells, cellPixels), pixelAspect: 1,
            background: background, motion: motion, shape: shape)
        switch mode {
        case .kitty: return KittyGraphics.sequences(pixels, cells: cells, id: imageID)
        case .sixel: return [Sixel.encode(pixels)]
        case .iterm: return [try ITermImage.encode(pixels, cells: cells)]
        case .cells: return []
        }
    }

    /// The most pixels a picture is encoded with: 4096 a side, 4 M in all (12 MiB of RGB). A
    /// 1000x1000-cell box of 10x20-pixel cells would be 200 M pixels (600 MB before encoding);
    /// no screen shows more than a few million, so larger boxes get fewer pixels a cell (kitty and
    /// iTerm2 scale them up; a sixel then covers less than the box).
    public static let maximumSide = 4096
    public static let maximumPixels = 4 << 20

    /// `cellPixels.box(cells)`, shrunk (aspect kept) to the limits above.
    public static func boundedBox(_ cells: CellSize, _ cellPixels: CellPixels) -> PixelSize {
        let box = cellPixels.box(cells)
        var scale = min(1, Double(maximumSide) / Double(box.width), Double(maximumSide) / Double(box.height))
        scale = min(scale, (Double(maximumPixels) / (Double(box.width) * Double(box.height))).squareRoot())
        guard scale < 1 else { return box }
        return PixelSize(width: Int(Double(box.width) * scale), height: Int(Double(box.height) * scale))
    }
}
