import ArgumentParser
import Foundation
import ShopMedia
import TerminalGraphics

/// `reelshop media ...`: product pictures and clips outside the storefront.
struct MediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Preview product pictures and clips as terminal pixels or cells.",
        subcommands: [Render.self, Detect.self]
    )

    /// `reelshop media render FILE`: prints one frame (or plays the clip) with ANSI colours.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a PNG or GIF as terminal pixels (kitty, sixel, iTerm2) or cells.",
            discussion: """
                Prints one frame, e.g.
                  reelshop media render Assets/media/runner-sneaker.gif --size 40x30 --frame 3
                --graphics auto (the default, or REELSHOP_GRAPHICS) asks the terminal what it can \
                show when standard output is a terminal (see `reelshop media detect`), else cells. \
                Cells are ANSI colours and block symbols (each line ends with a reset); --symbols \
                quadrant or sextant give 2x2 or 2x3 pixels a cell where the font has them.
                With --play, plays the clip (or a still's motion) in place for --loops loops (cells).
                """
        )

        @Argument(help: "A PNG or GIF file.")
        var file: String

        @Option(help: ArgumentHelp("The cell box, at most 1000x1000 (each cell shows two pixels stacked).", valueName: "WIDTHxHEIGHT"))
        var size = CellSize(width: 36, height: 32)

        // Optional: ArgumentParser would show a CaseIterable default by its raw value (ansi256).
        @Option(help: "Colours (default: 256):")
        var colors: ColorMode?

        @Option(help: "Which frame of an animation to print (0-based).")
        var frame: Int = 0

        @Option(help: "Motion for a still: zoom, pan, float or none.")
        var motion = StillMotion.none

        @Option(help: "Seconds into the motion loop for a still.")
        var time: Double = 0

        @Option(help: ArgumentHelp("Background colour behind transparent pixels.", valueName: "#rrggbb"))
        var background = RGB(0x12, 0x12, 0x18)

        /// The root command's type: `--graphics` after `media render` reaches here (see GraphicsOption).
        @OptionGroup var graphicsOption: GraphicsOption

        @Option(help: ArgumentHelp("Cell symbols: half, quadrant or sextant.", valueName: "set"))
        var symbols = SymbolSet.half

        @Flag(help: "Play the clip in place instead of printing one frame.")
        var play = false

        @Option(help: "Loops to play with --play.")
        var loops: Int = 2

        /// The largest box printed: a terminal of 1000 columns is already far wider than any
        /// screen; beyond it the pixel buffers alone would take gigabytes (100000x100000 trapped).
        static let maximumCells = 1000

        /// Mistakes in the options end the command like every other: "reelshop: ..." on stderr,
        /// exit status 64 (usage).
        func validate() throws {
            func refuse(_ message: String) -> ExitCode { CleanExit.message(message, status: 64) }
            guard size.width <= Self.maximumCells, size.height <= Self.maximumCells else {
                throw refuse("--size is at most \(Self.maximumCells)x\(Self.maximumCells) cells, not \(size).")
            }
            guard frame >= 0 else { throw refuse("--frame must be 0 or more.") }
            guard loops >= 1 else { throw refuse("--loops must be 1 or more.") }
            let choice = try graphicsOption.graphicsChoice()
            if play, choice != .auto, choice != .cells {
                throw refuse("--play shows cells only; pixel animation is not built yet. Use --graphics cells.")
            }
        }

        func run() throws {
            let cells = size, mode = colors ?? .ansi256, stillMotion = motion, bg = background
            let clip: MediaClip
            do {
                // Decoded for the box, as the storefront does (the same cells as the feed, and a
                // 4096x4096 clip never held at full size).
                clip = try MediaDecoder.load(path: file, fitting: PixelSize.decodeBound(for: cells))
            } catch {
                // Missing or unreadable: 66 (no input); not a picture we can show: 65 (bad data).
                throw CleanExit.message(error.description, status: error.kind == .unreadable ? 66 : 65)
            }
            if play {
                try playInPlace(clip, cells: cells, mode: mode, motion: stillMotion, background: bg)
                return
            }
            guard frame < clip.frames.count else {
                throw CleanExit.message("\(file) has \(clip.frames.count) frame\(clip.frames.count == 1 ? "" : "s"); --frame must be below that.", status: 64)
            }
            let transform = stillMotion.transform(at: .milliseconds(Int64((time * 1000).rounded())))
            let motion = clip.isAnimated ? MotionTransform.identity : transform
            // --colors none asks for characters only: auto does not even ask the terminal.
            var choice = try graphicsOption.graphicsChoice()
            if choice == .auto && mode == .none { choice = .cells }
            let target = try GraphicsTarget.resolve(choice)
            if target.mode.sendsPixels {
                let sequences: [[UInt8]]
                do {
                    sequences = try PixelRenderer.sequences(
                        clip, frame: frame, into: cells, cellPixels: target.cellPixels,
                        mode: target.mode, background: bg, motion: motion)
                } catch {
                    throw CleanExit.message(error.description, status: 65)
                }
                // Inside tmux with passthrough each sequence (each kitty chunk) goes wrapped.
                Output.terminalBytes(target.passthrough ? TmuxPassthrough.wrap(sequences: sequences) : sequences.flatMap { $0 })
                Output.terminalBytes("\n")
                return
            }
            let raster = MediaRenderer.render(
                clip, frame: frame, into: cells, mode: mode, background: bg,
                motion: motion, symbols: symbols)
            Output.terminalBytes(Self.text(raster, mode: mode))
        }

        /// The raster with ANSI colours, or, with `--colors none`, its characters alone: no
        /// escape at all, for a terminal (or a file) that should get none.
        static func text(_ raster: CellRaster, mode: ColorMode) -> String {
            guard mode == .none else { return AnsiRenderer.render(raster) }
            return raster.lines.map { $0 + "\n" }.joined()
        }

        /// Plays against the real clock with the same schedule the storefront uses.
        private func playInPlace(
            _ clip: MediaClip, cells: CellSize, mode: ColorMode, motion: StillMotion,
            background: RGB
        ) throws {
            let schedule =
                clip.isAnimated
                ? PlaybackSchedule(delays: clip.delays, maxFramesPerSecond: 30)
                : PlaybackSchedule.still(motion: motion, maxFramesPerSecond: 12)
            let clock = ContinuousClock()
            let origin = clock.now
            let player = ClipPlayer(schedule: schedule, startedAt: .zero)
            let end = schedule.loopDuration * loops
            var now = Duration.zero
            var first = true
            while now <= end {
                let transform = clip.isAnimated ? MotionTransform.identity : motion.transform(at: now)
                let raster = MediaRenderer.render(
                    clip, frame: player.frameIndex(at: now), into: cells, mode: mode,
                    background: background, motion: transform,
                    symbols: symbols)
                let home = first ? "" : "\u{1B}[\(raster.height)A"
                Output.terminalBytes(home + Self.text(raster, mode: mode))
                first = false
                // Hold the last frame until the end instead of quitting early.
                let next = player.nextDeadline(after: now) ?? end
                let wait = min(next, end) - (clock.now - origin)
                if wait > .zero { Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) * 1e-18) }
                if next > end { break }
                now = clock.now - origin
            }
        }
    }
}

/// `--graphics`' values: a mode, or `auto` to ask the terminal.
enum GraphicsChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, kitty, sixel, iterm, cells

    var mode: GraphicsMode? { GraphicsMode(rawValue: rawValue) }
}

/// Where pictures go and how: the mode, tmux wrapping and the cell size in pixels.
struct GraphicsTarget {
    var mode: GraphicsMode
    var passthrough = false
    var cellPixels: CellPixels
    var detection: GraphicsDetection?
    /// Where the cell size came from, for `media detect`.
    var cellPixelsSource: String

    /// A forced mode is used as given; `auto` detects when standard output is a terminal
    /// (queries and replies on /dev/tty, so stdin may be a pipe) and is cells otherwise.
    /// The cell size: the window's pixel size (TIOCGWINSZ), else the terminal's `CSI 16 t`
    /// answer, else 10x20.
    static func resolve(
        _ choice: GraphicsChoice, budget: Duration = GraphicsDetector.defaultBudget,
        forceDetection: Bool = false
    ) throws -> GraphicsTarget {
        let window = GraphicsDetector.windowCellPixels(fd: 1)
        var target = GraphicsTarget(
            mode: choice.mode ?? .cells, cellPixels: window ?? .fallback,
            cellPixelsSource: window == nil ? "fallback" : "TIOCGWINSZ")
        guard choice == .auto || forceDetection else {
            // A forced kitty or iTerm2 picture inside tmux goes through passthrough: tmux itself
            // never draws those (sixel is left to tmux, which draws it when built with sixel).
            let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
            target.passthrough = (term.hasPrefix("tmux") || term.hasPrefix("screen")) && (choice == .kitty || choice == .iterm)
            return target
        }
        guard forceDetection || isatty(1) == 1, let tty = openTerminal() else { return target }
        defer { close(tty) }
        let detection = GraphicsDetector.detect(
            input: tty, output: tty,
            term: ProcessInfo.processInfo.environment["TERM"], budget: budget)
        if choice == .auto { target.mode = detection.mode }
        target.passthrough = detection.passthrough && choice == .auto
        target.detection = detection
        let chosen = CellPixelsChoice.choose(
            window: window ?? GraphicsDetector.windowCellPixels(fd: tty),
            replied: detection.cellPixels)
        target.cellPixels = chosen.pixels
        target.cellPixelsSource = chosen.source
        return target
    }

    /// The controlling terminal, read and written directly; nil without one (cron, CI).
    static func openTerminal() -> Int32? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }
}

extension MediaCommand {
    /// `reelshop media detect`: what `--graphics auto` would pick here, and what answered.
    struct Detect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the terminal which graphics it shows: kitty, sixel, iterm or cells.",
            discussion: """
                Writes one batch of queries to the terminal (/dev/tty): the kitty graphics query, \
                XTVERSION, the cell size and DA1 last, and reads the answers for at most --budget \
                milliseconds. Inside tmux the queries are repeated through passthrough. Prints \
                the mode, how long the detection took, then every answer.
                """
        )

        @Option(help: "Milliseconds to wait for answers, 1 to 2000.")
        var budget: Int = 250

        func validate() throws {
            guard (1...2000).contains(budget) else {
                throw CleanExit.message("--budget must be 1 to 2000 milliseconds, not \(budget).", status: 64)
            }
        }

        func run() throws {
            guard let probe = GraphicsTarget.openTerminal() else {
                throw CleanExit.message("media detect needs a terminal, and /dev/tty cannot be opened here.", status: 69)
            }
            close(probe)
            let clock = ContinuousClock()
            let started = clock.now
            let target = try GraphicsTarget.resolve(.auto, budget: .milliseconds(budget), forceDetection: true)
            let took = clock.now - started
            guard let detection = target.detection else { return }
            Output.line("graphics: \(detection.mode.rawValue)")
            // From the first query written to the last answer read (or the budget's end).
            Output.line("took: \(String(format: "%.1f", Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000)) ms")
            Output.line(
                "tmux: \(detection.insideTmux ? "yes" : "no")\(detection.insideTmux ? ", passthrough \(detection.passthrough ? "works" : "off or not answered")" : "")"
            )
            Output.line("cell size: \(target.cellPixels) pixels (\(target.cellPixelsSource))")
            Output.line("answered:")
            for answer in detection.answers { Output.line("  " + shown(answer)) }
        }
    }
}
