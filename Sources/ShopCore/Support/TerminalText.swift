/// Text from outside the program (a catalog, a state file, an argument) made safe to write to a
/// terminal.
///
/// A title holding ESC, an OSC 52 or OSC 8 sequence or a C1 control would otherwise reach the
/// terminal as a command: set the clipboard, plant a link, retitle the window, move the cursor
/// over earlier lines. The screen (`Grid`) drops such characters from its cells; the command line
/// shows them as visible escapes such as `\u{1B}`, so a user can see what the catalog holds.
/// Both decide what is a control with `isControl`.
public enum TerminalText {
    /// True for a scalar a terminal acts on instead of showing: C0 controls (U+0000-U+001F,
    /// newline and tab included), DEL and the C1 controls (U+0080-U+009F: a UTF-8 terminal may
    /// read U+009B as CSI, U+009D as OSC); also the bidirectional overrides, embeddings and
    /// isolates (U+202A-U+202E, U+2066-U+2069), which reorder the rest of a line as it is shown,
    /// and the line and paragraph separators (U+2028, U+2029). Each stands alone as a grapheme.
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        return v >= 0x2028 && ((0x2028...0x2029).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v))
    }

    /// `text` with every control character written as a visible escape (`\u{1B}`), on one line:
    /// newlines and tabs are escaped too. For a value inside a message or a table row.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` (a whole message, possibly of several lines) safe to print: line breaks and tabs
    /// stay, every other control character is written as a visible escape.
    public static func printableLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) && scalar != "\n" && scalar != "\t" {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// JSON text (from `JSONEncoder`) with DEL, the C1 controls and the bidirectional and
    /// separator characters above written as `\u007f`, `\u202e`... escapes. JSONEncoder escapes only U+0000-U+001F, as JSON requires; the rest would reach a
    /// terminal raw. The result is the same JSON value: these characters occur only inside
    /// strings, where an escape means the character itself.
    public static func jsonForTerminal(_ json: String) -> String {
        // Not U+0000-U+001F: JSONEncoder has escaped those inside strings, and outside them
        // they are the layout's own newlines.
        let raw = { (scalar: Unicode.Scalar) in scalar.value >= 0x7F && isControl(scalar) }
        guard json.unicodeScalars.contains(where: raw) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if raw(scalar) {
                out.append(contentsOf: jsonEscape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    private static func jsonEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
