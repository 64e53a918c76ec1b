/// Encode time and bytes per frame in each graphics mode (docs/PERFORMANCE.md, "Pixel modes");
/// built and run by Benchmarks/pixel-encode.sh with swiftc -O (no benchmark package build).
import Foundation
func frame(width: Int = 360, height: Int = 640) -> RGBAImage {
    var image = RGBAImage(width: width, height: height)
    for y in 0..<height { for x in 0..<width {
        let dx = x - width / 2, dy = y - height / 2
        let inside = dx * dx + dy * dy < (width * width) / 9
        let r = UInt8((x * 255) / width), g = UInt8((y * 255) / height), b = UInt8(((x + y) * 7) & 0xFF)
        image.setPixel(x: x, y: y, inside ? RGB(230, 40, 90) : RGB(r, g, b), alpha: inside ? 255 : UInt8(max(0, 255 - abs(dx) / 2)))
    } }
    return image
}
let f = frame()
let clip = MediaClip(source: "b", width: f.width, height: f.height, frames: [MediaFrame(image: f, delay: .milliseconds(100))])
let bg = RGB(18, 18, 24)
func median(_ name: String, _ n: Int = 31, _ body: () throws -> Int) rethrows {
    var times: [Double] = []; var bytes = 0
    for _ in 0..<n { let t = DispatchTime.now().uptimeNanoseconds; bytes = try body(); times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6) }
    times.sort(); print("\(name): median \(String(format: "%.2f", times[n / 2])) ms, p90 \(String(format: "%.2f", times[n * 9 / 10])) ms, \(bytes) bytes")
}
for (cells, cp) in [(CellSize(width: 40, height: 20), CellPixels(width: 10, height: 20)), (CellSize(width: 24, height: 21), CellPixels(width: 9, height: 18))] {
    _ = try PixelRenderer.render(clip, frame: 0, into: cells, cellPixels: cp, mode: .sixel, background: bg)
    for mode in [GraphicsMode.sixel, .kitty, .iterm] {
        try median("\(mode.rawValue) \(cells) cells of \(cp) px (\(cp.box(cells)))") { try PixelRenderer.render(clip, frame: 0, into: cells, cellPixels: cp, mode: mode, background: bg).count }
    }
    for s in [SymbolSet.half, .quadrant, .sextant] {
        median("cells \(s.rawValue) \(cells)") { AnsiRenderer.render(MediaRenderer.render(f, into: cells, mode: .ansi256, background: bg, symbols: s)).utf8.count }
    }
}
let assets = CommandLine.arguments.dropFirst().first ?? "Assets"
let real = try MediaDecoder.load(path: "\(assets)/media/chef-knife.png")
for mode in [GraphicsMode.sixel, .kitty, .iterm] {
    try median("chef-knife.png \(mode.rawValue) 40x20 cells of 10x20 px") { try PixelRenderer.render(real, frame: 0, into: CellSize(width: 40, height: 20), cellPixels: CellPixels(width: 10, height: 20), mode: mode, background: bg).count }
}
median("chef-knife.png cells half 40x20") { AnsiRenderer.render(MediaRenderer.render(real, frame: 0, into: CellSize(width: 40, height: 20), mode: .ansi256, background: bg)).utf8.count }
