import Foundation
import ShopCore
import Testing

/// `reelshop media detect` against a terminal that lies: the real binary on a real
/// pseudo-terminal as its controlling terminal (`setsid -c`), the test playing the terminal.
@Suite struct HostileTerminalTests {
    /// Runs `media detect`; `answer` gets everything the binary wrote so far and returns bytes
    /// to send back (once, when it returns non-nil). Returns what the binary printed after its
    /// queries, i.e. from "graphics:" on.
    func detect(answer: @escaping ([UInt8]) -> [UInt8]?) throws -> (status: Int32, printed: [UInt8]) {
        let (status, seen) = try onTerminal(["media", "detect"], answer: answer)
        let marker = Array("graphics:".utf8)
        let start = (0...max(0, seen.count - marker.count)).first { seen[$0...].starts(with: marker) } ?? seen.count
        return (status, Array(seen[start...]))
    }

    /// Runs `reelshop ARGUMENTS` with a pty as its controlling terminal; returns everything it wrote.
    func onTerminal(_ arguments: [String], answer: @escaping ([UInt8]) -> [UInt8]?) throws -> (status: Int32, seen: [UInt8]) {
        try onTerminal(arguments, steps: [answer])
    }

    /// The same with several answers in turn: each step is asked, with everything written so
    /// far, until it returns bytes to send; then the next.
    func onTerminal(
        _ arguments: [String], environment extra: [String: String] = [:], steps: [([UInt8]) -> [UInt8]?]
    ) throws -> (status: Int32, seen: [UInt8]) {
        try requireBinary()
        var master: Int32 = 0, slave: Int32 = 0
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw POSIXError(.ENOTTY) }
        defer { close(master) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["-c", reelshopBinary.path] + arguments
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.standardInput = handle; process.standardOutput = handle; process.standardError = handle
        process.environment = ["PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8"].merging(extra) { $1 }
        try process.run()
        try handle.close()
        // Non-blocking: a flood the binary stops reading must not block the test.
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        var seen: [UInt8] = [], pending: [UInt8] = [], step = 0
        var chunk = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 50) == 1 {
                let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if n <= 0 { break }  // EIO: the binary exited and closed the terminal
                seen += chunk[0..<n]
                if step < steps.count, let reply = steps[step](seen) {
                    step += 1
                    pending += reply
                }
            } else if !process.isRunning {
                break
            }
            if !pending.isEmpty {
                let w = pending.withUnsafeBytes { write(master, $0.baseAddress, min($0.count, 4096)) }
                if w > 0 { pending.removeFirst(w) }
            }
        }
        // Ended as a user would: Ctrl-C quits the storefront from any screen (a `media detect`
        // has exited by now). Read on while it restores the terminal: into a full pty its write
        // would block and it would never exit. (`setsid` may have forked it: the process here is
        // not always the binary, so no signal reaches it.)
        _ = [UInt8(3)].withUnsafeBytes { write(master, $0.baseAddress, 1) }
        let ending = Date().addingTimeInterval(10)
        while Date() < ending {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) == 1 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 { break }  // EIO: every end of the terminal is closed
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, seen)
    }

    func asksDA1(_ seen: [UInt8]) -> Bool { String(decoding: seen, as: UTF8.self).contains("\u{1B}[c") }

    @Test func repliesFullOfControlsArePrintedVisibly() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else { print("skipping: no setsid"); return }
        let evil = "\u{1B}_Gi=31;OK\u{1B}\\" + "\u{1B}P>|evil\u{07}\u{9B}31m\u{1B}]52;c;aGk=\u{07}\u{1B}[2J\u{1B}\\" + "\u{1B}[?62;4c"
        let (status, printed) = try detect { self.asksDA1($0) ? Array(evil.utf8) : nil }
        let text = String(decoding: printed, as: UTF8.self)
        #expect(status == 0, "\(text)")
        #expect(text.hasPrefix("graphics: kitty"), "\(text)")
        #expect(text.contains("XTVERSION: evil"), "\(text)")
        #expect(!printed.contains(0x1B) && !printed.contains(0x07), "no control byte printed: \(text.debugDescription)")
        #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) }, "no C1 control: \(text.debugDescription)")
    }

    @Test func aFloodWithoutDA1EndsInCells() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else { print("skipping: no setsid"); return }
        // 1 MiB of an unterminated DCS string: never a DA1, never an end.
        let flood = Array("\u{1B}P>|".utf8) + [UInt8](repeating: 0x41, count: 1 << 20)
        let (status, printed) = try detect { self.asksDA1($0) ? flood : nil }
        let text = String(decoding: printed, as: UTF8.self)
        #expect(status == 0 && text.hasPrefix("graphics: cells"), "\(text.prefix(300))")
    }

    /// The background query's answer as an attacker shapes it: an unterminated OSC of 1 MiB, and
    /// one whose colour spec carries controls and nonsense. Neither hangs, neither counts, none
    /// of it reaches the screen.
    @Test func hostileBackgroundAnswersAreNoColour() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else { print("skipping: no setsid"); return }
        let flood = Array("\u{1B}]11;rgb:".utf8) + [UInt8](repeating: 0x66, count: 1 << 20)
        let (floodStatus, floodPrinted) = try detect { self.asksDA1($0) ? flood : nil }
        let floodText = String(decoding: floodPrinted, as: UTF8.self)
        #expect(floodStatus == 0 && floodText.hasPrefix("graphics: cells"), "\(floodText.prefix(300))")
        #expect(!floodText.contains("background:"), "\(floodText.prefix(300))")
        let odd = "\u{1B}]11;rgb:ffff/\u{9B}2J/ffff\u{07}\u{1B}]11;rgb:0/0/0/0/0\u{1B}\\\u{1B}[?62;4c"
        let (status, printed) = try detect { self.asksDA1($0) ? Array(odd.utf8) : nil }
        let text = String(decoding: printed, as: UTF8.self)
        #expect(status == 0 && text.hasPrefix("graphics: sixel"), "\(text)")
        #expect(!text.contains("background:"), "no colour in either: \(text)")
        #expect(!printed.contains(0x1B) && !printed.contains(0x07), "no control byte printed: \(text.debugDescription)")
    }

    /// A key typed while the storefront's detection waits for the terminal's answers is the first
    /// key the storefront reads: `j` between XTVERSION's answer and DA1 moves to the second post
    /// (its creator's handle is drawn; "2/44" is not a string on the wire: ncurses sends only the
    /// "2" that changed).
    @Test func aKeyTypedDuringDetectionIsNotLost() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else { print("skipping: no setsid"); return }
        let state = try TemporaryDirectory("typed-ahead")
        defer { state.remove() }
        let catalog = try Catalog.load(from: bundledCatalog)
        let items = FeedComposer().items(for: .forYou, catalog: catalog, social: SocialState())
        guard items.count > 1, case .post(let id) = items[1], let post = catalog.posts.first(where: { $0.id == id }) else {
            Issue.record("the second feed item is not a post"); return
        }
        // The handle alone: the "@" before it may come with its own colour.
        let second = post.creatorHandle
        let (status, seen) = try onTerminal(
            ["--catalog", bundledCatalog.path, "--state-dir", state.url.path, "--skip-intro", "--market", "http://127.0.0.1:9"],
            steps: [
                // A plain terminal (cells: the test reads every byte, and kitty's frames are 800 KB).
                { self.asksDA1($0) ? Array("\u{1B}P>|XTerm(379)\u{1B}\\j\u{1B}[?62;c".utf8) : nil },
                { String(decoding: $0.suffix(4096), as: UTF8.self).contains(second) ? Array("q".utf8) : nil },
            ])
        let moved = String(decoding: seen, as: UTF8.self).contains(second)
        #expect(moved, "the typed j moved to the second post (\(second) drawn)")
        #expect(status == 0, "q quit: \(status)")
    }

    @Test func renderAsksTheTerminalAndDrawsWhatItAnswers() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else { print("skipping: no setsid"); return }
        let picture = bundledCatalog.appendingPathComponent("media/chef-knife.png").path
        let kitty = "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;c"
        let (status, seen) = try onTerminal(["media", "render", picture, "--size", "8x4"]) { self.asksDA1($0) ? Array(kitty.utf8) : nil }
        let text = String(decoding: seen, as: UTF8.self)
        #expect(status == 0)
        #expect(text.contains("\u{1B}_Gi=31,s=1,v=1,a=q") && text.contains("\u{1B}_Ga=T,f=24,"), "asked, then sent kitty graphics")
        // --colors none: characters only, so the terminal is not even asked.
        let (_, plain) = try onTerminal(["media", "render", picture, "--size", "8x4", "--colors", "none"]) { self.asksDA1($0) ? Array(kitty.utf8) : nil }
        #expect(!plain.contains(0x1B), "\(String(decoding: plain, as: UTF8.self).debugDescription)")
    }
}
