import Foundation
import ShopMedia
import ShopUI
import Testing
@testable import NcursesBackend

/// The real ncurses backend in kitty mode writing into a file: the picture follows ncurses'
/// update, and quitting deletes it while still on the alternate screen. (kitty itself drops a
/// picture when the alternate screen is left, so a screenshot after `q` cannot tell whether the
/// storefront cleaned up; these bytes can.) In NcursesSmokeTests' serialized suite: ncurses
/// keeps global state.
extension NcursesSmokeTests {
    @Test func kittyModeWritesThePictureAfterTheUpdateAndDeletesItBeforeLeaving() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ncurses-picture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("red.png")
        try PNGEncoder.encode(RGBImage(width: 9, height: 16, fill: RGB(215, 0, 0))).write(to: png)
        let log = dir.appendingPathComponent("out.bin")
        let input = try #require(fopen("/dev/null", "r"))
        let output = try #require(fopen(log.path, "w"))
        defer { fclose(input); fclose(output) }
        let pixels = PixelOutput(mode: .kitty, detected: .kitty, passthrough: false, cellPixels: CellPixels(width: 9, height: 18))
        let terminal = try NcursesTerminal(
            term: "xterm-256color", input: input, output: output,
            inputDescriptor: fileno(input), environment: [:], pixels: pixels)
        #expect(terminal.graphics == GraphicsStatus(active: .kitty, detected: .kitty))
        var grid = Grid(width: terminal.size.width, height: terminal.size.height)
        grid.put("text", x: 30, y: 2)
        grid.picture = PicturePlacement(rect: Rect(x: 1, y: 1, width: 24, height: 21), path: png.path, frame: 0, background: RGB(0, 0, 0))
        terminal.draw(grid)
        terminal.draw(grid)
        terminal.close()
        let bytes = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        func position(_ s: String) -> String.Index? { bytes.range(of: s)?.lowerBound }
        let text = try #require(position("text"))
        let transmit = try #require(position("\u{1B}_Ga=t,f=24,s=216,v=378,"), "the picture at the box's pixels (24x21 cells of 9x18)")
        let place = try #require(position("\u{1B}[2;2H\u{1B}_Ga=p,"))
        let delete = try #require(position("\u{1B}_Ga=d,d=I,"))
        #expect(text < transmit && transmit < place && place < delete, "text first, then the picture, the delete last")
        // At exit an ST comes first, on its own: a write cut short (a hang-up mid-chunk) must
        // not leave the terminal inside an APC that would swallow the delete.
        let exitBytes = bytes[bytes.index(after: place)...]
        let end = try #require(exitBytes.range(of: "\u{1B}\\\u{1B}7\u{1B}_Ga=d,d=I,")?.lowerBound, "ST before the exit's delete")
        #expect(end < delete)
        #expect(bytes.components(separatedBy: "a=t,").count == 2, "an unchanged picture is sent once")
        if let leave = bytes.range(of: "\u{1B}[?1049l", options: .backwards)?.lowerBound {
            #expect(delete < leave, "deleted while still on the alternate screen")
        }
    }

    @Test func cellsModeWritesNoPictureBytes() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ncurses-cells-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: log) }
        let input = try #require(fopen("/dev/null", "r"))
        let output = try #require(fopen(log.path, "w"))
        defer { fclose(input); fclose(output) }
        let terminal = try NcursesTerminal(
            term: "xterm-256color", input: input, output: output,
            inputDescriptor: fileno(input), environment: [:])
        #expect(terminal.graphics == .cells)
        var grid = Grid(width: terminal.size.width, height: terminal.size.height)
        grid.picture = PicturePlacement(rect: Rect(x: 1, y: 1, width: 24, height: 21), path: "/nonexistent.png", frame: 0, background: RGB(0, 0, 0))
        terminal.draw(grid)
        terminal.close()
        #expect(!String(decoding: try Data(contentsOf: log), as: UTF8.self).contains("\u{1B}_G"))
    }
}
