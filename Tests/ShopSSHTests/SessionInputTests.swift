import Testing

@testable import ShopSSH

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
        #expect(huge.columns == SessionTerminal.maxSide && huge.rows == SessionTerminal.maxSide)
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
    }
}
