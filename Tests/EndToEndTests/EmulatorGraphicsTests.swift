import Foundation
import Testing

/// Real terminal emulators under Xvfb: `media render` in sixel (xterm -ti vt340) and kitty
/// graphics (kitty), screenshots compared with the source picture, and `media detect` in each
/// (and in a plain xterm, which has no sixel) reporting what it found.
///
/// Needs Xvfb, xterm, kitty, mlterm, xdotool and ImageMagick (`make test` installs them: EMULATOR_DEB_PACKAGES).
/// Missing tools fail the test under `make test` (REELSHOP_BIN set) and skip it otherwise.
@Suite(.serialized) struct EmulatorGraphicsTests {
    static let tools = ["Xvfb", "xterm", "kitty", "mlterm", "xdotool", "import", "convert", "compare"]
    static let picture = packageRoot.appendingPathComponent("Assets/media/chef-knife.png")
    /// Another product's picture: the score against it shows the comparison can fail.
    static let otherPicture = packageRoot.appendingPathComponent("Assets/media/plush-teddy.png")
    static let cells = (width: 30, height: 20)
    static let letterbox = "#808080"

    static func tool(_ name: String) -> String? {
        ["/usr/bin", "/bin", "/usr/local/bin"].map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// True when the test can run; records an issue (make test) or prints a skip otherwise.
    static func ready() throws -> Bool {
        try requireBinary()
        let missing = tools.filter { tool($0) == nil }
        guard missing.isEmpty else {
            let message = "missing \(missing.joined(separator: ", ")) (make deps installs xvfb, xterm, kitty, mlterm, xdotool, imagemagick)"
            if ProcessInfo.processInfo.environment["REELSHOP_BIN"] != nil { Issue.record(Comment(rawValue: message)) } else { print("skipping: \(message)") }
            return false
        }
        return true
    }

    @Test func sixelInXtermVT340ShowsThePicture() throws {
        guard try Self.ready() else { return }
        let run = try EmulatorRun(terminal: .xtermVT340, mode: "sixel")
        defer { run.finish() }
        #expect(run.detected.first == "graphics: sixel", "\(run.detected)")
        #expect(run.detected.contains { $0.contains("4 = sixel") })
        let score = try run.similarity(threshold: 0.045)
        print("sixel in xterm: MAE \(score.good) (other picture \(score.other), blocky copy \(score.blocky)), box \(score.box)")
    }

    @Test func kittyGraphicsInKittyShowsThePicture() throws {
        guard try Self.ready() else { return }
        let run = try EmulatorRun(terminal: .kitty, mode: "kitty")
        defer { run.finish() }
        #expect(run.detected.first == "graphics: kitty", "\(run.detected)")
        #expect(run.detected.contains("  kitty graphics query: OK"))
        let score = try run.similarity(threshold: 0.03)
        print("kitty: MAE \(score.good) (other picture \(score.other), blocky copy \(score.blocky)), box \(score.box)")
    }

    @Test func kittyThroughTmuxPassthroughIsDetectedAndShown() throws {
        guard try Self.ready() else { return }
        guard Self.tool("tmux") != nil else { Issue.record("tmux is missing (make deps installs it)"); return }
        // auto: the detection must find kitty through tmux and wrap the picture.
        let run = try EmulatorRun(terminal: .kittyInTmux, mode: "auto")
        defer { run.finish() }
        #expect(run.detected.first == "graphics: kitty", "\(run.detected)")
        #expect(run.detected.contains("tmux: yes, passthrough works"), "\(run.detected)")
        #expect(run.detected.contains("  kitty graphics query (through tmux passthrough): OK"), "\(run.detected)")
        // No late reply echoed on the screen either: the box found is the picture alone.
        let score = try run.similarity(threshold: 0.03)
        print("kitty through tmux: MAE \(score.good) (other picture \(score.other), blocky copy \(score.blocky)), box \(score.box)")
    }

    /// A cell that is not 1:2 (kitty with DejaVu Sans Mono at 11.5 pt: 9x19 pixels) through tmux,
    /// whose pane reports its own guess of the cell: the picture is fitted for the terminal's
    /// answer to `CSI 16 t` (through passthrough), so its shape is the source's. Fitted for a 1:2
    /// cell it came out 5 % too narrow (`CellPixelsChoice`).
    @Test func aNineByNineteenCellThroughTmuxKeepsThePicturesShape() throws {
        guard try Self.ready() else { return }
        guard Self.tool("tmux") != nil else { Issue.record("tmux is missing (make deps installs it)"); return }
        let run = try EmulatorRun(terminal: .kittyInTmux, mode: "auto", fontSize: "11.5")
        defer { run.finish() }
        #expect(run.detected.contains("cell size: 9x19 pixels (CSI 16 t)"), "\(run.detected)")
        let score = try run.similarity(threshold: 0.03)
        // The source is 540x960: as tall as the box, 9:16 as wide.
        let expected = Double(score.height) * 540 / 960
        print("kitty 9x19 through tmux: MAE \(score.good), box \(score.box), picture \(score.pictureWidth) wide (\(expected) keeps its shape)")
        #expect(abs(Double(score.pictureWidth) - expected) <= 3, "the picture's shape: \(score.pictureWidth) wide against \(expected)")
    }

    @Test func plainXtermIsCells() throws {
        guard try Self.ready() else { return }
        let run = try EmulatorRun(terminal: .xtermPlain, mode: nil)
        defer { run.finish() }
        #expect(run.detected.first == "graphics: cells", "\(run.detected)")
        #expect(!run.detected.contains { $0.contains("sixel") })
    }
}

/// One emulator on its own Xvfb display running `media detect`, then (with a mode) `media
/// render`, then waiting; screenshots are taken while it waits.
final class EmulatorRun {
    enum Terminal { case xtermVT340, xtermPlain, kitty, kittyInTmux }

    let dir: TemporaryDirectory
    let xvfb: Process
    let display: Int
    let emulator: Process
    private(set) var detected: [String] = []
    let cellPixels: (Int, Int)?

    /// `fontSize`: kitty's font size in points (11.5 gives DejaVu Sans Mono 9x19-pixel cells,
    /// not 1:2 like the default 9x18 and tmux's 16x32 guess).
    init(terminal: Terminal, mode: String?, fontSize: String? = nil) throws {
        dir = try TemporaryDirectory("emulator")
        (xvfb, display) = try Self.startXvfb()
        let bin = shellQuote(reelshopBinary.path), out = dir.url.path
        let cells = EmulatorGraphicsTests.cells
        var script = "printf '\\033[?25l'; \(bin) media detect > \(shellQuote(out + "/detect.txt")) 2>&1; "
        if let mode {
            script +=
                "\(bin) media render \(shellQuote(EmulatorGraphicsTests.picture.path)) --graphics \(mode) "
                + "--size \(cells.width)x\(cells.height) --background '\(EmulatorGraphicsTests.letterbox)' 2> \(shellQuote(out + "/render.err")); "
        }
        script += "touch \(shellQuote(out + "/done")); while [ ! -e \(shellQuote(out + "/quit")) ]; do sleep 0.1; done"
        let scriptPath = out + "/script.sh"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        emulator = Process()
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = ":\(display)"
        environment["LIBGL_ALWAYS_SOFTWARE"] = "1"
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "TMUX")
        switch terminal {
        case .xtermVT340, .xtermPlain:
            emulator.executableURL = URL(fileURLWithPath: EmulatorGraphicsTests.tool("xterm") ?? "/usr/bin/xterm")
            let vt340 = terminal == .xtermVT340 ? ["-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256"] : []
            emulator.arguments = vt340 + ["-bg", "black", "-fg", "white", "-geometry", "80x30+0+0", "-e", "sh", scriptPath]
        case .kitty, .kittyInTmux:
            emulator.executableURL = URL(fileURLWithPath: EmulatorGraphicsTests.tool("kitty") ?? "/usr/bin/kitty")
            var command = ["sh", scriptPath]
            if terminal == .kittyInTmux {
                // tmux on a private socket, passthrough on, no status line over the picture.
                try "set -g allow-passthrough on\nset -g status off\n".write(toFile: out + "/tmux.conf", atomically: true, encoding: .utf8)
                command = [
                    EmulatorGraphicsTests.tool("tmux") ?? "/usr/bin/tmux", "-S", out + "/tmux.sock", "-f", out + "/tmux.conf",
                    "new-session", "sh " + shellQuote(scriptPath),
                ]
            }
            emulator.arguments =
                ["--config", "NONE", "-o", "font_family=DejaVu Sans Mono", "-o", "background=#000000", "-o", "cursor_blink_interval=0"]
                + (fontSize.map { ["-o", "font_size=\($0)"] } ?? []) + command
        }
        emulator.environment = environment
        emulator.standardOutput = FileHandle.nullDevice
        emulator.standardError = FileHandle.nullDevice
        try emulator.run()
        let done = dir.appending("done").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: done), Date() < deadline, emulator.isRunning { usleep(50_000) }
        detected = ((try? String(contentsOf: dir.appending("detect.txt"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
        let cellLine = detected.first { $0.hasPrefix("cell size: ") }
        let numbers = cellLine?.dropFirst("cell size: ".count).split(separator: " ").first?.split(separator: "x").compactMap { Int($0) }
        cellPixels = numbers.flatMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        // The emulator paints on its own schedule (kitty on its next frame): a moment, and
        // `similarity` retries screenshots until the box is complete.
        Thread.sleep(forTimeInterval: 0.5)
    }

    /// Xvfb on a display it picks itself (-displayfd): never one another test or user holds.
    static func startXvfb() throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EmulatorGraphicsTests.tool("Xvfb") ?? "/usr/bin/Xvfb")
        process.arguments = ["-displayfd", "1", "-screen", "0", "1024x768x24", "-br", "-nolisten", "tcp"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var pfd = pollfd(fd: pipe.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
        var text = ""
        let deadline = Date().addingTimeInterval(15)
        while !text.contains("\n"), Date() < deadline {
            guard poll(&pfd, 1, 200) == 1 else { continue }
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let display = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate(); process.waitUntilExit()
            throw EmulatorFailure("Xvfb did not report a display number (got '\(text)')")
        }
        return (process, display)
    }

    /// Stops the emulator and Xvfb (by their own process ids) and removes the files.
    func finish() {
        // The script ends when told; the emulator then exits by itself, as after a user's exit.
        _ = FileManager.default.createFile(atPath: dir.appending("quit").path, contents: nil)
        if !waitForExit(emulator, timeout: 5) { kill(emulator.processIdentifier, SIGKILL); emulator.waitUntilExit() }
        // Xvfb under the test runner can sit on SIGTERM for seconds: a second at most, then
        // SIGKILL, removing the lock and socket it could not (only if the lock names our Xvfb).
        kill(xvfb.processIdentifier, SIGTERM)
        if !waitForExit(xvfb, timeout: 1) {
            kill(xvfb.processIdentifier, SIGKILL)
            xvfb.waitUntilExit()
        }
        // Its lock and socket, unless another server holds the display by now.
        let lock = "/tmp/.X\(display)-lock"
        let owner = (try? String(contentsOfFile: lock, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if owner == nil || owner == xvfb.processIdentifier {
            try? FileManager.default.removeItem(atPath: lock)
            try? FileManager.default.removeItem(atPath: "/tmp/.X11-unix/X\(display)")
        }
        dir.remove()
    }

    /// `pictureWidth`: how wide the picture itself is in the box's middle row (its own backdrop,
    /// between the letterbox bars), in screen pixels.
    struct Score { var good: Double; var other: Double; var blocky: Double; var box: String; var height = 0; var pictureWidth = 0 }

    /// Screenshot, find the picture's box (the grey letterbox and picture on the black
    /// terminal), check it is the cell box in pixels, and compare it with the source fitted
    /// into that box by ImageMagick: mean absolute error (0 = equal, 1 = opposite).
    func similarity(threshold: Double, sourceLocation: SourceLocation = #_sourceLocation) throws -> Score {
        let render = (try? String(contentsOf: dir.appending("render.err"), encoding: .utf8)) ?? ""
        #expect(render.isEmpty, "render wrote to stderr: \(render)", sourceLocation: sourceLocation)
        let shot = dir.appending("shot.png").path
        // A loaded machine may paint late: take screenshots until the box has the size the cells
        // and the reported cell size give (or 10 s pass; then the last one is judged).
        var f: [Int] = []
        var trim = ""
        let expected = cellPixels.map { (EmulatorGraphicsTests.cells.width * $0.0, EmulatorGraphicsTests.cells.height * $0.1) }
        let deadline = Date().addingTimeInterval(10)
        repeat {
            _ = try magick("import", ["-display", ":\(display)", "-window", "root", shot])
            trim = try magick("convert", [shot, "-fuzz", "6%", "-trim", "-format", "%w %h %X %Y", "info:"]).stdout
            f = trim.split(separator: " ").compactMap { Int($0.replacingOccurrences(of: "+", with: "")) }
            if f.count == 4, let (ew, eh) = expected, abs(f[0] - ew) <= 2, abs(f[1] - eh) <= 2 { break }
            if expected == nil, f.count == 4, f[0] > 20, f[1] > 20 { break }
            Thread.sleep(forTimeInterval: 0.5)
        } while Date() < deadline
        guard f.count == 4, f[0] > 20, f[1] > 20 else {
            throw EmulatorFailure("no picture on the screen (trim: '\(trim)')")
        }
        let (w, h, x, y) = (f[0], f[1], f[2], f[3])
        if let (cw, ch) = cellPixels {
            let cells = EmulatorGraphicsTests.cells
            #expect(
                abs(w - cells.width * cw) <= 2 && abs(h - cells.height * ch) <= 2,
                "the picture covers \(cells.width)x\(cells.height) cells of \(cw)x\(ch): \(w)x\(h)", sourceLocation: sourceLocation)
        }
        let crop = dir.appending("crop.png").path
        _ = try magick("convert", [shot, "-crop", "\(w)x\(h)+\(x)+\(y)", "+repage", crop])
        let cells = EmulatorGraphicsTests.cells
        func score(_ source: URL, _ name: String, blocky: Bool = false) throws -> Double {
            let ref = dir.appending(name).path
            // Blocky: the source at half-block resolution (one pixel per cell across, two down),
            // what cells would show; real pixels must be closer to the sharp reference.
            let blockSteps = blocky ? ["-scale", "\(cells.width)x\(cells.height * 2)!", "-scale", "\(w)x\(h)!"] : []
            _ = try magick(
                "convert",
                [
                    source.path, "-background", EmulatorGraphicsTests.letterbox, "-flatten",
                    "-resize", "\(w)x\(h)", "-gravity", "center", "-extent", "\(w)x\(h)",
                ] + blockSteps + [ref])
            // compare prints "absolute (normalized)" on stderr and exits 1 when the pictures differ.
            let result = try magick("compare", ["-metric", "MAE", crop, ref, "null:"], allowFailure: true)
            guard let open = result.stderr.firstIndex(of: "("), let close = result.stderr.firstIndex(of: ")"),
                let value = Double(result.stderr[result.stderr.index(after: open)..<close])
            else {
                throw EmulatorFailure("compare gave no score: \(result)")
            }
            return value
        }
        let good = try score(EmulatorGraphicsTests.picture, "ref.png")
        let other = try score(EmulatorGraphicsTests.otherPicture, "other.png")
        let blocky = try score(EmulatorGraphicsTests.picture, "blocky.png", blocky: true)
        #expect(good < blocky, "sharper than half blocks could be: \(good) vs \(blocky) for a blocky copy", sourceLocation: sourceLocation)
        #expect(good < threshold, "the screen matches the source: MAE \(good) (threshold \(threshold))", sourceLocation: sourceLocation)
        #expect(other > good * 2, "another picture scores clearly worse: \(other) vs \(good)", sourceLocation: sourceLocation)
        if good >= threshold {
            // Keep the evidence for a failing run.
            let keep = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-emulator-failure-\(getpid())-\(display).png")
            try? FileManager.default.copyItem(atPath: shot, toPath: keep.path)
            print("screenshot kept at \(keep.path)")
        }
        let row = try magick("convert", [crop, "-crop", "\(w)x9+0+\(h / 2 - 4)", "+repage", "-fuzz", "6%", "-trim", "-format", "%w", "info:"]).stdout
        return Score(
            good: good, other: other, blocky: blocky, box: "\(w)x\(h)+\(x)+\(y)", height: h,
            pictureWidth: Int(row.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
    }

    func magick(_ name: String, _ arguments: [String], allowFailure: Bool = false) throws -> ProcessResult {
        guard let path = EmulatorGraphicsTests.tool(name) else { throw EmulatorFailure("\(name) is missing") }
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = ":\(display)"
        let result = try run(URL(fileURLWithPath: path), arguments, environment: environment, timeout: 30)
        if !allowFailure && result.status != 0 { throw EmulatorFailure("\(name) \(arguments): \(result)") }
        return result
    }
}

struct EmulatorFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
