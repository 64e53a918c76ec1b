import CPNG
import Foundation

/// Decodes PNG through libpng's simplified API (errors come back as return values, no longjmp).
public enum PNGDecoder {
    /// Decodes PNG bytes to straight-alpha RGBA, checking the header's size against `limits`
    /// before the pixel buffer is allocated.
    public static func decode(
        _ data: Data, name: String,
        limits: DecodeLimits = .standard
    ) throws(MediaError) -> RGBAImage {
        var image = png_image()
        image.version = rs_png_image_version()
        let result: Result<RGBAImage, MediaError> = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else {
                return .failure(MediaError(file: name, kind: .damaged, detail: "the PNG file is empty"))
            }
            guard png_image_begin_read_from_memory(&image, base, raw.count) != 0 else {
                let message = Self.message(of: &image)
                png_image_free(&image)
                return .failure(MediaError(file: name, kind: .damaged, detail: "damaged PNG header (\(message))"))
            }
            let width = Int(image.width), height = Int(image.height)
            do throws(MediaError) {
                try limits.checkSize(width: width, height: height, file: name)
                guard width * height * 4 <= limits.maxTotalBytes else {
                    throw MediaError(file: name, kind: .tooLarge, detail: "decoded image would exceed \(limits.maxTotalBytes) bytes")
                }
            } catch {
                png_image_free(&image)
                return .failure(error)
            }
            image.format = rs_png_format_rgba()
            var pixels = [UInt8](repeating: 0, count: width * height * 4)
            let ok = pixels.withUnsafeMutableBytes { out in
                png_image_finish_read(&image, nil, out.baseAddress, Int32(width * 4), nil)
            }
            guard ok != 0 else {
                let message = Self.message(of: &image)
                png_image_free(&image)
                return .failure(
                    MediaError(
                        file: name, kind: .damaged,
                        detail: "damaged or truncated PNG data (\(message))"))
            }
            png_image_free(&image)
            guard let img = RGBAImage(width: width, height: height, pixels: pixels) else {
                return .failure(MediaError(file: name, kind: .damaged, detail: "inconsistent PNG size"))
            }
            return .success(img)
        }
        return try result.get()
    }

    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.isEmpty ? "libpng gave no reason" : text
        }
    }
}
