import Foundation
import NcursesBackend
import ShopMedia
import ShopUI
import Testing

/// When the kitty picture over the feed's clip box is transmitted, placed and deleted: the plan
/// on its own, and the overlay's bytes through a fake writer.
struct PictureOverlayTests {
    typealias Command = KittyPlacementPlan.Command

    static let box = Rect(x: 1, y: 1, width: 24, height: 21)
    static func picture(_ path: String = "/media/a.gif", rect: Rect = box, frame: Int = 0) -> PicturePlacement {
        PicturePlacement(rect: rect, path: path, frame: frame, background: RGB(10, 20, 30))
    }

    @Test func firstPictureIsTransmittedOnceAndPlacedAtTheBox() {
        var plan = KittyPlacementPlan(firstID: 7)
        #expect(plan.update(to: Self.picture()) == [.transmit(id: 7, picture: Self.picture()), .place(id: 7, rect: Self.box)])
        // The same picture in the same box again (every redraw at the frame rate): nothing.
        #expect(plan.update(to: Self.picture()) == [])
        #expect(plan.update(to: Self.picture()) == [])
    }

    @Test func aPageOverTheFeedDeletesThePlacementAndComingBackPlacesWithoutResending() {
        var plan = KittyPlacementPlan(firstID: 7)
        _ = plan.update(to: Self.picture())
        #expect(plan.update(to: nil) == [.delete(id: 7, free: false)])
        #expect(plan.update(to: nil) == [], "nothing shown, nothing to delete")
        #expect(plan.update(to: Self.picture()) == [.place(id: 7, rect: Self.box)])
    }

    @Test func anotherClipIsSentAndTheTerminalKeepsTwoPictures() {
        var plan = KittyPlacementPlan(firstID: 7)
        _ = plan.update(to: Self.picture())
        let next = Self.picture("/media/b.png")
        #expect(plan.update(to: next) == [.delete(id: 7, free: false), .transmit(id: 8, picture: next), .place(id: 8, rect: Self.box)])
        // Back to the first (a scroll back up): still held, placed again without its pixels.
        #expect(plan.update(to: Self.picture()) == [.delete(id: 8, free: false), .place(id: 7, rect: Self.box)])
        // A third picture (another frame of a clip is another picture too) frees the one shown
        // least recently, b.png, and keeps the one it replaces.
        let frame = Self.picture("/media/b.png", frame: 3)
        #expect(
            plan.update(to: frame) == [
                .delete(id: 7, free: false), .delete(id: 8, free: true), .transmit(id: 9, picture: frame),
                .place(id: 9, rect: Self.box),
            ])
        #expect(plan.clear() == [.delete(id: 7, free: true), .delete(id: 9, free: true)])
    }

    @Test func withRoomForOnePictureAnotherClipFreesTheOldOne() {
        var plan = KittyPlacementPlan(firstID: 7, capacity: 1)
        _ = plan.update(to: Self.picture())
        let next = Self.picture("/media/b.png")
        #expect(plan.update(to: next) == [.delete(id: 7, free: true), .transmit(id: 8, picture: next), .place(id: 8, rect: Self.box)])
    }

    @Test func aMovedBoxOfTheSameSizeIsPlacedAgainWithoutResending() {
        var plan = KittyPlacementPlan(firstID: 7)
        _ = plan.update(to: Self.picture())
        let moved = Rect(x: 1, y: 3, width: 24, height: 21)
        #expect(plan.update(to: Self.picture(rect: moved)) == [.delete(id: 7, free: false), .place(id: 7, rect: moved)])
        // A box of another size (a resize) needs other pixels.
        let bigger = Rect(x: 1, y: 1, width: 30, height: 27)
        let resized = Self.picture(rect: bigger)
        #expect(plan.update(to: resized) == [.delete(id: 7, free: false), .transmit(id: 8, picture: resized), .place(id: 8, rect: bigger)])
    }

    @Test func aFullRepaintUnplacesAndTheNextUpdatePlacesAgain() {
        var plan = KittyPlacementPlan(firstID: 7)
        _ = plan.update(to: Self.picture())
        #expect(plan.unplace() == [.delete(id: 7, free: false)])
        #expect(plan.unplace() == [])
        #expect(plan.update(to: Self.picture()) == [.place(id: 7, rect: Self.box)])
    }

    @Test func exitFreesThePictureWhetherShownOrNot() {
        var plan = KittyPlacementPlan(firstID: 7)
        #expect(plan.clear() == [], "nothing was ever sent")
        _ = plan.update(to: Self.picture())
        _ = plan.update(to: nil)
        #expect(plan.clear() == [.delete(id: 7, free: true)], "held but hidden is still freed")
        #expect(plan.clear() == [])
        #expect(plan.update(to: Self.picture()).first == .transmit(id: 8, picture: Self.picture()))
    }

    @Test func anEmptyBoxIsNoPicture() {
        var plan = KittyPlacementPlan(firstID: 7)
        #expect(plan.update(to: Self.picture(rect: Rect(x: 1, y: 1, width: 0, height: 21))) == [])
    }

    final class Recorder: PictureWriter {
        var writes: [String] = []
        func write(_ bytes: [UInt8]) { writes.append(String(decoding: bytes, as: UTF8.self)) }
    }

    static let output = PixelOutput(mode: .kitty, detected: .kitty, passthrough: false, cellPixels: CellPixels(width: 9, height: 18))
    static func image(_ p: PicturePlacement, _ c: CellPixels) -> RGBImage? {
        RGBImage(width: 2, height: 2, fill: RGB(200, 200, 200))
    }

    @Test func overlayWritesTransmitThenPlaceAtTheBoxWithTheCursorSavedAndKept() {
        let recorder = Recorder()
        let overlay = PictureOverlay(output: Self.output, writer: recorder, pixels: Self.image)
        overlay.show(Self.picture())
        #expect(recorder.writes.count == 1)
        let bytes = recorder.writes[0]
        #expect(bytes.hasPrefix("\u{1B}7") && bytes.hasSuffix("\u{1B}8"), "the cursor is saved and restored")
        #expect(bytes.contains("\u{1B}_Ga=t,f=24,s=2,v=2,i=1381171201,q=2,o=z,m=0;"))
        // Row 2, column 2 (1-based) is the box's cell (1, 1), then the placement over 24x21 cells.
        #expect(bytes.contains("\u{1B}[2;2H\u{1B}_Ga=p,i=1381171201,c=24,r=21,C=1,q=2\u{1B}\\"))
        overlay.show(Self.picture())
        #expect(recorder.writes.count == 1, "an unchanged picture writes nothing")
        overlay.show(nil)
        #expect(recorder.writes.last == "\u{1B}7\u{1B}_Ga=d,d=i,i=1381171201,q=2\u{1B}\\\u{1B}8")
        overlay.clear()
        #expect(recorder.writes.last == "\u{1B}7\u{1B}_Ga=d,d=I,i=1381171201,q=2\u{1B}\\\u{1B}8")
    }

    @Test func anUnreadablePictureIsNeitherSentNorPlaced() {
        let recorder = Recorder()
        let overlay = PictureOverlay(output: Self.output, writer: recorder, pixels: { _, _ in nil })
        overlay.show(Self.picture())
        #expect(!recorder.writes.joined().contains("a=p"))
        #expect(!recorder.writes.joined().contains("a=t"))
    }

    @Test func throughTmuxTheKittySequencesAreWrappedAndTheCursorMoveIsNot() {
        let recorder = Recorder()
        var output = Self.output
        output.passthrough = true
        let overlay = PictureOverlay(output: output, writer: recorder, pixels: Self.image)
        overlay.show(Self.picture())
        let bytes = recorder.writes.joined()
        #expect(bytes.contains("\u{1B}[2;2H\u{1B}Ptmux;\u{1B}\u{1B}_Ga=p,i=1381171201,c=24,r=21,C=1,q=2\u{1B}\u{1B}\\\u{1B}\\"))
    }

    /// A font-size change: the held pictures were fitted for the old cell, so they are freed and
    /// the same picture is sent again, fitted for the new one.
    @Test func aNewCellSizeFreesThePicturesAndSendsThemAgainAtTheNewSize() {
        let recorder = Recorder()
        var asked: [CellPixels] = []
        let overlay = PictureOverlay(
            output: Self.output, writer: recorder,
            pixels: { picture, cell in
                asked.append(cell)
                return Self.image(picture, cell)
            })
        overlay.show(Self.picture())
        overlay.cellPixelsChanged(to: CellPixels(width: 9, height: 18))
        #expect(recorder.writes.count == 1, "the same cell size changes nothing")
        overlay.unplace()  // the resize's full repaint
        overlay.cellPixelsChanged(to: CellPixels(width: 12, height: 24))
        #expect(recorder.writes.last?.contains("a=d,d=I,i=1381171201") == true, "the old picture is freed")
        overlay.show(Self.picture())
        #expect(asked == [CellPixels(width: 9, height: 18), CellPixels(width: 12, height: 24)], "fitted again for 12x24")
        #expect(recorder.writes.last?.contains("a=t,") == true && recorder.writes.last?.contains("a=p,") == true, "sent and placed anew")
        #expect(overlay.output.cellPixels == CellPixels(width: 12, height: 24))
    }

    @Test func sixelIsWrittenAtTheBoxAndRemovedByRepaintingItsLines() {
        let recorder = Recorder()
        var output = Self.output
        output.mode = .sixel
        let overlay = PictureOverlay(output: output, writer: recorder, pixels: Self.image)
        var repainted: [Rect] = []
        overlay.repaint = { repainted.append($0) }
        overlay.show(Self.picture())
        #expect(recorder.writes.count == 1)
        #expect(recorder.writes[0].hasPrefix("\u{1B}7\u{1B}[2;2H\u{1B}Pq"), "DECSC, the box's cell, then the sixel")
        #expect(recorder.writes[0].hasSuffix("\u{1B}\\\u{1B}8"))
        overlay.show(Self.picture())
        #expect(recorder.writes.count == 1 && repainted.isEmpty, "unchanged: nothing")
        // Help over the feed: the lines under the picture are repainted, nothing is written.
        overlay.show(nil)
        #expect(repainted == [Self.box])
        #expect(recorder.writes.count == 1)
        // Back: the kept sixel is written again without encoding anew.
        overlay.show(Self.picture())
        #expect(recorder.writes.count == 2 && recorder.writes[1] == recorder.writes[0])
        // Moved: the old lines repainted, the picture at the new place.
        let moved = Rect(x: 1, y: 3, width: 24, height: 21)
        overlay.show(Self.picture(rect: moved))
        #expect(repainted == [Self.box, Self.box])
        #expect(recorder.writes.last?.hasPrefix("\u{1B}7\u{1B}[4;2H\u{1B}Pq") == true)
        // A full repaint or exit clears the lines anyway: no extra repaint.
        overlay.unplace()
        overlay.clear()
        #expect(repainted.count == 2)
    }
}

/// kitty animation in the feed: a clip's frames go to the terminal once, the terminal loops them,
/// `p` stops and restarts the loop, and covering or replacing the clip deletes it.
struct PictureAnimationTests {
    typealias Command = KittyPlacementPlan.Command
    static let box = PictureOverlayTests.box
    static func clip(_ path: String = "/media/a.gif", rect: Rect = box, frame: Int = 0, playing: Bool = true) -> PicturePlacement {
        PicturePlacement(rect: rect, path: path, frame: frame, background: RGB(10, 20, 30), animates: true, playing: playing)
    }

    @Test func anAnimatedClipIsSentOnceThenStartedAndPauseStopsAndResumes() {
        var plan = KittyPlacementPlan(firstID: 7)
        #expect(
            plan.update(to: Self.clip()) == [
                .transmit(id: 7, picture: Self.clip()), .place(id: 7, rect: Self.box),
                .animate(id: 7, running: true),
            ])
        // Redraws at any rate: nothing (the terminal plays the frames).
        #expect(plan.update(to: Self.clip()) == [])
        #expect(plan.update(to: Self.clip(playing: false)) == [.animate(id: 7, running: false)])
        #expect(plan.update(to: Self.clip(playing: false)) == [])
        #expect(plan.update(to: Self.clip()) == [.animate(id: 7, running: true)])
    }

    @Test func aPageOverTheFeedDeletesThePlacementAndScrollReplacesTheClip() {
        var plan = KittyPlacementPlan(firstID: 7)
        _ = plan.update(to: Self.clip())
        #expect(plan.update(to: nil) == [.delete(id: 7, free: false)])
        #expect(
            plan.update(to: Self.clip()) == [.place(id: 7, rect: Self.box), .animate(id: 7, running: true)],
            "placed again, the loop is started again")
        #expect(plan.unplace() == [.delete(id: 7, free: false)])
        // Paused while covered (help, then `p` back on the feed): placed again and stopped, not resent.
        #expect(plan.update(to: Self.clip(playing: false)) == [.place(id: 7, rect: Self.box), .animate(id: 7, running: false)])
        let next = Self.clip("/media/b.gif")
        #expect(
            plan.update(to: next) == [
                .delete(id: 7, free: false), .transmit(id: 8, picture: next), .place(id: 8, rect: Self.box),
                .animate(id: 8, running: true),
            ])
        #expect(plan.clear() == [.delete(id: 7, free: true), .delete(id: 8, free: true)])
    }

    /// The product sheet shows its own picture (another box); back on the feed the clip the
    /// terminal still holds is placed again and started: its 800 KB are not sent twice.
    @Test func backFromTheProductSheetTheFeedClipIsPlacedAgainNotResent() {
        var plan = KittyPlacementPlan(firstID: 7)
        _ = plan.update(to: Self.clip())
        let sheet = Self.clip(rect: Rect(x: 40, y: 4, width: 18, height: 8))
        #expect(
            plan.update(to: sheet) == [
                .delete(id: 7, free: false), .transmit(id: 8, picture: sheet), .place(id: 8, rect: sheet.rect),
                .animate(id: 8, running: true),
            ])
        #expect(plan.update(to: Self.clip()) == [.delete(id: 8, free: false), .place(id: 7, rect: Self.box), .animate(id: 7, running: true)])
        // And the sheet again: its picture is held too.
        #expect(plan.update(to: sheet) == [.delete(id: 7, free: false), .place(id: 8, rect: sheet.rect), .animate(id: 8, running: true)])
    }

    @Test func reducedMotionIsAnotherPictureWithoutAnimationControl() {
        var plan = KittyPlacementPlan(firstID: 7)
        let still = PicturePlacement(rect: Self.box, path: "/media/a.gif", frame: 0, background: RGB(10, 20, 30))
        #expect(plan.update(to: still) == [.transmit(id: 7, picture: still), .place(id: 7, rect: Self.box)])
        #expect(
            plan.update(
                to: PicturePlacement(
                    rect: Self.box, path: "/media/a.gif", frame: 0, background: RGB(10, 20, 30),
                    animates: false, playing: false)) == [], "paused stills send nothing")
    }

    static func frames(_ count: Int) -> @Sendable (PicturePlacement, CellPixels) -> [PictureFrame]? {
        { _, _ in
            (0..<count).map {
                PictureFrame(image: RGBImage(width: 2, height: 2, fill: RGB(UInt8(truncatingIfNeeded: $0 * 40 + $0 / 7), 0, 0)), delay: .milliseconds(80 + $0))
            }
        }
    }

    /// Frames made at once, inside `show` (the app makes them on a thread of the overlay's own).
    static var atOnce: PictureOverlay.Schedule { { $0() } }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test func theOverlaySendsEveryFrameOnceWithItsDelayAndControlsTheLoop() {
        let recorder = PictureOverlayTests.Recorder()
        let overlay = PictureOverlay(
            output: PictureOverlayTests.output, writer: recorder, pixels: PictureOverlayTests.image,
            frames: Self.frames(3), schedule: Self.atOnce)
        overlay.show(Self.clip())
        let sent = recorder.writes.joined()
        let id = 1381171201
        #expect(Self.count("\u{1B}_Ga=t,f=24,s=2,v=2,i=\(id),q=2,o=z,m=0;", in: sent) == 1, "the root frame once")
        #expect(sent.contains("\u{1B}_Ga=f,f=24,s=2,v=2,i=\(id),z=81,q=2,o=z,m=0;"))
        #expect(sent.contains("\u{1B}_Ga=f,f=24,s=2,v=2,i=\(id),z=82,q=2,o=z,m=0;"))
        #expect(Self.count("a=f,", in: sent) == 2, "frames 2 and 3, once each")
        #expect(sent.contains("\u{1B}_Ga=a,i=\(id),r=1,z=80,q=2\u{1B}\\"), "the root frame's delay")
        // Placed, then the loop started: the placement comes before the control.
        let place = sent.range(of: "a=p,i=\(id)")!, play = sent.range(of: "\u{1B}_Ga=a,i=\(id),s=3,v=1,q=2\u{1B}\\")!
        #expect(place.lowerBound < play.lowerBound)

        let before = recorder.writes.count
        for _ in 0..<10 { overlay.show(Self.clip()) }
        #expect(recorder.writes.count == before, "steady state: no bytes at all")

        overlay.show(Self.clip(playing: false))
        #expect(recorder.writes.last == "\u{1B}7\u{1B}_Ga=a,i=\(id),s=1,q=2\u{1B}\\\u{1B}8", "pause stops the terminal's loop")
        overlay.show(Self.clip())
        #expect(recorder.writes.last == "\u{1B}7\u{1B}_Ga=a,i=\(id),s=3,v=1,q=2\u{1B}\\\u{1B}8", "resume runs it again")
        overlay.show(nil)
        #expect(recorder.writes.last == "\u{1B}7\u{1B}_Ga=d,d=i,i=\(id),q=2\u{1B}\\\u{1B}8", "covered: the placement goes")
        #expect(Self.count("a=f,", in: recorder.writes.joined()) == 2, "nothing was sent again")
    }

    /// The bytes of the sheet round trip: the feed clip's frames go once, the sheet's picture once,
    /// and back on the feed only a placement and the loop control are written.
    @Test func theSheetRoundTripSendsTheFeedClipsFramesOnce() {
        let recorder = PictureOverlayTests.Recorder()
        let overlay = PictureOverlay(
            output: PictureOverlayTests.output, writer: recorder, pixels: PictureOverlayTests.image,
            frames: Self.frames(3), schedule: Self.atOnce)
        overlay.show(Self.clip())
        overlay.show(Self.clip(rect: Rect(x: 40, y: 4, width: 18, height: 8)))
        #expect(Self.count("a=t,", in: recorder.writes.joined()) == 2, "the feed clip and the sheet's picture")
        let before = recorder.writes.count
        overlay.show(Self.clip())
        let back = recorder.writes[before...].joined()
        #expect(Self.count("a=t,", in: back) == 0 && Self.count("a=f,", in: back) == 0, "no pixels sent again: \(back)")
        #expect(back.contains("a=p,i=1381171201") && back.contains("\u{1B}_Ga=a,i=1381171201,s=3,v=1,q=2"), "placed and started: \(back)")
        #expect(back.contains("\u{1B}_Ga=d,d=i,i=1381171202,q=2"), "the sheet's picture is unplaced, not freed: \(back)")
    }

    @Test func aStillClipGetsNoAnimationControl() {
        let recorder = PictureOverlayTests.Recorder()
        let overlay = PictureOverlay(
            output: PictureOverlayTests.output, writer: recorder, pixels: PictureOverlayTests.image,
            frames: Self.frames(1), schedule: Self.atOnce)
        overlay.show(Self.clip())
        overlay.show(Self.clip(playing: false))
        let sent = recorder.writes.joined()
        #expect(sent.contains("a=t,") && sent.contains("a=p,"))
        #expect(!sent.contains("a=f,") && !sent.contains("a=a,"), "one frame: nothing to animate")
    }

    /// A sixel clip is played by the app: each due frame is written over the last in the same box,
    /// with no repaint between; the plan sees one picture, so covering and coming back work as
    /// for a still (issue 14).
    @Test func sixelWritesEachDueFrameOverTheLastWithoutARepaint() {
        let recorder = PictureOverlayTests.Recorder()
        var output = PictureOverlayTests.output
        output.mode = .sixel
        var clock = 0.0
        let overlay = PictureOverlay(
            output: output, writer: recorder, pixels: PictureOverlayTests.image, frames: Self.frames(3), schedule: Self.atOnce, now: { clock })
        var repainted: [Rect] = []
        overlay.repaint = { repainted.append($0) }
        func frame(_ n: Int, playing: Bool = true) -> PicturePlacement { Self.clip(frame: n, playing: playing) }
        overlay.show(frame(0))
        #expect(recorder.writes.count == 1 && recorder.writes[0].contains("\u{1B}Pq"), "placed: the first frame")
        clock = 1
        overlay.show(frame(1))
        #expect(recorder.writes.count == 2 && recorder.writes[1].hasPrefix("\u{1B}7\u{1B}[2;2H\u{1B}Pq"), "frame 1 over it, at the box")
        #expect(recorder.writes[1] != recorder.writes[0], "another frame's pixels")
        #expect(repainted.isEmpty, "no repaint between frames")
        overlay.show(frame(1))
        overlay.show(frame(1, playing: false))
        #expect(recorder.writes.count == 2, "the same frame, or paused on it: nothing")
        clock = 2
        overlay.show(frame(4))
        #expect(recorder.writes.count == 2, "frame 4 of a 3-frame loop is frame 1, already shown")
        // Help covers the feed: the lines are repainted once; back, the first frame is placed
        // again and the next due frame follows.
        overlay.show(nil)
        #expect(repainted == [Self.box])
        clock = 3
        overlay.show(frame(2))
        #expect(recorder.writes.suffix(2).map { $0 == recorder.writes[0] } == [true, false], "placed again, then frame 2")
        #expect(overlay.droppedFrames == 0)
    }

    /// A sixel clip's frames share one palette made for all of them (a register holds the same
    /// colour in every frame: no palette flicker), and each frame defines only what it uses.
    @Test func sixelFramesOfAClipShareOnePalette() throws {
        let recorder = PictureOverlayTests.Recorder()
        var output = PictureOverlayTests.output
        output.mode = .sixel
        var clock = 0.0
        // Three frames of two colours each: red and one of blue, green, white.
        let frames: @Sendable (PicturePlacement, CellPixels) -> [PictureFrame]? = { _, _ in
            [RGB(0, 0, 255), RGB(0, 255, 0), RGB(255, 255, 255)].map { other in
                var image = RGBImage(width: 12, height: 12, fill: RGB(255, 0, 0))
                for x in 6..<12 { for y in 0..<12 { image[x, y] = other } }
                return PictureFrame(image: image, delay: .milliseconds(100))
            }
        }
        let overlay = PictureOverlay(
            output: output, writer: recorder, pixels: PictureOverlayTests.image, frames: frames, schedule: Self.atOnce, now: { clock })
        overlay.show(Self.clip(frame: 0))
        var definitions: [Int: String] = [:]
        for n in 1...3 {
            clock = Double(n)
            overlay.show(Self.clip(frame: n % 3))
            let sixel = try #require(recorder.writes.last)
            for match in sixel.matches(of: /#(\d+);2;(\d+;\d+;\d+)/) {
                let register = Int(match.1)!, colour = String(match.2)
                #expect(definitions[register, default: colour] == colour, "register \(register) is one colour in every frame")
                definitions[register] = colour
            }
        }
        #expect(Set(definitions.values) == ["100;0;0", "0;0;100", "0;100;0", "100;100;100"], "\(definitions)")
    }

    @Test func sixelFramesTheBudgetCannotPayForAreDroppedNotQueued() {
        let recorder = PictureOverlayTests.Recorder()
        var output = PictureOverlayTests.output
        output.mode = .sixel
        var clock = 0.0
        let overlay = PictureOverlay(
            output: output, writer: recorder, pixels: PictureOverlayTests.image, frames: Self.frames(30), schedule: Self.atOnce, now: { clock })
        overlay.budget = ByteBudget(bytesPerSecond: 300)
        // 10 s of a clip due at 25 fps.
        var due = 0
        for tick in 0..<250 {
            clock = Double(tick) / 25
            var clip = Self.clip()
            clip.frame = due
            overlay.show(clip)
            due += 1
        }
        let bytes = recorder.writes.reduce(0) { $0 + $1.utf8.count }
        let largest = recorder.writes.map(\.utf8.count).max() ?? 0
        #expect(bytes <= 300 * 10 + 150 + largest, "\(bytes) bytes in 10 s: within the rate, half a second saved and one frame of debt")
        #expect(overlay.droppedFrames > 0 && recorder.writes.count > 2, "some frames go, the rest are dropped: \(recorder.writes.count) written")
        #expect(recorder.writes.count + overlay.droppedFrames <= 251, "never more writes than frames due: nothing queued")
    }

    @Test func reducedMotionInSixelShowsTheFirstFrameOnly() {
        let recorder = PictureOverlayTests.Recorder()
        var output = PictureOverlayTests.output
        output.mode = .sixel
        let overlay = PictureOverlay(output: output, writer: recorder, pixels: PictureOverlayTests.image, frames: Self.frames(3), schedule: Self.atOnce)
        var still = Self.clip()
        still.animates = false
        overlay.show(still)
        #expect(recorder.writes.count == 1)
    }

    /// iTerm2 (OSC 1337) goes the sixel way: no ids, written at the box, its frames written over
    /// it by the app; the PNG is scaled by the terminal to exactly the box's cells.
    @Test func iTerm2PicturesAreInlineImagesAtTheBoxAndItsFramesFollow() throws {
        let recorder = PictureOverlayTests.Recorder()
        var output = PictureOverlayTests.output
        output.mode = .iterm
        var clock = 0.0
        let overlay = PictureOverlay(
            output: output, writer: recorder, pixels: PictureOverlayTests.image, frames: Self.frames(3), schedule: Self.atOnce, now: { clock })
        var repainted: [Rect] = []
        overlay.repaint = { repainted.append($0) }
        overlay.show(Self.clip())
        let first = try #require(recorder.writes.first)
        #expect(first.hasPrefix("\u{1B}7\u{1B}[2;2H\u{1B}]1337;File=inline=1;size="), "\(first.prefix(60))")
        #expect(first.contains(";width=24;height=21;preserveAspectRatio=0:") && first.hasSuffix("\u{07}\u{1B}8"))
        // The payload is a PNG.
        let base64 = first.split(separator: ":", maxSplits: 1)[1].dropLast(3)
        let png = try #require(Data(base64Encoded: String(base64)))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        clock = 1
        var next = Self.clip()
        next.frame = 1
        overlay.show(next)
        #expect(recorder.writes.count == 2 && recorder.writes[1].contains("]1337;File=inline=1") && repainted.isEmpty)
        overlay.show(nil)
        #expect(repainted == [Self.box], "covered: its lines are repainted")
    }

    @Test func theFrameBudgetIs120KBpsAt80x24And250At120x40LessTheTextsShare() {
        #expect(FrameBudget.bytesPerSecond(screenCells: 80 * 24) == 0.9 * 120_000)
        #expect(FrameBudget.bytesPerSecond(screenCells: 120 * 40) == 0.9 * 250_000)
        #expect(FrameBudget.bytesPerSecond(screenCells: 40 * 12) == 0.9 * 120_000)
        #expect(FrameBudget.bytesPerSecond(screenCells: 200 * 60) == 0.9 * 250_000)
        let between = FrameBudget.bytesPerSecond(screenCells: 100 * 32)
        #expect(between > 0.9 * 120_000 && between < 0.9 * 250_000)
    }
}

/// An animated clip's first picture is its first frame alone; the other frames are made away
/// from the run loop and follow (issue 14: kitty's first picture waited about 250 ms for all 30
/// frames to be decoded, fitted and compressed).
struct FirstPictureTests {
    static let id = 1381171201
    static func clip(_ path: String = "/media/a.gif", frame: Int = 0, playing: Bool = true) -> PicturePlacement {
        PictureAnimationTests.clip(path, frame: frame, playing: playing)
    }

    /// A schedule that keeps the work until the test runs it.
    final class Later: @unchecked Sendable {
        var jobs: [@Sendable () -> Void] = []
        var schedule: PictureOverlay.Schedule { { self.jobs.append($0) } }
        func runAll() {
            let now = jobs
            jobs = []
            now.forEach { $0() }
        }
    }

    static func overlay(_ mode: GraphicsMode = .kitty, later: Later, recorder: PictureOverlayTests.Recorder, clock: @escaping () -> Double = { 0 })
        -> PictureOverlay
    {
        var output = PictureOverlayTests.output
        output.mode = mode
        return PictureOverlay(
            output: output, writer: recorder, pixels: PictureOverlayTests.image, frames: PictureAnimationTests.frames(3),
            schedule: later.schedule, now: clock)
    }

    @Test func kittyPlacesTheRootFrameAtOnceAndSendsTheRestOfTheLoopWhenMade() {
        let recorder = PictureOverlayTests.Recorder(), later = Later()
        let overlay = Self.overlay(later: later, recorder: recorder)
        overlay.show(Self.clip())
        let first = recorder.writes.joined()
        #expect(first.contains("a=t,f=24,s=2,v=2,i=\(Self.id)") && first.contains("a=p,i=\(Self.id)"), "the first frame, placed")
        #expect(!first.contains("a=f,") && !first.contains("a=a,"), "no other frame and no loop yet: \(first)")
        #expect(later.jobs.count == 1)
        overlay.show(Self.clip())
        #expect(later.jobs.count == 1, "asked once")
        #expect(!overlay.collect(), "nothing made yet")
        later.runAll()
        let before = recorder.writes.count
        #expect(overlay.collect())
        let rest = recorder.writes[before...].joined()
        #expect(PictureAnimationTests.count("a=f,", in: rest) == 2, "frames 2 and 3")
        #expect(rest.contains("\u{1B}_Ga=a,i=\(Self.id),r=1,z=80,q=2"), "the root frame's delay")
        #expect(rest.hasSuffix("\u{1B}_Ga=a,i=\(Self.id),s=3,v=1,q=2\u{1B}\\\u{1B}8"), "then the loop runs")
        #expect(!rest.contains("a=t,"), "the root is not sent again")
        overlay.show(Self.clip(playing: false))
        #expect(recorder.writes.last == "\u{1B}7\u{1B}_Ga=a,i=\(Self.id),s=1,q=2\u{1B}\\\u{1B}8", "and is controlled as before")
    }

    @Test func pausedOrCoveredWhileTheFramesAreMadeTheLoopArrivesStoppedOrUnstarted() {
        let recorder = PictureOverlayTests.Recorder(), later = Later()
        let overlay = Self.overlay(later: later, recorder: recorder)
        overlay.show(Self.clip())
        overlay.show(Self.clip(playing: false))
        later.runAll()
        overlay.collect()
        #expect(recorder.writes.last?.hasSuffix("\u{1B}_Ga=a,i=\(Self.id),s=1,q=2\u{1B}\\\u{1B}8") == true, "paused: sent stopped")

        let covered = PictureOverlayTests.Recorder(), later2 = Later()
        let other = Self.overlay(later: later2, recorder: covered)
        other.show(Self.clip())
        other.show(nil)  // help over the feed
        later2.runAll()
        other.collect()
        #expect(PictureAnimationTests.count("a=f,", in: covered.writes.joined()) == 2, "the frames go: the clip is held")
        #expect(!covered.writes.last!.contains("s=3"), "not started under the help page")
        other.show(Self.clip())
        #expect(covered.writes.last!.contains("a=p,i=\(Self.id)") && covered.writes.last!.contains("s=3,v=1"), "back: placed and started")
    }

    @Test func framesOfAClipLetGoMeanwhileAreNotSent() {
        let recorder = PictureOverlayTests.Recorder(), later = Later()
        let overlay = Self.overlay(later: later, recorder: recorder)
        overlay.show(Self.clip())
        overlay.show(Self.clip("/media/b.gif"))
        overlay.show(Self.clip("/media/c.gif"))  // frees a.gif (two held)
        later.runAll()
        overlay.collect()
        let sent = recorder.writes.joined()
        #expect(!sent.contains("a=f,f=24,s=2,v=2,i=\(Self.id),"), "a.gif was freed: its frames are dropped")
        #expect(sent.contains("a=f,f=24,s=2,v=2,i=\(Self.id + 1),"), "b.gif is still held")
        #expect(sent.hasSuffix("\u{1B}_Ga=a,i=\(Self.id + 2),s=3,v=1,q=2\u{1B}\\\u{1B}8"), "c.gif, on screen, runs")
        #expect(!sent.contains("a=a,i=\(Self.id + 1),s=3"), "b.gif, not on screen, is not started")
    }

    /// The first frame decodes but the rest cannot be made (a file damaged after its first
    /// frame, replaced meanwhile): the first frame stays, as a still, with no loop control.
    @Test func aClipWhoseOtherFramesCannotBeMadeStaysItsFirstFrame() {
        for mode in [GraphicsMode.kitty, .sixel] {
            let recorder = PictureOverlayTests.Recorder()
            var output = PictureOverlayTests.output
            output.mode = mode
            var clock = 0.0
            let overlay = PictureOverlay(
                output: output, writer: recorder, pixels: PictureOverlayTests.image, frames: { _, _ in nil },
                schedule: PictureAnimationTests.atOnce, now: { clock })
            overlay.show(Self.clip())
            clock = 1
            // kitty is always asked for frame 0 (the terminal plays the loop); sixel for the frame due.
            overlay.show(Self.clip(frame: mode == .kitty ? 0 : 1))
            overlay.show(Self.clip(frame: mode == .kitty ? 0 : 2, playing: false))
            let sent = recorder.writes.joined()
            #expect(recorder.writes.count == 1, "\(mode): the first picture only")
            #expect(!sent.contains("a=f,") && !sent.contains("a=a,"), "\(mode): no frames, no control")
        }
    }

    @Test func aNewCellSizeDropsFramesMadeForTheOldOne() {
        let recorder = PictureOverlayTests.Recorder(), later = Later()
        let overlay = Self.overlay(.sixel, later: later, recorder: recorder, clock: { 5 })
        overlay.show(Self.clip())
        overlay.show(Self.clip())  // asks for the frames
        overlay.cellPixelsChanged(to: CellPixels(width: 12, height: 24))
        later.runAll()
        overlay.collect()
        overlay.unplace()
        overlay.show(Self.clip())
        let before = recorder.writes.count
        overlay.show(Self.clip(frame: 1))
        #expect(recorder.writes.count == before, "the old size's frames were not used")
        #expect(later.jobs.count == 1, "the frames are made again for the new size")
    }

    @Test func sixelHoldsTheFirstFrameUntilTheOthersAreMadeThenPlaysWhatIsDue() {
        let recorder = PictureOverlayTests.Recorder(), later = Later()
        var clock = 0.0
        let overlay = Self.overlay(.sixel, later: later, recorder: recorder, clock: { clock })
        func frame(_ n: Int) -> PicturePlacement { Self.clip(frame: n) }
        overlay.show(frame(0))
        #expect(recorder.writes.count == 1 && recorder.writes[0].contains("\u{1B}Pq"), "the first frame at once")
        clock = 1
        overlay.show(frame(1))
        overlay.show(frame(2))
        #expect(recorder.writes.count == 1, "nothing to write over it yet")
        #expect(later.jobs.count == 1, "the frames asked for once")
        later.runAll()
        overlay.collect()
        overlay.show(frame(2))
        #expect(recorder.writes.count == 2 && recorder.writes[1].hasPrefix("\u{1B}7\u{1B}[2;2H\u{1B}Pq"), "frame 2, when due")
    }

    /// The app's own schedule: a thread makes the frames and the wake descriptor turns readable.
    @Test func theOverlaysThreadMakesTheFramesAndWakesThePoll() throws {
        let recorder = PictureOverlayTests.Recorder()
        // The frames are made only once `show` has returned, as with a real decode.
        let shown = DispatchSemaphore(value: 0)
        let overlay = PictureOverlay(
            output: PictureOverlayTests.output, writer: recorder, pixels: PictureOverlayTests.image,
            frames: { picture, cell in
                shown.wait()
                return PictureAnimationTests.frames(3)(picture, cell)
            })
        let fd = try #require(overlay.wakeDescriptor)
        overlay.show(Self.clip())
        #expect(!recorder.writes.joined().contains("a=f,"))
        shown.signal()
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&entry, 1, 10_000) == 1, "woken when the frames are made")
        #expect(overlay.collect())
        #expect(PictureAnimationTests.count("a=f,", in: recorder.writes.joined()) == 2)
        entry.revents = 0
        #expect(poll(&entry, 1, 0) == 0, "the wake is drained")
    }

    /// With the real loaders, the first frame decoded alone is exactly the whole decode's first
    /// frame, so the loop kitty plays has no seam at its root.
    @Test func theFirstFrameDecodedAloneIsTheWholeDecodesFirstFrame() throws {
        let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets/media")
        for file in ["claw-clip.gif", "anc-headphones.gif"] {
            for box in [Rect(x: 1, y: 1, width: 24, height: 21), Rect(x: 2, y: 2, width: 60, height: 44)] {
                let picture = PicturePlacement(
                    rect: box, path: media.appendingPathComponent(file).path, frame: 0, background: RGB(10, 20, 30), animates: true,
                    playing: true)
                let cell = CellPixels(width: 9, height: 18)
                let first = try #require(PictureOverlay.loadPixels(picture, cellPixels: cell))
                let all = try #require(PictureOverlay.loadFrames(picture, cellPixels: cell))
                #expect(all.count > 1)
                #expect(first == all[0].image, "\(file) in \(box.width)x\(box.height)")
            }
        }
    }
}
