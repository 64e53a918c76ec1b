import Foundation
import Testing

/// `media render --graphics/--symbols` and `media detect` as a script sees them: the real binary,
/// output to files (not a terminal), tmux for detection.
@Suite struct MediaGraphicsCLITests {
    static let picture = bundledCatalog.appendingPathComponent("media/chef-knife.png").path

    func render(_ extra: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        let box = try CLISandbox()
        defer { box.remove() }
        var env = box.environment
        env["REELSHOP_GRAPHICS"] = nil
        env.merge(environment) { $1 }
        return try run(reelshopBinary, ["media", "render", Self.picture, "--size", "20x8"] + extra, environment: env)
    }

    @Test func autoIsCellsWhenStdoutIsNoTerminal() throws {
        let result = try render([])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("▀") && !result.stdout.contains("\u{1B}P") && !result.stdout.contains("\u{1B}_G"))
        #expect(result.stdout.split(separator: "\n").count == 8)
    }

    @Test func forcedModesPrintTheirProtocol() throws {
        let sixel = try render(["--graphics", "sixel"])
        #expect(sixel.status == 0, "\(sixel)")
        // No terminal to ask the cell size: 10x20 pixels a cell, so 200x160 pixels.
        #expect(sixel.stdout.hasPrefix("\u{1B}Pq\"1;1;200;160#") && sixel.stdout.hasSuffix("\u{1B}\\\n"), "\(sixel.stdout.prefix(40).debugDescription)")
        let kitty = try render(["--graphics", "kitty"])
        #expect(kitty.stdout.hasPrefix("\u{1B}_Ga=T,f=24,s=200,v=160,i=1,c=20,r=8,q=2,o=z,m="), "\(kitty.stdout.prefix(60).debugDescription)")
        let iterm = try render([], environment: ["REELSHOP_GRAPHICS": "iterm"])
        #expect(iterm.stdout.hasPrefix("\u{1B}]1337;File=inline=1;size=") && iterm.stdout.contains(";width=20;height=8;preserveAspectRatio=0:"))
        let cells = try render(["--graphics", "cells"], environment: ["REELSHOP_GRAPHICS": "kitty"])
        #expect(cells.stdout.contains("▀") && !cells.stdout.contains("\u{1B}_G"), "the option beats the variable")
    }

    @Test func sextantsUseOnlySextantGlyphs() throws {
        let result = try render(["--symbols", "sextant", "--colors", "none"])
        #expect(result.status == 0, "\(result)")
        let allowed = Set(" ▌▐█".unicodeScalars.map(\.value)).union(0x1FB00...0x1FB3B)
        let glyphs = result.stdout.unicodeScalars.filter { $0 != "\n" }
        #expect(glyphs.allSatisfy { allowed.contains($0.value) }, "\(result.stdout)")
        #expect(glyphs.contains { (0x1FB00...0x1FB3B).contains($0.value) })
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.unicodeScalars.count == 20 })
    }

    @Test(arguments: [
        (["--graphics", "hologram"], [String: String](), "--graphics"),
        ([], ["REELSHOP_GRAPHICS": "hologram"], "REELSHOP_GRAPHICS"),
        (["--symbols", "braille"], [:], "--symbols"),
        (["--graphics", "sixel", "--play"], [:], "--play"),
    ])
    func badChoicesAreUsageErrors(arguments: [String], environment: [String: String], names: String) throws {
        let result = try render(arguments, environment: environment)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.hasPrefix("reelshop: ") && result.stderr.contains(names), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    @Test func detectWithoutATerminalSaysSo() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else { print("skipping: no setsid"); return }
        try requireBinary()
        // setsid: a new session has no controlling terminal, so /dev/tty cannot be opened.
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/setsid"), ["-w", reelshopBinary.path, "media", "detect"],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 69, "\(result)")
        #expect(result.stderr.hasPrefix("reelshop: media detect needs a terminal"), "\(result)")
    }

    @Test func detectInsideTmuxAsksTmuxAndFallsBackToCells() throws {
        try requireBinary()
        let session = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) media detect; sleep 30", width: 80, height: 24,
            environment: ["LANG": "C.UTF-8", "TERM": "tmux-256color"])
        defer { session.close() }
        #expect(session.waitFor("answered:"))
        Thread.sleep(forTimeInterval: 0.2)
        let screen = session.screen()
        #expect(screen.contains("graphics: cells"), "\(screen)")
        #expect(screen.contains("tmux: yes, passthrough off or not answered"), "\(screen)")
        #expect(screen.contains("XTVERSION: tmux"), "tmux answered for itself: \(screen)")
        #expect(screen.range(of: #"took: \d+\.\d ms"#, options: .regularExpression) != nil, "how long it took: \(screen)")
    }
}

extension MediaGraphicsCLITests {
    @Test func forcedKittyInsideTmuxGoesThroughPassthrough() throws {
        let wrapped = try render(["--graphics", "kitty"], environment: ["TERM": "tmux-256color"])
        #expect(wrapped.stdout.hasPrefix("\u{1B}Ptmux;\u{1B}\u{1B}_Ga=T,"), "\(wrapped.stdout.prefix(30).debugDescription)")
        let sixel = try render(["--graphics", "sixel"], environment: ["TERM": "tmux-256color"])
        #expect(sixel.stdout.hasPrefix("\u{1B}Pq"), "tmux draws sixel itself when it can")
    }
}
