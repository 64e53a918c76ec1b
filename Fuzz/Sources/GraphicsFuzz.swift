import Foundation
import ShopMedia
import TerminalGraphics

/// What a terminal (or anyone on the other end of an SSH session) sends back to the graphics
/// queries, and pixels from anywhere through the encoders.
enum GraphicsFuzz {
    static func terminalReplies(_ bytes: [UInt8]) {
        let replies = GraphicsReplies.parse(bytes)
        require(replies.other.count <= bytes.count, "no bytes invented: \(replies.other.count) > \(bytes.count)")
        if let cell = replies.cellPixels {
            require(CellPixels.plausible.contains(cell.width) && CellPixels.plausible.contains(cell.height), "cell size bounded: \(cell)")
        }
        if replies.kitty != nil { require(bytes.contains(0x5F), "a kitty reply needs an APC") }

        // The same bytes as a small picture: the encoders' output never ends early.
        guard bytes.count >= 2 else { return }
        let width = Int(bytes[0] % 31) + 1
        let pixels = Array(bytes.dropFirst())
        let height = min(40, pixels.count / (width * 3))
        guard height > 0 else { return }
        var image = RGBImage(width: width, height: height, fill: RGB(0, 0, 0))
        image.pixels = Array(pixels.prefix(width * height * 3))
        let sixel = Sixel.encode(image)
        let data = sixel.dropFirst(2).dropLast(2)
        require(data.allSatisfy { (0x20...0x7E).contains($0) }, "sixel data is printable")
        let kitty = KittyGraphics.sequences(image, cells: CellSize(width: 3, height: 2), id: 7)
        for sequence in kitty {
            let body = sequence.dropFirst(3).dropLast(2)
            require(!body.contains(0x1B) && sequence.count <= KittyGraphics.chunkSize + 200, "one chunk, no ESC inside")
        }
        let inner = Array(TmuxPassthrough.wrap(sixel).dropFirst(7).dropLast(2))
        var i = 0, unwrapped: [UInt8] = []
        while i < inner.count {
            if inner[i] == 0x1B {
                require(i + 1 < inner.count && inner[i + 1] == 0x1B, "every ESC inside passthrough is doubled")
                i += 1
            }
            unwrapped.append(inner[i]); i += 1
        }
        require(unwrapped == sixel, "passthrough unwraps to the sequence")
    }
}
