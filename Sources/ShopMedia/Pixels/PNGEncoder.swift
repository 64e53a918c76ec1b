import CPNG
import Foundation

/// Encodes RGB pictures as PNG through libpng's simplified write API (no longjmp).
public enum PNGEncoder {
    public static func encode(_ image: RGBImage) throws(MediaError) -> Data {
        try encode(pixels: image.pixels, width: image.width, height: image.height, format: rs_png_format_rgb())
    }

    /// Straight-alpha RGBA pixels.
    public static func encode(_ image: RGBAImage) throws(MediaError) -> Data {
        try encode(pixels: image.pixels, width: image.width, height: image.height, format: rs_png_format_rgba())
    }

    private static func encode(pixels: [UInt8], width: Int, height: Int, format: UInt32) throws(MediaError) -> Data {
        guard width > 0, height > 0 else {
            throw MediaError(file: "picture", kind: .damaged, detail: "cannot encode an empty picture as PNG")
        }
        var png = png_image()
        png.version = rs_png_image_version()
        png.width = UInt32(width)
        png.height = UInt32(height)
        png.format = format
        var size: png_alloc_size_t = 0
        // First call sizes the output, second writes it.
        let sized = pixels.withUnsafeBytes { px in
            png_image_write_to_memory(&png, nil, &size, 0, px.baseAddress, 0, nil)
        }
        guard sized != 0, size > 0 else {
            png_image_free(&png)
            throw MediaError(file: "picture", kind: .damaged, detail: "libpng could not encode the picture")
        }
        var out = [UInt8](repeating: 0, count: Int(size))
        let written = out.withUnsafeMutableBytes { dst in
            pixels.withUnsafeBytes { px in
                png_image_write_to_memory(&png, dst.baseAddress, &size, 0, px.baseAddress, 0, nil)
            }
        }
        png_image_free(&png)
        guard written != 0 else {
            throw MediaError(file: "picture", kind: .damaged, detail: "libpng could not encode the picture")
        }
        return Data(out.prefix(Int(size)))
    }
}
