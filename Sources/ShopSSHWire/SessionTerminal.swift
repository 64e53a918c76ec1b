/// The terminal a visitor asked for, made safe to hand to the storefront's child process.
///
/// Everything here arrives from the network (the `pty-req`, `env` and `window-change` requests),
/// so it is checked before it reaches `execve` or `TIOCSWINSZ`: TERM must look like a terminfo
/// name (ncurses opens a file by that name), the size stays within what a screen can be (a
/// 10000x10000 request would have the storefront allocate hundreds of MB of cells), environment
/// values carry no control characters, and locale values are locale names (glibc loads a locale
/// named with a slash from that path). Pure and Foundation-free, so it is fuzzed on its own.
public struct SessionTerminal: Sendable, Equatable {
    /// What a session gets when it names no usable terminal.
    public static let fallbackTerm = "xterm-256color"
    /// The widest and tallest screens accepted (the largest the terminal fault runs draw);
    /// bigger requests are cut down to them.
    public static let maxColumns = 500
    public static let maxRows = 200
    /// Longest TERM or environment value passed on.
    public static let maxValueLength = 256
    /// Most variables one session may set (LC_* names are open-ended).
    public static let maxVariables = 16

    public var term: String
    public var columns: Int
    public var rows: Int

    /// `requestedTerm` comes from the pty request, `environmentTerm` from an earlier `env TERM=...`.
    public init(requestedTerm: String, environmentTerm: String?, columns: Int, rows: Int) {
        term = Self.usableTerm(requestedTerm) ?? environmentTerm.flatMap(Self.usableTerm) ?? Self.fallbackTerm
        self.columns = Self.clampedColumns(columns)
        self.rows = Self.clampedRows(rows)
    }

    /// A width between 1 and `maxColumns`.
    public static func clampedColumns(_ value: Int) -> Int { min(max(value, 1), maxColumns) }

    /// A height between 1 and `maxRows`.
    public static func clampedRows(_ value: Int) -> Int { min(max(value, 1), maxRows) }

    /// The name if it could be a terminfo entry (letters, digits, `.+-_`), else nil.
    public static func usableTerm(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64, !name.hasPrefix("."),
            name.unicodeScalars.allSatisfy({ $0.isASCII && (isAlphanumeric($0) || "._+-".unicodeScalars.contains($0)) })
        else { return nil }
        return name
    }

    /// Whether an `env` request may set this variable for the child: only the terminal and
    /// locale (TERM, LANG, LC_*), with a short value free of control characters; a locale value
    /// must be a locale name, never a path.
    public static func allowsEnvironment(name: String, value: String) -> Bool {
        guard name == "TERM" || isLocaleVariable(name) else { return false }
        guard name.utf8.count <= 32, name.unicodeScalars.allSatisfy({ isAlphanumeric($0) || $0 == "_" }) else { return false }
        if isLocaleVariable(name) { return isLocaleName(value) }
        return value.utf8.count <= maxValueLength
            && value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value) }
    }

    /// LANG, LC_ALL, LC_CTYPE, ...
    public static func isLocaleVariable(_ name: String) -> Bool { name == "LANG" || name.hasPrefix("LC_") }

    /// A name like `C`, `C.UTF-8`, `en_US.UTF-8` or `sr_RS.UTF-8@latin`: letters, digits and
    /// `_ . - @ +`, starting with a letter, at most 64 characters. No slash, so never a path.
    public static func isLocaleName(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, value.utf8.count <= 64,
            ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return value.unicodeScalars.allSatisfy { isAlphanumeric($0) || "_.-@+".unicodeScalars.contains($0) }
    }

    /// The environment an `ssh-session` storefront gets from sshd's: locale variables whose
    /// value is not a locale name are dropped (their names are returned), and without any
    /// locale left it gets `LANG=C.UTF-8`, as `reelshop serve` gives its visitors.
    public static func storefrontEnvironment(from environment: [String: String]) -> (environment: [String: String], dropped: [String]) {
        var result = environment
        var dropped: [String] = []
        for (name, value) in environment where isLocaleVariable(name) && !isLocaleName(value) {
            result[name] = nil
            dropped.append(name)
        }
        if result["LC_ALL"] == nil && result["LC_CTYPE"] == nil && result["LANG"] == nil {
            result["LANG"] = defaultLocale
        }
        return (result, dropped.sorted())
    }

    /// The locale every storefront starts with unless the visitor names another.
    public static let defaultLocale = "C.UTF-8"

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
