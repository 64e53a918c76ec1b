import ShopMedia
import Testing
@testable import TerminalGraphics

/// The cell size pictures are fitted with must be the terminal's real one: kitty scales the
/// picture to the cell box, so a box computed with another cell shape distorts it.
struct CellPixelsChoiceTests {
    /// Inside tmux the pane's TIOCGWINSZ carries tmux's idea of the cell (16x32, its default
    /// when it does not know): a 1:2 cell. kitty outside, with Noto Sans Mono, answered 9x19
    /// through passthrough; fitting for 16x32 drew the 24x21-cell clip 213 pixels wide where
    /// 224 keep its 9:16 shape (5 % narrower, wider bars).
    @Test func theTerminalsOwnAnswerWinsOverTheWindowSize() {
        let chosen = CellPixelsChoice.choose(window: CellPixels(width: 16, height: 32), replied: CellPixels(width: 9, height: 19))
        #expect(chosen.pixels == CellPixels(width: 9, height: 19))
        #expect(chosen.source == "CSI 16 t")
        // What that means on the screen: the picture fitted into the chosen box, shown by kitty
        // in 24x21 cells of 9x19 pixels, keeps the 9:16 shape within a pixel.
        let box = PixelRenderer.boundedBox(CellSize(width: 24, height: 21), chosen.pixels)
        let image = RGBAImage(width: 540, height: 960, fill: RGB(255, 255, 255), alpha: 255)
        let fitted = AreaScaler.fit(image, intoPixels: box, pixelAspect: 1, background: RGB(0, 0, 0))
        let litColumns = (0..<fitted.width).filter { fitted.pixels[((fitted.height / 2) * fitted.width + $0) * 3] > 128 }.count
        let litRows = (0..<fitted.height).filter { fitted.pixels[($0 * fitted.width + fitted.width / 2) * 3] > 128 }.count
        // kitty stretches the box's pixels onto 24x21 real cells.
        let shownWidth = Double(litColumns) * Double(24 * 9) / Double(box.width)
        let shownHeight = Double(litRows) * Double(21 * 19) / Double(box.height)
        #expect(abs(shownWidth / shownHeight - 9.0 / 16.0) < 0.01, "shown \(shownWidth) x \(shownHeight) pixels")
    }

    @Test func withoutAnAnswerTheWindowSizeThenTheFallback() {
        let window = CellPixelsChoice.choose(window: CellPixels(width: 9, height: 18), replied: nil)
        #expect(window.pixels == CellPixels(width: 9, height: 18) && window.source == "TIOCGWINSZ")
        let neither = CellPixelsChoice.choose(window: nil, replied: nil)
        #expect(neither.pixels == .fallback && neither.source == "fallback")
    }
}
