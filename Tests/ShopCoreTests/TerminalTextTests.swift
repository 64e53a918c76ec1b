import Foundation
import Testing
import ShopCore

/// Text from a catalog or a state file made safe for a terminal (issue 11): the one sanitiser
/// every command and the screen's `Grid` share.
@Suite struct TerminalTextTests {
    @Test func controlsAreC0DelAndC1() {
        for value in Array(0x00...0x1F) + [0x7F] + Array(0x80...0x9F) {
            #expect(TerminalText.isControl(Unicode.Scalar(UInt32(value))!), "U+\(String(value, radix: 16))")
        }
        // Bidirectional overrides and isolates reorder what follows on the line ("Trojan source").
        for value in [0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069] {
            #expect(TerminalText.isControl(Unicode.Scalar(UInt32(value))!), "U+\(String(value, radix: 16))")
        }
        #expect(TerminalText.printable("price \u{202E}99.0$") == #"price \u{202E}99.0$"#)
        for scalar in ["a", " ", "~", "\u{A0}", "é", "€", "…", "😮", "\u{200D}", "\u{200C}", "\u{FE0F}", "\u{2027}", "\u{206A}"] as [Unicode.Scalar] {
            #expect(!TerminalText.isControl(scalar), "\(scalar)")
        }
    }

    @Test func printableShowsEveryControlVisibly() {
        let osc52 = "Clip\u{1B}]52;c;aGk=\u{07}\u{9B}31m\u{7F}\nend\t."
        #expect(TerminalText.printable(osc52) == #"Clip\u{1B}]52;c;aGk=\u{7}\u{9B}31m\u{7F}\u{A}end\u{9}."#)
        #expect(TerminalText.printable("Matte Claw Clip 4-Pack · 😮") == "Matte Claw Clip 4-Pack · 😮")
        // "\r\n" is one Character but two controls.
        #expect(TerminalText.printable("a\r\nb") == #"a\u{D}\u{A}b"#)
    }

    @Test func printableLinesKeepsLineBreaksAndTabs() {
        #expect(TerminalText.printableLines("one\n\ttwo\u{1B}[2J\n") == "one\n\ttwo\\u{1B}[2J\n")
        #expect(TerminalText.printableLines("a\rb") == #"a\u{D}b"#, "a carriage return could overwrite the line")
    }

    @Test func jsonForTerminalEscapesDelAndC1AndStaysTheSameJSON() throws {
        let title = "Clip \u{1B}]8;;x\u{1B}\\ \u{9B}31m \u{9D}0;t\u{9C} \u{7F} é 😮"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let raw = String(decoding: try encoder.encode(["title": title]), as: UTF8.self)
        let safe = TerminalText.jsonForTerminal(raw)
        #expect(!safe.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" }, "\(safe.debugDescription)")
        #expect(safe.contains("\\u009b31m") && safe.contains("\\u007f"), "\(safe)")
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(safe.utf8))
        #expect(decoded["title"] == title, "the value is not mangled")
    }
}
