import Benchmark
import ShopMedia

/// A 360x640 RGBA frame with gradients, an opaque "product" disc and a soft transparent edge,
/// so the scaler and the quantizer see varied colours rather than one flat fill.
func syntheticFrame(width: Int = 360, height: Int = 640) -> RGBAImage {
    var image = RGBAImage(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            let dx = x - width / 2, dy = y - height / 2
            let inside = dx * dx + dy * dy < (width * width) / 9
            let r = UInt8((x * 255) / width), g = UInt8((y * 255) / height), b = UInt8(((x + y) * 7) & 0xFF)
            let alpha: UInt8 = inside ? 255 : UInt8(max(0, 255 - abs(dx) / 2))
            image.setPixel(x: x, y: y, inside ? RGB(230, 40, 90) : RGB(r, g, b), alpha: alpha)
        }
    }
    return image
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        maxDuration: .seconds(5),
        maxIterations: 5_000
    )

    let frame = syntheticFrame()
    let size = CellSize(width: 40, height: 20)
    let background = RGB(18, 18, 24)
    // The 256-colour table fills the bins a picture needs on first use: fill them outside the
    // measurement, which is of a clip's later frames.
    _ = MediaRenderer.render(frame, into: size, mode: .ansi256, background: background)

    Benchmark("Media raster 360x640 -> 40x20 cells, 256 colours") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MediaRenderer.render(frame, into: size, mode: .ansi256, background: background))
        }
    }

    Benchmark("Media raster 360x640 -> 40x20 cells, 16 colours dithered") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MediaRenderer.render(frame, into: size, mode: .ansi16, background: background))
        }
    }

    Benchmark("Media raster 360x640 -> 40x20 cells, 256 colours, zoom motion") { benchmark in
        let motion = StillMotion.zoom.transform(at: .milliseconds(1500))
        for _ in benchmark.scaledIterations {
            blackHole(MediaRenderer.render(frame, into: size, mode: .ansi256, background: background, motion: motion))
        }
    }

    // Pixel modes (issue 14): the box of 40x20 cells of 10x20 pixels = 400x400 pixels.
    let pixelClip = MediaClip(
        source: "bench", width: frame.width, height: frame.height,
        frames: [MediaFrame(image: frame, delay: .milliseconds(100))])
    let cellPixels = CellPixels(width: 10, height: 20)
    for mode in [GraphicsMode.sixel, .kitty, .iterm] {
        Benchmark("Pixels 360x640 -> 40x20 cells of 10x20 px, \(mode.rawValue)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(
                    (try? PixelRenderer.render(
                        pixelClip, frame: 0, into: size, cellPixels: cellPixels,
                        mode: mode, background: background)) ?? [])
            }
        }
    }

    for symbols in [SymbolSet.quadrant, .sextant] {
        Benchmark("Media raster 360x640 -> 40x20 cells, 256 colours, \(symbols.rawValue)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(MediaRenderer.render(frame, into: size, mode: .ansi256, background: background, symbols: symbols))
            }
        }
    }
}
