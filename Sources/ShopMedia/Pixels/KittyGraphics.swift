import Foundation

/// The kitty graphics protocol as pure functions: pixels in, escape sequences out.
///
/// A picture goes as 24-bit RGB (`f=24`; the scaler already composited it over the background,
/// so alpha would only add a quarter more bytes), zlib-compressed (`o=z`), base64 in chunks of
/// at most 4096 bytes (`m=1` … `m=0`), transmitted and shown in one go (`a=T`) scaled to a cell
/// box (`c=`, `r=`) under an image id that `delete(id:)` removes, with replies silenced (`q=2`)
/// so nothing arrives on the application's input.
public enum KittyGraphics {
    /// The protocol's largest chunk of base64 per escape sequence.
    public static let chunkSize = 4096

    /// The escape sequences that transmit `image` and place it over `cells` cells at the cursor.
    /// `id` must be 1 or more (0 means "no id" to kitty, and such an image cannot be deleted).
    /// The cursor moves past the image as after text, which is what a CLI preview wants.
    public static func sequences(_ image: RGBImage, cells: CellSize, id: UInt32, compress: Bool = true) -> [[UInt8]] {
        chunked(
            image, control: "a=T,f=24,s=\(image.width),v=\(image.height),i=\(max(1, id)),c=\(cells.width),r=\(cells.height),q=2",
            compress: compress)
    }

    /// `image`'s pixels (zlib-compressed with `compress`) as base64 in chunks of `chunkSize`,
    /// the first carrying `control`, each saying whether more follow (`m=1` … `m=0`).
    /// `continuation` starts the later chunks' keys (before `m=`).
    private static func chunked(_ image: RGBImage, control: String, compress: Bool, continuation: String = "") -> [[UInt8]] {
        let payload = compress ? Zlib.compress(image.pixels) : image.pixels
        let base64 = Array(Data(payload).base64EncodedString().utf8)
        let first = compress ? control + ",o=z" : control
        var out: [[UInt8]] = []
        var start = 0
        repeat {
            let end = min(start + chunkSize, base64.count)
            let more = end < base64.count
            let keys = out.isEmpty ? first + ",m=\(more ? 1 : 0)" : continuation + "m=\(more ? 1 : 0)"
            out.append(apc(keys, base64[start..<end]))
            start = end
        } while start < base64.count
        return out
    }

    /// All sequences of `sequences(_:cells:id:)` as one byte string.
    public static func encode(_ image: RGBImage, cells: CellSize, id: UInt32, compress: Bool = true) -> [UInt8] {
        sequences(image, cells: cells, id: id, compress: compress).flatMap { $0 }
    }

    /// Deletes every placement of image `id` (`a=d,d=i`), silently.
    public static func delete(id: UInt32) -> [UInt8] {
        apc("a=d,d=i,i=\(id),q=2", [])
    }

    /// Deletes every placement of image `id` and frees its pixels in the terminal (`d=I`).
    public static func deleteAndFree(id: UInt32) -> [UInt8] {
        apc("a=d,d=I,i=\(id),q=2", [])
    }

    /// Deletes every image on the screen and frees them (`a=d,d=A`): what a crash restore can
    /// send without knowing which ids were used.
    public static let deleteAll: [UInt8] = apc("a=d,d=A,q=2", [])

    /// Transmits `image` under `id` without showing it (`a=t`), in chunks like `sequences`: the
    /// storefront sends a picture once and places it (`place`) wherever the box is.
    public static func transmit(_ image: RGBImage, id: UInt32, compress: Bool = true) -> [[UInt8]] {
        chunked(image, control: "a=t,f=24,s=\(image.width),v=\(image.height),i=\(max(1, id)),q=2", compress: compress)
    }

    /// Shows the transmitted image `id` at the cursor, scaled to `cells` (`a=p`), without
    /// moving the cursor (`C=1`): ncurses keeps believing where it left it.
    public static func place(id: UInt32, cells: CellSize) -> [UInt8] {
        apc("a=p,i=\(max(1, id)),c=\(cells.width),r=\(cells.height),C=1,q=2", [])
    }

    /// Adds `image` as the next animation frame of image `id` (`a=f`; kitty numbers the root
    /// frame 1, frames added after it 2, 3 …), shown for `gap` before the next one (`z=`, ms).
    /// Each frame is a whole opaque picture, so it replaces what was there.
    ///
    /// Every later chunk repeats `a=f` (and `q=2`): kitty 0.26.5 (Debian) under Xvfb, given continuation
    /// chunks with `m=` alone, kept the frames from playing (the loop stood on its last frame)
    /// once a frame took more than one chunk; with `a=f` repeated it played.
    public static func frame(_ image: RGBImage, id: UInt32, gap: Duration, compress: Bool = true) -> [[UInt8]] {
        chunked(
            image, control: "a=f,f=24,s=\(image.width),v=\(image.height),i=\(max(1, id)),z=\(milliseconds(gap)),q=2",
            compress: compress, continuation: "a=f,q=2,")
    }

    /// Sets how long frame `frame` (1 = the root frame `transmit` sent) shows (`a=a,r=,z=`).
    public static func frameGap(id: UInt32, frame: Int, gap: Duration) -> [UInt8] {
        apc("a=a,i=\(max(1, id)),r=\(max(1, frame)),z=\(milliseconds(gap)),q=2", [])
    }

    /// Starts the terminal playing image `id`'s frames in a loop, forever (`s=3`, `v=1`).
    public static func play(id: UInt32) -> [UInt8] {
        apc("a=a,i=\(max(1, id)),s=3,v=1,q=2", [])
    }

    /// Stops image `id`'s animation on the frame it shows (`s=1`); `play` goes on from there.
    public static func stop(id: UInt32) -> [UInt8] {
        apc("a=a,i=\(max(1, id)),s=1,q=2", [])
    }

    /// The frame gap in whole milliseconds, at least 1 (kitty reads `z=0` as "keep the default").
    static func milliseconds(_ d: Duration) -> Int {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return max(1, Int(ms.rounded()))
    }

    /// `ESC _ G <keys> ; <payload> ESC \` (no `;` when there is no payload).
    static func apc(_ keys: String, _ payload: ArraySlice<UInt8>) -> [UInt8] {
        var seq: [UInt8] = [0x1B, 0x5F, 0x47]
        seq += Array(keys.utf8)
        if !payload.isEmpty {
            seq.append(0x3B)
            seq += payload
        }
        seq += [0x1B, 0x5C]
        return seq
    }
}
