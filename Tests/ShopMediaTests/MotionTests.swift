import Foundation
import ShopMedia
import Testing

@Suite("motion for stills")
struct MotionTests {
    @Test func motionIsAPureFunctionOfTimeAndLoops() {
        for motion in StillMotion.allCases {
            for ms in stride(from: 0, through: 6000, by: 250) {
                let t = Duration.milliseconds(ms)
                let a = motion.transform(at: t)
                #expect(a == motion.transform(at: t))
                let b = motion.transform(at: t + StillMotion.loopLength)
                #expect(
                    abs(a.crop.x - b.crop.x) < 1e-9 && abs(a.crop.width - b.crop.width) < 1e-9
                        && abs(a.shiftY - b.shiftY) < 1e-9, "\(motion) at \(ms) ms")
                // Crops stay inside the picture.
                #expect(a.crop.x >= 0 && a.crop.y >= 0)
                #expect(a.crop.x + a.crop.width <= 1 + 1e-9 && a.crop.y + a.crop.height <= 1 + 1e-9)
            }
        }
    }

    @Test func zoomPanAndFloatMoveAsDescribed() {
        #expect(StillMotion.zoom.transform(at: .zero).crop == .full)
        let mid = StillMotion.zoom.transform(at: .seconds(3)).crop
        #expect(abs(mid.width - 1 / 1.15) < 1e-9)
        #expect(abs(mid.x - (1 - mid.width) / 2) < 1e-9)
        let quarter = StillMotion.zoom.transform(at: .milliseconds(1500)).crop
        #expect(quarter.width < 1 && quarter.width > mid.width)

        let panStart = StillMotion.pan.transform(at: .zero).crop
        let panMid = StillMotion.pan.transform(at: .seconds(3)).crop
        #expect(panStart.x == 0)
        #expect(abs(panMid.x + panMid.width - 1) < 1e-9)

        #expect(abs(StillMotion.float.transform(at: .milliseconds(1500)).shiftY + 0.03) < 1e-9)
        #expect(abs(StillMotion.float.transform(at: .milliseconds(4500)).shiftY - 0.03) < 1e-9)
        #expect(StillMotion.none.transform(at: .milliseconds(1234)) == .identity)
        #expect(!StillMotion.none.moves && StillMotion.zoom.moves)
    }

    @Test func motionChangesTheRasterButRepeatsIt() {
        var image = RGBAImage(width: 36, height: 64)
        for y in 0..<64 { for x in 0..<36 { image.setPixel(x: x, y: y, RGB(UInt8(x * 7), UInt8(y * 4), 128)) } }
        let size = CellSize(width: 18, height: 16)
        func at(_ motion: StillMotion, _ ms: Int) -> CellRaster {
            MediaRenderer.render(
                image, into: size, mode: .ansi256, background: RGB(0, 0, 0),
                motion: motion.transform(at: .milliseconds(ms)))
        }
        for motion in [StillMotion.zoom, .pan, .float] {
            let moved = at(motion, 0) != at(motion, 1500)
            #expect(moved, "\(motion) should move")
            let looped = at(motion, 1000) == at(motion, 7000)
            #expect(looped, "\(motion) should loop")
        }
        let still = at(.none, 0) == at(.none, 3000)
        #expect(still)
    }

    @Test func stillMotionIsCodableByName() throws {
        let data = try JSONEncoder().encode([StillMotion.zoom, .pan, .float, .none])
        #expect(String(decoding: data, as: UTF8.self) == #"["zoom","pan","float","none"]"#)
        #expect(try JSONDecoder().decode(StillMotion.self, from: Data(#""pan""#.utf8)) == .pan)
    }
}
