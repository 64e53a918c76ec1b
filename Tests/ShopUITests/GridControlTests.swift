import ShopCore
import Testing
@testable import ShopUI

/// The screen drops what `TerminalText.isControl` calls a control, in Unicode and in ASCII.
@Suite struct GridControlTests {
    static let hostile = "A\u{1B}]52;c;aGk=\u{07}B\u{9B}C\u{7F}D\u{0}E"

    @Test(arguments: [false, true])
    func controlsNeverReachACell(asciiOnly: Bool) {
        var grid = Grid(width: 40, height: 1, asciiOnly: asciiOnly)
        grid.put(Self.hostile, x: 0, y: 0)
        let line = grid.lines[0]
        #expect(!line.unicodeScalars.contains(where: TerminalText.isControl), "\(line.debugDescription)")
        #expect(line.hasPrefix("A]52;c;aGk=BCDE"), "\(line.debugDescription)")
    }
}
