import Testing

@testable import ShopSSH
@testable import ShopSSHWire

/// What a visitor sends before the storefront starts: authorized_keys lines and terminal requests.
@Suite struct SessionInputTests {
    @Test func aKeyLineYieldsItsTypeAndBlob() throws {
        let key = try #require(AuthorizedKeyLine(Substring(sampleKeyLine)))
        #expect(key.type == "ssh-ed25519")
        #expect(key.blob.count == 51, "4 + 11 bytes of type, 4 + 32 bytes of key")
    }

    @Test func aKeyTypeInsideAQuotedOptionIsNotTheKey() throws {
        let blob = sampleKeyLine.split(separator: " ")[1]
        let line = "command=\"echo ssh-rsa x\",no-pty\tssh-ed25519 \(blob) alex"
        let key = try #require(AuthorizedKeyLine(Substring(line)))
        #expect(key.type == "ssh-ed25519")
    }

    @Test func aBlobOfAnotherTypeOrTruncatedIsRefused() {
        let blob = sampleKeyLine.split(separator: " ")[1]
        #expect(AuthorizedKeyLine("ssh-rsa \(blob)") == nil, "the blob says ssh-ed25519")
        #expect(AuthorizedKeyLine("ssh-ed25519 AAAA") == nil, "too short to name a type")
        #expect(AuthorizedKeyLine("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5") == nil, "the type alone, no room for a length")
        #expect(AuthorizedKeyLine("  # ssh-ed25519 \(blob)") == nil, "a comment")
        #expect(AuthorizedKeyLine("") == nil)
    }

    @Test func terminalSizesAreClampedToAScreenNcursesCanAllocate() {
        let huge = SessionTerminal(requestedTerm: "xterm", environmentTerm: nil, columns: 65535, rows: Int.max)
        #expect(huge.columns == 500 && huge.rows == 200, "one visitor's screen must not cost hundreds of MB")
        let tenThousand = SessionTerminal(requestedTerm: "xterm", environmentTerm: nil, columns: 10000, rows: 10000)
        #expect(tenThousand.columns == 500 && tenThousand.rows == 200)
        let widest = SessionTerminal(requestedTerm: "xterm", environmentTerm: nil, columns: 500, rows: 200)
        #expect(widest.columns == 500 && widest.rows == 200)
        let empty = SessionTerminal(requestedTerm: "xterm", environmentTerm: nil, columns: 0, rows: Int.min)
        #expect(empty.columns == 1 && empty.rows == 1)
        let usual = SessionTerminal(requestedTerm: "xterm", environmentTerm: nil, columns: 120, rows: 40)
        #expect(usual.columns == 120 && usual.rows == 40)
    }

    @Test func termMustLookLikeATerminfoName() {
        func term(_ requested: String, _ environment: String? = nil) -> String {
            SessionTerminal(requestedTerm: requested, environmentTerm: environment, columns: 80, rows: 24).term
        }
        #expect(term("screen-256color") == "screen-256color")
        #expect(term("", "tmux-256color") == "tmux-256color", "an env TERM fills an empty pty TERM")
        #expect(term("../../tmp/evil") == SessionTerminal.fallbackTerm, "ncurses would open it as a path")
        #expect(term("xterm\0vt100") == SessionTerminal.fallbackTerm)
        #expect(term(String(repeating: "x", count: 65)) == SessionTerminal.fallbackTerm)
        #expect(term(".hidden", "a/b") == SessionTerminal.fallbackTerm)
    }

    @Test func onlyLocaleAndTerminalVariablesWithPlainValuesPass() {
        #expect(SessionTerminal.allowsEnvironment(name: "LANG", value: "C.UTF-8"))
        #expect(SessionTerminal.allowsEnvironment(name: "LC_ALL", value: "en_US.UTF-8"))
        #expect(!SessionTerminal.allowsEnvironment(name: "LD_PRELOAD", value: "/tmp/x.so"))
        #expect(!SessionTerminal.allowsEnvironment(name: "LC_X=Y", value: "1"), "a name that would split the entry")
        #expect(!SessionTerminal.allowsEnvironment(name: "LANG", value: "C\nPATH=/tmp"))
        #expect(!SessionTerminal.allowsEnvironment(name: "LANG", value: String(repeating: "a", count: 257)))
        #expect(!SessionTerminal.allowsEnvironment(name: "LC_" + String(repeating: "A", count: 100), value: "C"))
    }

    @Test func localeValuesThatArePathsAreRefused() {
        // glibc loads a locale whose name holds a slash from that path: the visitor's own files.
        for value in ["/tmp/evil", "../../tmp/evil", "C.UTF-8/../../x", "./x", "en_US.UTF-8/", ""] {
            #expect(!SessionTerminal.allowsEnvironment(name: "LANG", value: value), "LANG=\(value)")
            #expect(!SessionTerminal.allowsEnvironment(name: "LC_ALL", value: value), "LC_ALL=\(value)")
        }
        for value in ["C", "POSIX", "C.UTF-8", "en_US.UTF-8", "sr_RS.UTF-8@latin", "de_DE.utf8"] {
            #expect(SessionTerminal.allowsEnvironment(name: "LC_CTYPE", value: value), "LC_CTYPE=\(value)")
        }
    }
}
