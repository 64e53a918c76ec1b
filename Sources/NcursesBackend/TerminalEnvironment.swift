import CNcursesw
import Foundation
import ShopUI

/// Checks made before ncurses touches the terminal, so a bad set-up gets a clear message and
/// a non-zero exit instead of a garbled screen.
enum TerminalEnvironment {
    /// Fails unless stdin and stdout are terminals and TERM names a terminal with a terminfo entry
    /// that can address the cursor.
    static func check(environment: [String: String]) throws(TerminalError) -> String {
        guard isatty(0) == 1 else {
            throw TerminalError(
                "Reelshop needs an interactive terminal, but standard input is not one. Run it in a terminal (over SSH: ssh -t), or use `reelshop cart …` from scripts."
            )
        }
        guard isatty(1) == 1 else {
            throw TerminalError("Reelshop needs an interactive terminal, but standard output is not one (is it redirected?).")
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            throw TerminalError("TERM is not set, so Reelshop cannot tell what this terminal can do. Set it, e.g. TERM=xterm-256color.")
        }
        if term == "dumb" || term == "unknown" {
            throw TerminalError("TERM=\(term) cannot show a full-screen storefront. Use a real terminal type, e.g. TERM=xterm-256color.")
        }
        var status: Int32 = 0
        let found = term.withCString { setupterm($0, 1, &status) }
        guard found == rs_ok() else {
            if status == -1 {
                throw TerminalError("No terminfo database was found, so TERM=\(term) cannot be looked up. Install ncurses-base/ncurses-term.")
            }
            throw TerminalError("Unknown terminal type \"\(term)\" (no terminfo entry). Try TERM=xterm-256color.")
        }
        let addressable = tigetstr("cup").map { Int(bitPattern: $0) > 0 } ?? false
        rs_free_current_terminal()
        guard addressable else {
            throw TerminalError("TERM=\(term) cannot move the cursor, which a full-screen storefront needs. Use e.g. TERM=xterm-256color.")
        }
        return term
    }

    /// True when the locale's character set is UTF-8 (after `setlocale(LC_ALL, "")`).
    static func localeIsUTF8() -> Bool {
        guard let codeset = rs_codeset() else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// The colour capability: `NO_COLOR` wins, then what the terminal reports.
    static func capability(environment: [String: String], colors: Int32, hasColors: Bool) -> ColorCapability {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        guard hasColors else { return .monochrome }
        if colors >= 256 { return .ansi256 }
        if colors >= 16 { return .ansi16 }
        if colors >= 8 { return .ansi8 }
        return .monochrome
    }
}
