import Foundation
import ShopMedia
import Testing

@Suite("PNG and GIF decoding")
struct DecoderTests {
    let red = RGB(255, 0, 0), green = RGB(0, 255, 0), blue = RGB(0, 0, 255), white = RGB(255, 255, 255)

    @Test func pngRoundTripKeepsColoursAndAlpha() throws {
        var image = RGBAImage(width: 3, height: 2)
        image.setPixel(x: 0, y: 0, red)
        image.setPixel(x: 1, y: 0, green, alpha: 128)
        image.setPixel(x: 2, y: 0, blue, alpha: 0)
        image.setPixel(x: 0, y: 1, white)
        image.setPixel(x: 1, y: 1, RGB(10, 20, 30))
        image.setPixel(x: 2, y: 1, RGB(200, 100, 50), alpha: 255)
        let clip = try MediaDecoder.decode(TestImages.png(image), name: "t.png")
        #expect(clip.width == 3 && clip.height == 2)
        #expect(clip.frames.count == 1)
        #expect(!clip.isAnimated)
        let decoded = clip.frames[0].image
        #expect(decoded.pixel(x: 0, y: 0).color == red)
        #expect(decoded.pixel(x: 0, y: 0).alpha == 255)
        #expect(decoded.pixel(x: 1, y: 0).alpha == 128)
        #expect(decoded.pixel(x: 1, y: 0).color == green)
        #expect(decoded.pixel(x: 2, y: 0).alpha == 0)
        #expect(decoded.pixel(x: 1, y: 1).color == RGB(10, 20, 30))
        #expect(decoded.pixel(x: 2, y: 1).color == RGB(200, 100, 50))
    }

    @Test func pngHeaderClaiming100000SquaredIsRefusedBeforeAllocating() {
        let data = TestImages.pngClaimingSize(width: 100_000, height: 100_000)
        #expect(MediaDecoder.sniff(data) == .png)
        do {
            _ = try MediaDecoder.decode(data, name: "huge.png")
            Issue.record("a 100000x100000 header must be refused")
        } catch {
            #expect(error.kind == .tooLarge)
            #expect(error.description.contains("huge.png"))
            #expect(error.description.contains("100000x100000"))
        }
    }

    @Test func pngLimitsAreConfigurable() throws {
        let data = TestImages.png(RGBAImage(width: 20, height: 10, fill: red, alpha: 255))
        #expect(throws: MediaError.self) {
            _ = try MediaDecoder.decode(data, name: "wide.png", limits: DecodeLimits(maxWidth: 16, maxHeight: 16))
        }
        let clip = try MediaDecoder.decode(data, name: "wide.png", limits: DecodeLimits(maxWidth: 20, maxHeight: 10))
        #expect(clip.width == 20)
    }

    @Test func truncatedAndDamagedPNGsGiveDamagedErrors() {
        var image = RGBAImage(width: 32, height: 32)
        for y in 0..<32 { for x in 0..<32 { image.setPixel(x: x, y: y, RGB(UInt8(x * 8), UInt8(y * 8), 77)) } }
        let good = TestImages.png(image)
        for cut in [good.count / 2, 40, 20, 9] {
            do {
                _ = try MediaDecoder.decode(good.prefix(cut), name: "cut.png")
                Issue.record("PNG cut at \(cut) bytes decoded")
            } catch {
                #expect(error.kind == .damaged, "cut at \(cut): \(error)")
                #expect(error.file == "cut.png")
            }
        }
        var flipped = [UInt8](good)
        flipped[20] ^= 0xFF  // inside IHDR: CRC mismatch on a critical chunk
        #expect(throws: MediaError.self) { _ = try MediaDecoder.decode(Data(flipped), name: "crc.png") }
    }

    @Test func unsupportedAndEmptyFiles() {
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46])
        do {
            _ = try MediaDecoder.decode(jpeg, name: "photo.jpg")
            Issue.record("JPEG accepted")
        } catch {
            #expect(error.kind == .unsupportedFormat)
            #expect(error.description.hasPrefix("photo.jpg: "))
        }
        do {
            _ = try MediaDecoder.decode(Data(), name: "empty.png")
            Issue.record("empty file accepted")
        } catch {
            #expect(error.kind == .damaged)
        }
        do {
            _ = try MediaDecoder.load(path: "/nonexistent/dir/x.png")
            Issue.record("missing file accepted")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.description.contains("/nonexistent/dir/x.png"))
        }
    }

    @Test func loadReadsFilesFromDisk() throws {
        let path = try TestImages.temporaryFile(
            TestImages.png(RGBAImage(width: 4, height: 6, fill: blue, alpha: 255)),
            name: "blue.png")
        let clip = try MediaDecoder.load(path: path)
        #expect(clip.source == path)
        #expect(clip.width == 4 && clip.height == 6)
        #expect(clip.frames[0].image.pixel(x: 3, y: 5).color == blue)
    }

    // MARK: GIF

    @Test func gifFramesDelaysAndZeroDelayDefault() throws {
        let data = TestImages.gif(
            width: 2, height: 2, colors: [red, green, blue, white],
            frames: [
                .init(width: 2, height: 2, indexes: [0, 0, 0, 0], delayCentiseconds: 5),
                .init(width: 2, height: 2, indexes: [1, 1, 1, 1], delayCentiseconds: 0),
                .init(width: 2, height: 2, indexes: [2, 3, 3, 2], delayCentiseconds: 25),
            ])
        let clip = try MediaDecoder.decode(data, name: "a.gif")
        #expect(clip.frames.count == 3)
        #expect(clip.isAnimated)
        #expect(clip.delays == [.milliseconds(50), .milliseconds(100), .milliseconds(250)])
        #expect(clip.frames[0].image.pixel(x: 1, y: 1).color == red)
        #expect(clip.frames[1].image.pixel(x: 0, y: 0).color == green)
        #expect(clip.frames[2].image.pixel(x: 0, y: 0).color == blue)
        #expect(clip.frames[2].image.pixel(x: 1, y: 0).color == white)
        #expect(clip.frames[2].image.pixel(x: 1, y: 0).alpha == 255)
    }

    @Test func gifTransparencyLeavesCanvasAndPreviousFrameVisible() throws {
        // Frame 1 draws index 1 transparent (a hole); frame 2 is fully transparent except one pixel.
        let data = TestImages.gif(
            width: 2, height: 1, colors: [red, green],
            frames: [
                .init(width: 2, height: 1, indexes: [0, 1], disposal: 1, transparentIndex: 1),
                .init(width: 2, height: 1, indexes: [1, 1], disposal: 1, transparentIndex: 1),
            ])
        let clip = try MediaDecoder.decode(data, name: "t.gif")
        let first = clip.frames[0].image, second = clip.frames[1].image
        #expect(first.pixel(x: 0, y: 0) == (red, 255))
        #expect(first.pixel(x: 1, y: 0).alpha == 0)
        // Disposal "do not dispose": frame 2 draws nothing and frame 1 stays.
        #expect(second.pixel(x: 0, y: 0) == (red, 255))
        #expect(second.pixel(x: 1, y: 0).alpha == 0)
    }

    @Test func gifDisposalBackgroundAndPreviousAndSubRectangles() throws {
        // 3x1 screen. Frame 1: blue everywhere (keep). Frame 2: red at x=1, dispose to background.
        // Frame 3: green at x=0, dispose to previous. Frame 4: a transparent 1x1 at x=2.
        let data = TestImages.gif(
            width: 3, height: 1, colors: [red, green, blue, white],
            frames: [
                .init(width: 3, height: 1, indexes: [2, 2, 2], disposal: 1),
                .init(left: 1, top: 0, width: 1, height: 1, indexes: [0], disposal: 2),
                .init(left: 0, top: 0, width: 1, height: 1, indexes: [1], disposal: 3),
                .init(left: 2, top: 0, width: 1, height: 1, indexes: [3], disposal: 1, transparentIndex: 3),
            ])
        let clip = try MediaDecoder.decode(data, name: "d.gif")
        #expect(clip.frames.count == 4)
        let f = clip.frames.map(\.image)
        #expect(f[1].pixel(x: 0, y: 0).color == blue)
        #expect(f[1].pixel(x: 1, y: 0).color == red)
        #expect(f[1].pixel(x: 2, y: 0).color == blue)
        // After frame 2 its rectangle (x=1) was cleared to transparent.
        #expect(f[2].pixel(x: 0, y: 0) == (green, 255))
        #expect(f[2].pixel(x: 1, y: 0).alpha == 0)
        #expect(f[2].pixel(x: 2, y: 0).color == blue)
        // Frame 3 was undone ("previous"): x=0 is blue again, x=1 still cleared.
        #expect(f[3].pixel(x: 0, y: 0) == (blue, 255))
        #expect(f[3].pixel(x: 1, y: 0).alpha == 0)
        #expect(f[3].pixel(x: 2, y: 0) == (blue, 255))
    }

    @Test func gifLocalColourMapsOverrideTheGlobalOne() throws {
        let data = TestImages.gif(
            width: 1, height: 1, colors: [red, green],
            frames: [
                .init(width: 1, height: 1, indexes: [0]),
                .init(width: 1, height: 1, indexes: [0], localColors: [RGB(12, 34, 56), white]),
                .init(width: 1, height: 1, indexes: [1]),
            ])
        let clip = try MediaDecoder.decode(data, name: "local.gif")
        #expect(clip.frames.map { $0.image.pixel(x: 0, y: 0).color } == [red, RGB(12, 34, 56), green])
    }

    @Test func gifInterlacedFramesComeOutInRowOrder() throws {
        let h = 11
        let indexes = (0..<h).flatMap { y in [UInt8(y % 4), UInt8((y + 1) % 4)] }
        let colors = [red, green, blue, white]
        let data = TestImages.gif(
            width: 2, height: h, colors: colors,
            frames: [
                .init(width: 2, height: h, indexes: indexes, interlaced: true)
            ])
        let image = try MediaDecoder.decode(data, name: "i.gif").frames[0].image
        for y in 0..<h {
            #expect(image.pixel(x: 0, y: y).color == colors[y % 4], "row \(y)")
            #expect(image.pixel(x: 1, y: y).color == colors[(y + 1) % 4], "row \(y)")
        }
    }

    @Test func gifTooLargeScreenOrFrameIsRefused() {
        let small = TestImages.gif(
            width: 2, height: 2, colors: [red, green],
            frames: [
                .init(width: 2, height: 2, indexes: [0, 1, 1, 0])
            ])
        var screen = [UInt8](small)
        screen[6] = 0xFF; screen[7] = 0xFF; screen[8] = 0xFF; screen[9] = 0xFF  // 65535x65535
        do {
            _ = try MediaDecoder.decode(Data(screen), name: "big.gif")
            Issue.record("65535x65535 screen accepted")
        } catch {
            #expect(error.kind == .tooLarge)
            #expect(error.description.contains("65535x65535"))
        }
        // The screen is small but the first image descriptor claims 65535x65535.
        var frame = [UInt8](small)
        let descriptor = frame.firstIndex(of: 0x2C)!  // image separator after the GCB
        frame[descriptor + 5] = 0xFF; frame[descriptor + 6] = 0xFF
        frame[descriptor + 7] = 0xFF; frame[descriptor + 8] = 0xFF
        do {
            _ = try MediaDecoder.decode(Data(frame), name: "bigframe.gif")
            Issue.record("65535x65535 frame accepted")
        } catch {
            #expect(error.kind == .tooLarge)
            #expect(error.description.contains("frame 1"))
        }
    }

    @Test func gifFrameCountAndTotalBytesAreLimited() {
        let frames = (0..<5).map { i in TestImages.GIFFrame(width: 2, height: 2, indexes: [UInt8(i % 2), 0, 1, 0]) }
        let data = TestImages.gif(width: 2, height: 2, colors: [red, green], frames: frames)
        #expect(throws: MediaError.self) {
            _ = try MediaDecoder.decode(data, name: "many.gif", limits: DecodeLimits(maxFrames: 4))
        }
        #expect(throws: MediaError.self) {
            _ = try MediaDecoder.decode(data, name: "many.gif", limits: DecodeLimits(maxTotalBytes: 16 * 3))
        }
        #expect((try? MediaDecoder.decode(data, name: "many.gif", limits: DecodeLimits(maxFrames: 5)))?.frames.count == 5)
    }

    @Test func truncatedGIFs() throws {
        let frames = (0..<3).map { i in
            TestImages.GIFFrame(width: 8, height: 8, indexes: (0..<64).map { UInt8(($0 + i) % 4) })
        }
        let data = TestImages.gif(width: 8, height: 8, colors: [red, green, blue, white], frames: frames)
        #expect(try MediaDecoder.decode(data, name: "ok.gif").frames.count == 3)
        // Cut inside the header or the first frame: an error naming the file.
        for cut in [7, 13, 30, 45] {
            do {
                _ = try MediaDecoder.decode(data.prefix(cut), name: "cut.gif")
                Issue.record("GIF cut at \(cut) decoded")
            } catch {
                #expect(error.kind == .damaged, "cut at \(cut): \(error)")
                #expect(error.file == "cut.gif")
            }
        }
        // Cut in the last frame: the complete frames still play.
        let partial = try MediaDecoder.decode(data.prefix(data.count - 12), name: "tail.gif")
        #expect(partial.frames.count == 2)
        // Garbage after a valid signature.
        var garbage = Array("GIF89a".utf8)
        garbage += [UInt8](repeating: 0xEE, count: 40)
        #expect(throws: MediaError.self) { _ = try MediaDecoder.decode(Data(garbage), name: "junk.gif") }
    }
}

/// Whether a file animates, read from its records without decoding it (the feed asks before a
/// clip's whole decode).
@Suite struct AnimatedWithoutDecodingTests {
    static func gif(frames: Int) -> Data {
        let colors = [RGB(255, 0, 0), RGB(0, 200, 0)]
        return TestImages.gif(
            width: 40, height: 30, colors: colors,
            frames: (0..<frames).map { f in TestImages.GIFFrame(width: 40, height: 30, indexes: (0..<1200).map { UInt8(($0 + f) % 2) }) })
    }

    @Test func severalFramesAnimateOneFrameAndPNGDoNot() throws {
        #expect(GIFDecoder.hasSeveralFrames(Self.gif(frames: 3)))
        #expect(!GIFDecoder.hasSeveralFrames(Self.gif(frames: 1)))
        #expect(!GIFDecoder.hasSeveralFrames(Data("GIF89a not really".utf8)))
        let png = try TestImages.temporaryFile(TestImages.png(RGBAImage(width: 4, height: 4, fill: RGB(1, 2, 3), alpha: 255)), name: "s.png")
        #expect(!MediaDecoder.isAnimated(path: png))
        let gif = try TestImages.temporaryFile(Self.gif(frames: 2), name: "two.gif")
        #expect(MediaDecoder.isAnimated(path: gif))
        #expect(!MediaDecoder.isAnimated(path: gif + ".missing"))
    }

    /// The answer agrees with the whole decode for every bundled clip.
    @Test func theBundledClipsAnswerAsTheirWholeDecode() throws {
        let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets/media")
        let files = try FileManager.default.contentsOfDirectory(atPath: media.path).filter { $0.hasSuffix(".gif") || $0.hasSuffix(".png") }
        #expect(files.count > 20)
        var animated = 0
        for file in files {
            let path = media.appendingPathComponent(file).path
            let whole = try MediaDecoder.load(path: path, fitting: PixelSize(width: 48, height: 42))
            #expect(MediaDecoder.isAnimated(path: path) == whole.isAnimated, "\(file)")
            if whole.isAnimated { animated += 1 }
        }
        #expect(animated >= 12)
    }

    /// The delays read from the records are the whole decode's, for every bundled clip; a file
    /// cut short or damaged gives none (its decode decides), as does a PNG.
    @Test func frameDelaysWithoutDecodingAreTheDecodersDelays() throws {
        let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets/media")
        let gifs = try FileManager.default.contentsOfDirectory(atPath: media.path).filter { $0.hasSuffix(".gif") }
        #expect(gifs.count >= 12)
        for file in gifs {
            let path = media.appendingPathComponent(file).path
            let whole = try MediaDecoder.load(path: path, fitting: PixelSize(width: 48, height: 42))
            #expect(MediaDecoder.frameDelays(path: path) == whole.delays, "\(file)")
        }
        let mixed = TestImages.gif(
            width: 2, height: 2, colors: [RGB(255, 0, 0), RGB(0, 0, 255)],
            frames: [
                .init(width: 2, height: 2, indexes: [0, 0, 0, 0], delayCentiseconds: 5),
                .init(width: 2, height: 2, indexes: [1, 1, 1, 1], delayCentiseconds: 0),
                .init(width: 2, height: 2, indexes: [0, 1, 1, 0], delayCentiseconds: 25),
            ])
        #expect(GIFDecoder.frameDelays(mixed) == [.milliseconds(50), .milliseconds(100), .milliseconds(250)])
        #expect(GIFDecoder.frameDelays(mixed, maxFrames: 2) == nil, "past the frame limit: none")
        #expect(GIFDecoder.frameDelays(mixed.prefix(mixed.count - 12)) == nil, "cut short")
        #expect(GIFDecoder.frameDelays(Data("GIF89a not really".utf8)) == nil)
        let png = try TestImages.temporaryFile(TestImages.png(RGBAImage(width: 4, height: 4, fill: RGB(1, 2, 3), alpha: 255)), name: "d.png")
        #expect(MediaDecoder.frameDelays(path: png) == nil)
    }

    /// The store's schedule for a clip it has not decoded comes from the file, without decoding,
    /// and is the decoded clip's.
    @Test func theStoresScheduleNeedsNoDecode() throws {
        let path = try TestImages.temporaryFile(Self.gif(frames: 3), name: "sched.gif")
        let store = MediaStore()
        let box = CellSize(width: 10, height: 8)
        let read = try store.schedule(at: path, fitting: box, motion: .none, maxFramesPerSecond: 8)
        #expect(!store.hasClip(at: path, fitting: box))
        let decoded = store.schedule(for: try store.clip(at: path, fitting: box), motion: .none, maxFramesPerSecond: 8)
        #expect(read.frameCount == 3 && read.frameCount == decoded.frameCount && read.loopDuration == decoded.loopDuration)
        for ms in stride(from: 0, to: 700, by: 35) {
            let t = Duration.milliseconds(ms)
            #expect(read.frameIndex(at: t) == decoded.frameIndex(at: t) && read.nextDeadline(after: t) == decoded.nextDeadline(after: t))
        }
    }

    /// The store answers from the decoded clip once it has one, and never decodes to answer.
    @Test func theStoreAnswersWithoutDecoding() throws {
        let path = try TestImages.temporaryFile(Self.gif(frames: 3), name: "three.gif")
        let store = MediaStore()
        let box = CellSize(width: 10, height: 8)
        #expect(store.isAnimated(at: path, fitting: box))
        #expect(!store.hasClip(at: path, fitting: box))
    }
}
