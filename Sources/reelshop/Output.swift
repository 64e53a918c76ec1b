import Foundation
import ShopCore

/// Everything a command writes for a person goes through here, so text from a catalog, a state
/// file or an argument reaches the terminal as text, never as a command to it: every control
/// character but newline and tab is shown as a visible escape (`TerminalText`, whose test for a
/// control the screen's `Grid` uses too). JSON keeps its values whole, escaped per JSON.
///
/// Writes go straight to the descriptor (no buffering), so stdout and stderr keep their order and
/// a line of `accounts link` shows while it waits.
enum Output {
    /// A line (or lines) on stdout.
    static func line(_ text: String) {
        write(TerminalText.printableLines(text) + "\n", to: .standardOutput)
    }

    /// Text on stdout as it is (it ends its own lines).
    static func text(_ text: String) {
        write(TerminalText.printableLines(text), to: .standardOutput)
    }

    /// "reelshop: <message>" on stderr.
    static func error(_ message: String) {
        write("reelshop: " + TerminalText.printableLines(message) + "\n", to: .standardError)
    }

    /// Lines on stderr as they are (a report with its own heading, e.g. a catalog's problems).
    static func errorLines(_ text: String) {
        write(TerminalText.printableLines(text) + "\n", to: .standardError)
    }

    /// A value as pretty-printed JSON on stdout: C0 controls escaped by the encoder, DEL and C1
    /// by `TerminalText.jsonForTerminal`; the value decodes back to exactly what was encoded.
    static func json<T: Encodable>(_ value: T) throws {
        write(TerminalText.jsonForTerminal(try jsonText(value)) + "\n", to: .standardOutput)
    }

    static func jsonText<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Raw bytes for a terminal on purpose (`media render`'s colour escapes): the only output
    /// that is not sanitized, and it holds no text from outside.
    static func terminalBytes(_ text: String) {
        write(text, to: .standardOutput)
    }

    /// Raw bytes for a terminal on purpose (`media render`'s pixel escapes).
    static func terminalBytes(_ bytes: [UInt8]) {
        try? FileHandle.standardOutput.write(contentsOf: Data(bytes))
    }

    /// A closed or broken stdout (or a descriptor that is not one any more) loses the output
    /// and never traps: the throwing write, with its error dropped.
    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

/// A value from a catalog or a state file inside a line of output: on one line, every control
/// character visible (`\u{1B}`), so it can neither act on the terminal nor fake a line.
func shown(_ text: String) -> String { TerminalText.printable(text) }
