import ShopCore

/// Makes text safe to put in one terminal cell per grapheme, in Unicode or plain ASCII.
public enum TextSanitizer {
    /// The grapheme a cell shows, or nil to skip it (control characters, lone joiners).
    /// What counts as a control is `TerminalText.isControl`, the test the command line's output
    /// uses too (a control always stands alone as a grapheme, so its first scalar decides).
    ///
    /// Emoji sequences joined with U+200D and variation selectors are shown as their first
    /// scalar: terminals disagree on how wide the joined forms are, which would shift the line.
    public static func cell(_ character: Character, ascii: Bool) -> String? {
        let scalars = Array(character.unicodeScalars)
        guard let first = scalars.first else { return nil }
        if TerminalText.isControl(first) { return nil }
        if ascii { return asciiStandIn(character) }
        if TextWidth.of(first) == 0 { return nil }
        var kept = String(first)
        for scalar in scalars.dropFirst() {
            if scalar.value == 0x200D { break }  // a joined emoji sequence: keep its first part
            if (0xFE00...0xFE0F).contains(scalar.value) || (0x1F3FB...0x1F3FF).contains(scalar.value) { continue }
            if TextWidth.of(scalar) == 0 { kept.unicodeScalars.append(scalar) }
        }
        return kept
    }

    /// Plain ASCII for a grapheme: letters lose their accents, common punctuation is spelled
    /// out, and anything else (emoji, symbols) becomes nothing.
    public static func asciiStandIn(_ character: Character) -> String? {
        // ESC and DEL are ASCII too (Grid calls this directly for an ASCII-only screen).
        if let first = character.unicodeScalars.first, TerminalText.isControl(first) { return nil }
        if character.isASCII { return String(character) }
        switch character {
        case "‘", "’", "′": return "'"
        case "“", "”", "″": return "\""
        case "–", "—", "‒", "−": return "-"
        case "…": return "..."
        case "·", "•": return "-"
        case "×": return "x"
        case "°": return "o"
        case "€": return "EUR"
        case "£": return "GBP"
        case "¥": return "JPY"
        case "\u{00A0}": return " "
        default: break
        }
        let decomposed = String(character).decomposedStringWithCanonicalMapping
        let ascii = String(String.UnicodeScalarView(decomposed.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }))
        return ascii.isEmpty ? nil : ascii
    }
}
