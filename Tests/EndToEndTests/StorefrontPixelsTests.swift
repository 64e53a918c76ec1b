import Foundation
import ShopCore
import Testing

/// The storefront itself in a real kitty under Xvfb, on the bundled catalog, with no flag
/// (`--graphics auto`): the feed's first clip must be the real picture in its box, and after
/// `q` no picture may be left on the screen.
@Suite(.serialized) struct StorefrontPixelsTests {
    /// iTerm2's inline images, drawn by mlterm: the first clip's first frame as a PNG in the box,
    /// as sharp as the source (mlterm answers DA1 with sixel and names itself nowhere, so the
    /// mode is forced; `auto` there is sixel). Then, playing, the app's frames replace it.
    @Test func itermImagesInMltermShowAndPlayTheFirstClip() throws {
        guard try EmulatorGraphicsTests.ready() else { return }
        let (catalog, post) = try FirstClip.post()
        let cell: (Int, Int), box: (x: Int, y: Int, w: Int, h: Int)
        do {
            let still = try StorefrontInKitty(.mlterm, arguments: ["--graphics", "iterm", "--reduce-motion"])
            defer { still.finish() }
            cell = try #require(still.cellPixels, "media detect reported no cell size: \(still.detected)")
            #expect(still.detected.first == "graphics: sixel", "mlterm's own answer: \(still.detected)")
            #expect(still.size.0 == 80 && still.size.1 == 24, "mlterm opened at \(still.size) cells")
            box = (x: 2 + 1 * cell.0, y: 2 + 1 * cell.1, w: 24 * cell.0, h: 21 * cell.1)
            try still.expectSharpPicture(of: post, in: catalog, box: box, within: 15, tag: "mlterm", what: "storefront in mlterm (iTerm2 images)")
        }
        let playing = try StorefrontInKitty(.mlterm, arguments: ["--graphics", "iterm"])
        defer { playing.finish() }
        let a = playing.dir.appending("a.png").path, b = playing.dir.appending("b.png").path
        let shown = Date().addingTimeInterval(15)
        while try playing.mean(try playing.screenshotCrop(box)) < 0.02, Date() < shown {
            Thread.sleep(forTimeInterval: 0.3)
        }
        Thread.sleep(forTimeInterval: 1)
        var moving = 0.0
        for _ in 0..<3 where moving == 0 {
            for path in [a, b] { try? FileManager.default.removeItem(atPath: path) }
            try FileManager.default.copyItem(atPath: try playing.screenshotCrop(box), toPath: a)
            Thread.sleep(forTimeInterval: 0.4)
            try FileManager.default.copyItem(atPath: try playing.screenshotCrop(box), toPath: b)
            moving = try playing.difference(a, b)
        }
        print("iTerm2 animation in mlterm: box MAE \(moving)")
        #expect(moving > 0, "the clip plays in the box: two screenshots 400 ms apart differ")
    }

    /// Sixel has no animation of its own: the app writes each due frame over the last (within
    /// the byte budget, `PictureOverlay`), so the box changes between two screenshots while the
    /// text beside it stays put.
    @Test func sixelInXtermPlaysTheClip() throws {
        guard try EmulatorGraphicsTests.ready() else { return }
        let run = try StorefrontInKitty(.xtermVT340)
        defer { run.finish() }
        let cell = try #require(run.cellPixels, "media detect reported no cell size: \(run.detected)")
        let box = (x: 2 + 1 * cell.0, y: 2 + 1 * cell.1, w: 24 * cell.0, h: 21 * cell.1)
        // The creator's line and the caption, right of the rail: text that must not move.
        let text = (x: 2 + 32 * cell.0, y: 2 + 1 * cell.1, w: 40 * cell.0, h: 6 * cell.1)
        let deadline = Date().addingTimeInterval(15)
        while try run.mean(try run.screenshotCrop(box)) < 0.02, Date() < deadline { Thread.sleep(forTimeInterval: 0.3) }
        Thread.sleep(forTimeInterval: 1)
        let a = run.dir.appending("a.png").path, b = run.dir.appending("b.png").path
        let ta = run.dir.appending("ta.png").path, tb = run.dir.appending("tb.png").path
        var moving = 0.0, still = 1.0
        for _ in 0..<3 where moving == 0 {
            for path in [a, b, ta, tb] { try? FileManager.default.removeItem(atPath: path) }
            try FileManager.default.copyItem(atPath: try run.screenshotCrop(box), toPath: a)
            try FileManager.default.copyItem(atPath: try run.screenshotCrop(text), toPath: ta)
            Thread.sleep(forTimeInterval: 0.4)
            try FileManager.default.copyItem(atPath: try run.screenshotCrop(box), toPath: b)
            try FileManager.default.copyItem(atPath: try run.screenshotCrop(text), toPath: tb)
            moving = try run.difference(a, b)
            still = try run.difference(ta, tb)
        }
        if moving == 0 { run.keep("xterm-play") }
        print("sixel animation in xterm: box MAE \(moving), text MAE \(still)")
        #expect(moving > 0, "the clip plays in the box: two screenshots 400 ms apart differ")
        #expect(still == 0, "the text beside it holds still (MAE \(still))")
    }

    /// A light terminal (xterm's own default, black on white) answers the background query with
    /// white, and the storefront's prices, hashtags and notices take colours that show on it.
    /// With the dark colours forced (`--theme dark`) the price is white on white: what every
    /// light terminal got before.
    @Test func aLightTerminalGetsColoursThatShowOnIt() throws {
        guard try EmulatorGraphicsTests.ready() else { return }
        // Where the first post's price is at 80x24 (the layout is the same in any terminal).
        let box = try CLISandbox()
        defer { box.remove() }
        let layout = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) " + (box.common + ["--skip-intro"]).map(shellQuote).joined(separator: " "),
            environment: box.environment.merging(["LANG": "C.UTF-8", "TERM": "xterm-256color"]) { $1 })
        layout.waitFor("1/44")
        let price = try #require(layout.cell(of: "$12.99"), "no price on the screen:\n\(layout.screen())")
        layout.close()

        func priceDarkness(_ arguments: [String]) throws -> (darkness: Double, detected: [String]) {
            let run = try StorefrontInKitty(.xtermLight, arguments: arguments)
            defer { run.finish() }
            let cell = try #require(run.cellPixels, "media detect reported no cell size: \(run.detected)")
            #expect(run.size.0 == 80 && run.size.1 == 24, "xterm opened at \(run.size) cells")
            // The six cells of "$12.99", inside xterm's 2-pixel border; 1 - mean brightness.
            let rect = (x: 2 + price.column * cell.0, y: 2 + price.row * cell.1, w: 6 * cell.0, h: cell.1)
            // The footer's keys drawn: the first screen is up.
            let footer = (x: 2, y: 2 + 23 * cell.1, w: 20 * cell.0, h: cell.1)
            let deadline = Date().addingTimeInterval(15)
            while try run.mean(try run.screenshotCrop(footer)) > 0.9, Date() < deadline { Thread.sleep(forTimeInterval: 0.3) }
            Thread.sleep(forTimeInterval: 0.5)
            return (1 - (try run.mean(try run.screenshotCrop(rect))), run.detected)
        }
        let auto = try priceDarkness([])
        let forcedDark = try priceDarkness(["--theme", "dark"])
        print("light xterm: price darkness \(auto.darkness) (auto), \(forcedDark.darkness) (--theme dark)")
        #expect(auto.detected.contains("  background: #ffffff"), "xterm answered the background query: \(auto.detected)")
        #expect(forcedDark.darkness < 0.02, "dark colours on white: the price does not show (\(forcedDark.darkness))")
        #expect(auto.darkness > 0.1, "the price shows on white (\(auto.darkness))")
    }

    /// A storefront option and its variable, a bad value for each, and what the message lists.
    struct BadValue: Sendable, CustomTestStringConvertible {
        var flag: String, variable: String, value: String, escaped: String, allowed: String
        var testDescription: String { flag }
    }

    @Test(arguments: [
        BadValue(flag: "--graphics", variable: "REELSHOP_GRAPHICS", value: "hologram", escaped: "holo\u{1B}[2J", allowed: "auto, kitty, sixel, iterm or cells"),
        BadValue(flag: "--theme", variable: "REELSHOP_THEME", value: "sepia", escaped: "Light\u{1B}]11;?", allowed: "auto, dark or light"),
    ])
    func badValuesAreUsageErrors(_ bad: BadValue) throws {
        try requireBinary()
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: bad.variable)
        let flag = try run(reelshopBinary, [bad.flag, bad.value], environment: environment, timeout: 30)
        #expect(flag.status == 64)
        #expect(flag.stderr == "reelshop: \(bad.flag) must be \(bad.allowed), not '\(bad.value)'.\n", "\(flag.stderr)")
        environment[bad.variable] = bad.escaped
        let variable = try run(reelshopBinary, [], environment: environment, timeout: 30)
        #expect(variable.status == 64)
        let shown = String(bad.escaped.prefix { $0 != "\u{1B}" })
        #expect(variable.stderr.hasPrefix("reelshop: \(bad.variable) must be \(bad.allowed), not '\(shown)"), "\(variable.stderr)")
        #expect(!variable.stderr.contains("\u{1B}"), "the value is shown printable: \(variable.stderr)")
    }

    /// How the run ends: `q`, or SIGTERM to the storefront; in kitty (the picture deleted by id)
    /// and in xterm -ti vt340 (a sixel, removed by ncurses repainting the lines it covered).
    @Test(arguments: ["kitty q", "kitty SIGTERM", "sixel q", "sixel SIGTERM"])
    func showsTheFirstClipAsPixelsAndLeavesNoPicture(_ run: String) throws {
        let parts = run.split(separator: " ").map(String.init)
        let (sixel, ending) = (parts[0] == "sixel", parts[1])
        guard try EmulatorGraphicsTests.ready() else { return }
        let (catalog, post) = try FirstClip.post()
        let other = try #require(catalog.posts.first { $0.media != post.media })
        // Reduced motion: the clip's first frame, which the score compares with (the animation
        // has its own test below).
        let run = try StorefrontInKitty(sixel ? .xtermVT340 : .kitty, arguments: ["--reduce-motion"])
        defer { run.finish() }
        let cell = try #require(run.cellPixels, "media detect reported no cell size: \(run.detected)")
        #expect(run.detected.first == (sixel ? "graphics: sixel" : "graphics: kitty"), "\(run.detected)")
        #expect(run.size.0 == 80 && run.size.1 == 24, "the terminal opened at \(run.size) cells")
        // FeedLayout at 80x24: the 24x21-cell clip box at column 1, row 1 (inside xterm's
        // 2-pixel border). Sixel's 240-colour pictures score a little higher than kitty's (scored
        // against the source itself: with the fixed xterm palette of before, whose cube banded the
        // claw's browns into grey and olive, the sixel box scored 0.061).
        let border = sixel ? 2 : 0, threshold = sixel ? 0.045 : 0.03
        let box = (x: border + 1 * cell.0, y: border + 1 * cell.1, w: 24 * cell.0, h: 21 * cell.1)
        // The storefront paints, then the picture follows: retry until it matches (or 15 s).
        var good = 1.0, blocky = 0.0, wrong = 0.0
        func look(until done: (Double) -> Bool) throws {
            let deadline = Date().addingTimeInterval(15)
            repeat {
                Thread.sleep(forTimeInterval: 0.5)
                (good, blocky) = try run.scores(of: post, in: catalog, box: box)
                wrong = try run.score(
                    run.dir.appending("crop.png").path, against: catalog.mediaURL(other.media).path,
                    background: FirstClip.hex(post.background), size: (box.w, box.h))
            } while !done(good) && Date() < deadline
        }
        try look { $0 < threshold }
        if good >= threshold {
            // Keep the evidence for a failing run.
            for name in ["shot.png", "crop.png", "ref.png"] {
                let keep = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-storefront-kitty-\(getpid())-\(name)")
                try? FileManager.default.removeItem(at: keep)
                try? FileManager.default.copyItem(atPath: run.dir.appending(name).path, toPath: keep.path)
            }
            print("screenshots kept in \(FileManager.default.temporaryDirectory.path)/reelshop-storefront-kitty-\(getpid())-*")
        }
        print("storefront in \(sixel ? "xterm (sixel)" : "kitty"): MAE \(good) (blocky \(blocky), other picture \(wrong)), cell \(cell)")
        #expect(good < threshold, "the clip box shows the first post's picture: MAE \(good)")
        #expect(good < blocky, "sharper than half blocks: \(good) vs \(blocky)")
        #expect(wrong > good * 2, "another product's picture scores clearly worse: \(wrong) vs \(good)")

        // Help covers the feed: the picture goes (help's text shows there); closing help brings it back.
        try run.sendText("?")
        try look { $0 > 0.1 }
        #expect(good > 0.1, "help over the feed leaves no picture in the box: MAE \(good)")
        try run.sendText("?")
        try look { $0 < threshold }
        #expect(good < threshold, "closing help shows the picture again: MAE \(good)")

        if ending == "q" { try run.sendText("q") } else { try run.terminateStorefront() }
        let exited = run.dir.appending("exited").path
        let quitBy = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: exited), Date() < quitBy { usleep(100_000) }
        #expect(FileManager.default.fileExists(atPath: exited), "the storefront ended on \(ending)")
        Thread.sleep(forTimeInterval: 0.7)
        let after = try run.screenshotCrop(box)
        let mean = try run.mean(after)
        #expect(mean < 0.01, "no picture left where the clip was after \(ending): mean brightness \(mean)")
        let status = (try? String(contentsOf: run.dir.appending("status"), encoding: .utf8)) ?? ""
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "exit status \(status)")
        let errors = (try? String(contentsOf: run.dir.appending("err.txt"), encoding: .utf8)) ?? ""
        #expect(errors.isEmpty, "stderr: \(errors)")
    }
}

extension StorefrontPixelsTests {
    /// Over SSH, with no flag: the real OpenSSH client in kitty visits `reelshop serve` on
    /// loopback; the visitor's storefront asks kitty in-band through the connection (only TERM
    /// arrives over SSH) and its first clip shows as pixels in the box.
    @Test func overSSHAVisitorInKittyGetsThePictureWithNoFlag() throws {
        guard try EmulatorGraphicsTests.ready() else { return }
        if let reason = SSHE2E.missingPrerequisite() { Issue.record(Comment(rawValue: reason)); return }
        let (catalog, post) = try FirstClip.post()
        let directory = try SSHE2E.temporaryDirectory("pixels-over-ssh")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServeProcess(directory: directory, arguments: ["--open"])
        defer { server.stop() }
        let key = try SSHE2E.makeKey(in: directory, name: "visitor")
        let ssh =
            [SSHE2E.tool("ssh")!] + server.sshOptions(knownHosts: directory.appendingPathComponent("known_hosts").path)
            + ["-i", key, "-tt", "127.0.0.1"]
        let run = try StorefrontInKitty(.kitty, command: ssh)
        defer { run.finish() }
        let cell = try #require(run.cellPixels, "media detect reported no cell size: \(run.detected)")
        let box = (x: 1 * cell.0, y: 1 * cell.1, w: 24 * cell.0, h: 21 * cell.1)
        try run.expectSharpPicture(
            of: post, in: catalog, box: box, within: 30, tag: "kitty-ssh", what: "kitty over ssh to reelshop serve",
            context: String(server.log.suffix(2000)))
    }

    /// The presenter's tour in kitty: `reelshop demo` asks the terminal as the storefront does,
    /// and its first step shows the first post's clip as a picture, above the caption bar.
    @Test func theDemoTourShowsPicturesInKitty() throws {
        guard try EmulatorGraphicsTests.ready() else { return }
        let (catalog, post) = try FirstClip.post()
        let run = try StorefrontInKitty(
            .kitty, command: [reelshopBinary.path, "demo", "--reduce-motion", "--catalog", bundledCatalog.path])
        defer { run.finish() }
        let cell = try #require(run.cellPixels, "media detect reported no cell size: \(run.detected)")
        // The app above the two-row caption bar is 80x22: FeedLayout's clip box there is 21x19
        // cells at column 1, row 1 (`DemoCaptionBarTests.theFrameKeepsTheAppsPicture`).
        let box = (x: 1 * cell.0, y: 1 * cell.1, w: 21 * cell.0, h: 19 * cell.1)
        try run.expectSharpPicture(of: post, in: catalog, box: box, within: 3, tag: "kitty-demo", what: "demo in kitty")
    }

    /// kitty plays the first post's clip itself: two screenshots 300 ms apart differ inside the
    /// clip box; after `p` they are the same, and `p` again sets it moving.
    @Test func kittyPlaysTheClipAndPauseStopsIt() throws {
        guard try EmulatorGraphicsTests.ready() else { return }
        let (catalog, post) = try FirstClip.post()
        try #require(post.media.hasSuffix(".gif"), "the first post is a clip: \(post.media)")
        let run = try StorefrontInKitty(.kitty)
        defer { run.finish() }
        let cell = try #require(run.cellPixels, "media detect reported no cell size: \(run.detected)")
        let box = (x: 1 * cell.0, y: 1 * cell.1, w: 24 * cell.0, h: 21 * cell.1)
        let a = run.dir.appending("a.png").path, b = run.dir.appending("b.png").path
        /// Two crops of the box `gap` seconds apart, and how much they differ (MAE, 0...1).
        func change(over gap: Double) throws -> Double {
            try FileManager.default.copyItem(atPath: try run.screenshotCrop(box), toPath: a)
            Thread.sleep(forTimeInterval: gap)
            try FileManager.default.copyItem(atPath: try run.screenshotCrop(box), toPath: b)
            defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
            return try run.difference(a, b)
        }
        // Wait for the picture (the box stops being black), then watch it move.
        let deadline = Date().addingTimeInterval(15)
        while try run.mean(try run.screenshotCrop(box)) < 0.02, Date() < deadline { Thread.sleep(forTimeInterval: 0.3) }
        // The cells come first, the pixels right after: let the picture settle.
        Thread.sleep(forTimeInterval: 1)
        var moving = 0.0
        for _ in 0..<3 where moving == 0 { moving = try change(over: 0.3) }
        #expect(moving > 0, "the clip plays in the box: two screenshots 300 ms apart differ (MAE \(moving))")
        try run.sendText("p")
        Thread.sleep(forTimeInterval: 0.5)
        let paused = try change(over: 0.4)
        #expect(paused == 0, "paused: the box holds still (MAE \(paused))")
        try run.sendText("p")
        Thread.sleep(forTimeInterval: 0.2)
        var resumed = 0.0
        for _ in 0..<3 where resumed == 0 { resumed = try change(over: 0.3) }
        #expect(resumed > 0, "p again plays it (MAE \(resumed))")
        print("kitty animation: moving \(moving), paused \(paused), resumed \(resumed)")
    }
}

/// The feed's first post, whose clip the pixel tests score.
enum FirstClip {
    static func post() throws -> (Catalog, Post) {
        let catalog = try Catalog.load(from: bundledCatalog)
        let first = try #require(FeedComposer().items(for: .forYou, catalog: catalog, social: SocialState()).first)
        guard case .post(let postID) = first, let post = catalog.posts.first(where: { $0.id == postID }) else {
            throw EmulatorFailure("the first feed item is not a post: \(first)")
        }
        return (catalog, post)
    }

    static func hex(_ c: CatalogColor) -> String { String(format: "#%02x%02x%02x", c.red, c.green, c.blue) }
}

extension StorefrontInKitty {
    /// Screenshots of `box` until its score against `post`'s picture is below `threshold` or
    /// `seconds` pass (the terminal paints on its own schedule); the last scores. A failing
    /// run's screenshot is kept under `tag`.
    func waitForPicture(
        of post: Post, in catalog: Catalog, box: (x: Int, y: Int, w: Int, h: Int), below threshold: Double,
        within seconds: Double, tag: String
    ) throws -> (good: Double, blocky: Double) {
        var result = (good: 1.0, blocky: 0.0)
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            Thread.sleep(forTimeInterval: 0.3)
            result = try scores(of: post, in: catalog, box: box)
        } while result.good >= threshold && Date() < deadline
        if result.good >= threshold { keep(tag) }
        return result
    }

    /// Waits for `post`'s first frame in `box` (`waitForPicture`) and expects it shown as pixels:
    /// close to the source (MAE under 0.03) and sharper than half-block cells would be.
    func expectSharpPicture(
        of post: Post, in catalog: Catalog, box: (x: Int, y: Int, w: Int, h: Int), within seconds: Double, tag: String,
        what: String, context: String = ""
    ) throws {
        let (good, blocky) = try waitForPicture(of: post, in: catalog, box: box, below: 0.03, within: seconds, tag: tag)
        print("\(what): MAE \(good) (blocky \(blocky)), cell \(cellPixels.map { "\($0)" } ?? "?")")
        #expect(good < 0.03, "\(what): the clip box shows the first post's picture: MAE \(good)\n\(context)")
        #expect(good < blocky, "\(what): sharper than half blocks: \(good) vs \(blocky)")
    }

    /// A screenshot of `box` scored against `post`'s picture (first frame, over its backdrop),
    /// and against the same at half-block resolution; the crop stays in `crop.png`.
    func scores(of post: Post, in catalog: Catalog, box: (x: Int, y: Int, w: Int, h: Int)) throws -> (good: Double, blocky: Double) {
        let crop = try screenshotCrop(box)
        let source = catalog.mediaURL(post.media).path, background = FirstClip.hex(post.background)
        return (
            try score(crop, against: source, background: background, size: (box.w, box.h)),
            try score(crop, against: source, background: background, size: (box.w, box.h), blockyCells: (24, 21))
        )
    }
}

/// kitty (or xterm -ti vt340) at 80x24 on its own Xvfb display, with remote control on a private socket (for the
/// keys), running `media detect` (for the cell size) and then the storefront.
final class StorefrontInKitty {
    let dir: TemporaryDirectory
    let xvfb: Process
    let display: Int
    let kitty: Process
    private(set) var detected: [String] = []
    private(set) var cellPixels: (Int, Int)?
    private(set) var size: (Int, Int) = (0, 0)
    var socket: String { dir.appending("kitty.sock").path }

    /// `xtermLight`: a plain xterm in its own default colours, black on white (no sixel).
    /// `mlterm`: iTerm2's inline images (OSC 1337) in a real emulator (no iTerm2 or WezTerm
    /// runs here), no scroll bar, so its text area starts 2 pixels in like xterm's.
    enum Emulator { case kitty, xtermVT340, xtermLight, mlterm }

    let emulator: Emulator

    /// `command`: what runs instead of the local storefront (an `ssh` to `reelshop serve`).
    init(_ emulator: Emulator, arguments: [String] = [], command: [String]? = nil) throws {
        self.emulator = emulator
        dir = try TemporaryDirectory("storefront-kitty")
        (xvfb, display) = try EmulatorRun.startXvfb()
        let bin = shellQuote(reelshopBinary.path), out = dir.url.path
        let state = out + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        func file(_ name: String) -> String { shellQuote(out + "/" + name) }
        let local =
            "\(bin) --catalog \(shellQuote(bundledCatalog.path)) --state-dir \(shellQuote(state)) --skip-intro "
            + arguments.map(shellQuote).joined(separator: " ")
        let run: String = command.map { $0.map(shellQuote).joined(separator: " ") } ?? local
        var script = "printf '\\033[?25l'; \(bin) media detect > \(file("detect.txt")) 2>&1; stty size > \(file("size.txt")); "
        script += "touch \(file("started")); "
        script += run + " 2> \(file("err.txt")); "
        script += "echo $? > \(file("status")); touch \(file("exited")); "
        script += "while [ ! -e \(file("quit")) ]; do sleep 0.1; done"
        let scriptPath = out + "/script.sh"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        kitty = Process()
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = ":\(display)"
        environment["LIBGL_ALWAYS_SOFTWARE"] = "1"
        environment["LANG"] = "C.UTF-8"
        for key in ["TMUX", "REELSHOP_GRAPHICS", "REELSHOP_REDUCE_MOTION"] { environment.removeValue(forKey: key) }
        switch emulator {
        case .xtermVT340:
            kitty.executableURL = URL(fileURLWithPath: EmulatorGraphicsTests.tool("xterm") ?? "/usr/bin/xterm")
            kitty.arguments = [
                "-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256", "-bg", "black", "-fg", "white",
                "-geometry", "80x24+0+0", "-e", "sh", scriptPath,
            ]
        case .xtermLight:
            kitty.executableURL = URL(fileURLWithPath: EmulatorGraphicsTests.tool("xterm") ?? "/usr/bin/xterm")
            kitty.arguments = [
                "-tn", "xterm-256color", "-bg", "white", "-fg", "black", "-geometry", "80x24+0+0", "-e", "sh", scriptPath,
            ]
        case .mlterm:
            kitty.executableURL = URL(fileURLWithPath: EmulatorGraphicsTests.tool("mlterm") ?? "/usr/bin/mlterm")
            kitty.arguments = ["--sb=false", "--geometry", "80x24+0+0", "-e", "sh", scriptPath]
        case .kitty:
            kitty.executableURL = URL(fileURLWithPath: EmulatorGraphicsTests.tool("kitty") ?? "/usr/bin/kitty")
            kitty.arguments = [
                "--config", "NONE", "-o", "font_family=DejaVu Sans Mono", "-o", "background=#000000", "-o", "cursor_blink_interval=0",
                "-o", "initial_window_width=80c", "-o", "initial_window_height=24c", "-o", "remember_window_size=no",
                "-o", "allow_remote_control=yes", "--listen-on", "unix:" + socket, "sh", scriptPath,
            ]
        }
        kitty.environment = environment
        kitty.standardOutput = FileHandle.nullDevice
        kitty.standardError = FileHandle.nullDevice
        try kitty.run()
        let started = dir.appending("started").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: started), Date() < deadline, kitty.isRunning { usleep(50_000) }
        detected = ((try? String(contentsOf: dir.appending("detect.txt"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        let cellLine = detected.first { $0.hasPrefix("cell size: ") }
        let numbers = cellLine?.dropFirst("cell size: ".count).split(separator: " ").first?.split(separator: "x").compactMap { Int($0) }
        cellPixels = numbers.flatMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        let rc = ((try? String(contentsOf: dir.appending("size.txt"), encoding: .utf8)) ?? "").split(separator: " ")
            .compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if rc.count == 2 { size = (rc[1], rc[0]) }
    }

    /// Copies the last screenshot to the temporary directory, for a failing run.
    func keep(_ tag: String) {
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("reelshop-storefront-\(tag)-\(getpid()).png")
        try? FileManager.default.removeItem(at: keep)
        try? FileManager.default.copyItem(atPath: dir.appending("shot.png").path, toPath: keep.path)
        print("screenshot kept at \(keep.path)")
    }

    /// Types `text` into the storefront: kitty's remote control, or xdotool into xterm's window
    /// (real key events through the X server; xterm ignores synthetic ones).
    func sendText(_ text: String) throws {
        guard emulator != .kitty else { return try kittyCommand(["send-text", text]) }
        guard let xdotool = EmulatorGraphicsTests.tool("xdotool") else { throw EmulatorFailure("xdotool is missing") }
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = ":\(display)"
        let window = try run(URL(fileURLWithPath: xdotool), ["search", "--pid", "\(kitty.processIdentifier)"], environment: environment, timeout: 15)
        guard let id = window.stdout.split(separator: "\n").first.map(String.init) else { throw EmulatorFailure("no xterm window: \(window)") }
        _ = try run(URL(fileURLWithPath: xdotool), ["windowfocus", "--sync", id], environment: environment, timeout: 15)
        let typed = try run(URL(fileURLWithPath: xdotool), ["type", "--delay", "50", text], environment: environment, timeout: 15)
        if typed.status != 0 { throw EmulatorFailure("xdotool type: \(typed)") }
    }

    /// SIGTERM to the storefront: through kitty (`signal-child`), or to the process itself.
    func terminateStorefront() throws {
        guard emulator != .kitty else { return try kittyCommand(["signal-child", "SIGTERM"]) }
        let killed = try run(
            URL(fileURLWithPath: "/usr/bin/pkill"), ["-TERM", "-f", "--", "--state-dir " + dir.url.path + "/state"],
            environment: ProcessInfo.processInfo.environment, timeout: 15)
        if killed.status != 0 { throw EmulatorFailure("pkill: \(killed)") }
    }

    /// `kitty @ ARGUMENTS` on this window's socket.
    func kittyCommand(_ arguments: [String]) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = ":\(display)"
        let path = EmulatorGraphicsTests.tool("kitty") ?? "/usr/bin/kitty"
        let result = try run(URL(fileURLWithPath: path), ["@", "--to", "unix:" + socket] + arguments, environment: environment, timeout: 15)
        if result.status != 0 { throw EmulatorFailure("kitty @ \(arguments): \(result)") }
    }

    /// A screenshot of the whole display cropped to `box` (pixels).
    func screenshotCrop(_ box: (x: Int, y: Int, w: Int, h: Int)) throws -> String {
        let shot = dir.appending("shot.png").path, crop = dir.appending("crop.png").path
        _ = try magick("import", ["-display", ":\(display)", "-window", "root", shot])
        _ = try magick("convert", [shot, "-crop", "\(box.w)x\(box.h)+\(box.x)+\(box.y)", "+repage", crop])
        return crop
    }

    /// Mean absolute error of `crop` against `source` fitted (aspect kept, centred over
    /// `background`) into `size`; with `blockyCells`, against the source at half-block resolution.
    func score(
        _ crop: String, against source: String, background: String, size: (Int, Int), blockyCells: (Int, Int)? = nil
    ) throws -> Double {
        let ref = dir.appending("ref.png").path
        let blockSteps = blockyCells.map { ["-scale", "\($0.0)x\($0.1 * 2)!", "-scale", "\(size.0)x\(size.1)!"] } ?? []
        // `[0]`: a GIF's first frame (the still the storefront shows), not all frames flattened.
        _ = try magick(
            "convert",
            [
                source + "[0]", "-background", background, "-flatten", "-resize", "\(size.0)x\(size.1)",
                "-gravity", "center", "-extent", "\(size.0)x\(size.1)",
            ] + blockSteps + [ref])
        let result = try magick("compare", ["-metric", "MAE", crop, ref, "null:"], allowFailure: true)
        guard let open = result.stderr.firstIndex(of: "("), let close = result.stderr.firstIndex(of: ")"),
            let value = Double(result.stderr[result.stderr.index(after: open)..<close])
        else {
            throw EmulatorFailure("compare gave no score: \(result)")
        }
        return value
    }

    /// Mean absolute error between two pictures of one size (0: identical).
    func difference(_ a: String, _ b: String) throws -> Double {
        let result = try magick("compare", ["-metric", "MAE", a, b, "null:"], allowFailure: true)
        guard let open = result.stderr.firstIndex(of: "("), let close = result.stderr.firstIndex(of: ")"),
            let value = Double(result.stderr[result.stderr.index(after: open)..<close])
        else {
            throw EmulatorFailure("compare gave no score: \(result)")
        }
        return value
    }

    /// The mean brightness of a picture, 0 (black) to 1.
    func mean(_ picture: String) throws -> Double {
        let text = try magick("convert", [picture, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"]).stdout
        guard let value = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw EmulatorFailure("no mean: \(text)") }
        return value
    }

    func magick(_ name: String, _ arguments: [String], allowFailure: Bool = false) throws -> ProcessResult {
        guard let path = EmulatorGraphicsTests.tool(name) else { throw EmulatorFailure("\(name) is missing") }
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = ":\(display)"
        let result = try run(URL(fileURLWithPath: path), arguments, environment: environment, timeout: 30)
        if !allowFailure && result.status != 0 { throw EmulatorFailure("\(name) \(arguments): \(result)") }
        return result
    }

    /// Ends the script, kitty and Xvfb by their own process ids, and removes the files.
    func finish() {
        FileManager.default.createFile(atPath: dir.appending("quit").path, contents: nil)
        if !waitForExit(kitty, timeout: 5) { kill(kitty.processIdentifier, SIGKILL); kitty.waitUntilExit() }
        kill(xvfb.processIdentifier, SIGTERM)
        if !waitForExit(xvfb, timeout: 1) { kill(xvfb.processIdentifier, SIGKILL); xvfb.waitUntilExit() }
        let lock = "/tmp/.X\(display)-lock"
        let owner = (try? String(contentsOfFile: lock, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if owner == nil || owner == xvfb.processIdentifier {
            try? FileManager.default.removeItem(atPath: lock)
            try? FileManager.default.removeItem(atPath: "/tmp/.X11-unix/X\(display)")
        }
        dir.remove()
    }
}
