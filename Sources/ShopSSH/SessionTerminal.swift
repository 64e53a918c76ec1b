/// The terminal a visitor asked for, made safe to hand to the storefront's child process.
///
/// Everything here arrives from the network (the `pty-req`, `env` and `window-change` requests),
/// so it is checked before it reaches `execve` or `TIOCSWINSZ`: TERM must look like a terminfo
/// name (ncurses opens a file by that name), the size stays within what a screen can be (a
/// 65535x65535 request would have ncurses allocate billions of cells), and environment values
/// carry no control characters. Pure and Foundation-free, so it is fuzzed on its own.
struct SessionTerminal: Sendable, Equatable {
    /// What a session gets when it names no usable terminal.
    static let fallbackTerm = "xterm-256color"
    /// The largest screen side accepted; bigger requests are cut down to it.
    static let maxSide = 1000
    /// Longest TERM or environment value passed on.
    static let maxValueLength = 256

    var term: String
    var columns: Int
    var rows: Int

    /// `requestedTerm` comes from the pty request, `environmentTerm` from an earlier `env TERM=...`.
    init(requestedTerm: String, environmentTerm: String?, columns: Int, rows: Int) {
        term = Self.usableTerm(requestedTerm) ?? environmentTerm.flatMap(Self.usableTerm) ?? Self.fallbackTerm
        self.columns = Self.clampedSide(columns)
        self.rows = Self.clampedSide(rows)
    }

    /// A terminal side between 1 and `maxSide`.
    static func clampedSide(_ value: Int) -> Int { min(max(value, 1), maxSide) }

    /// The name if it could be a terminfo entry (letters, digits, `.+-_`), else nil.
    static func usableTerm(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64, !name.hasPrefix("."),
            name.unicodeScalars.allSatisfy({ $0.isASCII && (isAlphanumeric($0) || "._+-".unicodeScalars.contains($0)) })
        else { return nil }
        return name
    }

    /// Whether an `env` request may set this variable for the child: only the terminal and
    /// locale (TERM, LANG, LC_*), with a short value free of control characters.
    static func allowsEnvironment(name: String, value: String) -> Bool {
        guard name == "TERM" || name == "LANG" || name.hasPrefix("LC_") else { return false }
        guard name.unicodeScalars.allSatisfy({ isAlphanumeric($0) || $0 == "_" }) else { return false }
        return value.utf8.count <= maxValueLength
            && value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value) }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
