import Foundation
import ShopCore
import ShopMedia
import Testing
@testable import ShopUI

/// The storefront's first screen decodes only the first frame of the clip it shows (issue 15,
/// start-up: a 30-frame 540x960 GIF took about 100 ms to decode whole before that screen), and
/// that frame is the same cells the whole decode gives.
@Suite struct FirstFrameTests {
    static let size = CellSize(width: 24, height: 21)

    static func request(_ path: String, motion: StillMotion = .none) -> ClipLibrary.Request {
        ClipLibrary.Request(path: path, size: size, mode: .ansi256, background: ShopMedia.RGB(10, 10, 10), motion: motion)
    }

    /// The cells `raster(elapsed:)` gives once the clip is decoded whole.
    static func wholeDecode(_ request: ClipLibrary.Request, elapsed: Double) throws -> CellRaster {
        let library = ClipLibrary()
        library.decode(request)
        #expect(library.isDecoded(request))
        return try library.raster(for: request, elapsed: elapsed)
    }

    @Test func theFirstScreenDecodesOneFrameOfAGifAndShowsWhatTheWholeDecodeShows() throws {
        let path = try TestImages.temporaryFile(ClipLibraryBudgetTests.clip(frames: 12, width: 540, height: 960), name: "first.gif")
        let request = Self.request(path)
        let library = ClipLibrary()
        let first = try library.raster(for: request, elapsed: 0.004)
        #expect(!library.isDecoded(request), "only the first frame was decoded")
        #expect(first == (try Self.wholeDecode(request, elapsed: 0)))
        // Later frames decode the clip, and are what they always were.
        #expect(try library.raster(for: request, elapsed: 0.25) == (try Self.wholeDecode(request, elapsed: 0.25)))
        #expect(library.isDecoded(request))
        #expect(try library.raster(for: request, elapsed: 0) == first)
    }

    /// The storefront's library (`decodesInTheBackground`) never decodes a clip for the caller: past
    /// its first frame a clip not decoded yet shows that frame while the prefetch thread decodes
    /// it (the run loop decoded the whole clip at its second frame, and a key pressed then
    /// waited), then plays as it always did.
    @Test func withBackgroundDecodingTheCallerShowsTheFirstFrameUntilTheClipIsDecodedAside() throws {
        let path = try TestImages.temporaryFile(ClipLibraryBudgetTests.clip(frames: 12, width: 540, height: 960), name: "aside.gif")
        let request = Self.request(path)
        let library = ClipLibrary()
        library.decodesInTheBackground = true
        // The prefetch thread is busy with something else until the gate opens.
        let gate = DispatchSemaphore(value: 0)
        library.prefetcher.submit(Self.request("/busy")) { gate.wait() }
        let shown = try library.raster(for: request, elapsed: 0.25)
        #expect(!library.isDecoded(request), "the caller did not decode the clip")
        let first = try Self.wholeDecode(request, elapsed: 0)
        let showsTheFirst = shown == first
        #expect(showsTheFirst, "the first frame is shown meanwhile")
        gate.signal()
        library.waitForPrefetches()
        #expect(library.isDecoded(request), "decoded on the prefetch thread")
        let due = try library.raster(for: request, elapsed: 0.25)
        let asAlways = due == (try Self.wholeDecode(request, elapsed: 0.25)), differs = due != first
        #expect(asAlways, "then the frame due, as the whole decode gives it")
        #expect(differs, "the frame due is not the first one (else this test shows nothing)")
    }

    @Test(arguments: [StillMotion.none, .zoom, .float, .pan])
    func aStillsFirstFrameIsTheSameWhateverItsMotion(motion: StillMotion) throws {
        var pixels = [UInt8](repeating: 255, count: 540 * 960 * 4)
        for y in 0..<960 {
            for x in 0..<540 {
                let p = (y * 540 + x) * 4
                pixels[p] = UInt8(x * 255 / 540)
                pixels[p + 1] = UInt8(y * 255 / 960)
                pixels[p + 2] = 90
            }
        }
        let image = try #require(RGBAImage(width: 540, height: 960, pixels: pixels))
        let path = try TestImages.temporaryFile(TestImages.png(image), name: "still-\(motion).png")
        let request = Self.request(path, motion: motion)
        let library = ClipLibrary()
        #expect(try library.raster(for: request, elapsed: 0) == (try Self.wholeDecode(request, elapsed: 0)))
    }

    /// A GIF cut short after its first frames (a half-copied file): the whole decode plays what
    /// it has; the first screen shows the same first frame, and later frames are the whole
    /// decode's.
    @Test func aGifCutShortShowsTheSameFirstFrameAndPlaysWhatItHas() throws {
        let whole = ClipLibraryBudgetTests.clip(frames: 8, width: 200, height: 300)
        let path = try TestImages.temporaryFile(whole.prefix(whole.count * 2 / 3), name: "cut.gif")
        let request = Self.request(path)
        let library = ClipLibrary()
        let first = try library.raster(for: request, elapsed: 0)
        #expect(first == (try Self.wholeDecode(request, elapsed: 0)))
        #expect(try library.raster(for: request, elapsed: 0.35) == (try Self.wholeDecode(request, elapsed: 0.35)))
    }

    @Test func aDamagedFileGivesTheSameErrorEitherWay() throws {
        let path = try TestImages.temporaryFile(Data("GIF89a not really".utf8), name: "damaged.gif")
        let request = Self.request(path)
        var fast: MediaError?, whole: MediaError?
        do { _ = try ClipLibrary().raster(for: request, elapsed: 0) } catch { fast = error }
        do { _ = try ClipLibrary().raster(for: request, elapsed: 1) } catch { whole = error }
        #expect(fast != nil && fast == whole, "\(String(describing: fast)) vs \(String(describing: whole))")
        // The storefront's library: the same error while the prefetch thread tries, and after.
        let aside = ClipLibrary()
        aside.decodesInTheBackground = true
        var meanwhile: MediaError?, after: MediaError?
        do { _ = try aside.raster(for: request, elapsed: 1) } catch { meanwhile = error }
        aside.waitForPrefetches()
        #expect(aside.isDecoded(request), "the failed decode is kept as such: not tried at every frame")
        do { _ = try aside.raster(for: request, elapsed: 1) } catch { after = error }
        #expect(meanwhile == fast && after == fast, "\(String(describing: meanwhile)) / \(String(describing: after))")
    }
}
