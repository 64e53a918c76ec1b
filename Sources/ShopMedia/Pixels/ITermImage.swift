import Foundation

/// iTerm2's inline images (OSC 1337) as a pure function: a PNG of the picture scaled by the
/// terminal to exactly `width` x `height` cells (`preserveAspectRatio=0`: the pixels were
/// already fitted to the box's shape, letterbox included).
public enum ITermImage {
    /// `ESC ] 1337 ; File=inline=1;size=N;width=Wc;height=Hr;preserveAspectRatio=0 : base64 BEL`.
    /// BEL ends it (iTerm2's documented form); base64 never contains ESC or BEL.
    public static func encode(png: Data, cells: CellSize) -> [UInt8] {
        var out: [UInt8] = Array("\u{1B}]1337;File=inline=1;size=\(png.count);width=\(cells.width);height=\(cells.height);preserveAspectRatio=0:".utf8)
        out += Array(png.base64EncodedString().utf8)
        out.append(0x07)
        return out
    }

    /// `image` encoded as PNG, then as an inline image.
    public static func encode(_ image: RGBImage, cells: CellSize) throws(MediaError) -> [UInt8] {
        encode(png: try PNGEncoder.encode(image), cells: cells)
    }
}
