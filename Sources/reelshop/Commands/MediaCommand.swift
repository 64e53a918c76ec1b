import ArgumentParser
import Foundation
import ShopMedia

/// `reelshop media ...`: product pictures and clips outside the storefront.
struct MediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Preview product pictures and clips as terminal cells.",
        subcommands: [Render.self]
    )

    /// `reelshop media render FILE`: prints one frame (or plays the clip) with ANSI colours.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a PNG or GIF as half-block cells.",
            discussion: """
                Prints one frame with ANSI escapes (each line ends with a reset), e.g.
                  reelshop media render Assets/media/runner-sneaker.gif --size 40x30 --frame 3
                With --play, plays the clip (or a still's motion) in place for --loops loops.
                """
        )

        @Argument(help: "A PNG or GIF file.")
        var file: String

        @Option(help: "The cell box, WIDTHxHEIGHT, at most 1000x1000 (each cell shows two pixels stacked).")
        var size: String = "36x32"

        @Option(help: "Colours: 256, 16, 8 or none.")
        var colors: String = "256"

        @Option(help: "Which frame of an animation to print (0-based).")
        var frame: Int = 0

        @Option(help: "Motion for a still: zoom, pan, float or none.")
        var motion: String = "none"

        @Option(help: "Seconds into the motion loop for a still.")
        var time: Double = 0

        @Option(help: "Background colour behind transparent pixels, #rrggbb.")
        var background: String = "#121218"

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
            guard let cells = CellSize(size) else { throw refuse("--size must look like 40x20, not '\(size)'.") }
            guard cells.width <= Self.maximumCells, cells.height <= Self.maximumCells else {
                throw refuse("--size is at most \(Self.maximumCells)x\(Self.maximumCells) cells, not \(size).")
            }
            guard ColorMode(argument: colors) != nil else {
                throw refuse("--colors must be 256, 16, 8 or none, not '\(colors)'.")
            }
            guard StillMotion(rawValue: motion) != nil else {
                throw refuse("--motion must be zoom, pan, float or none, not '\(motion)'.")
            }
            guard RGB(hex: background) != nil else { throw refuse("--background must be #rrggbb, not '\(background)'.") }
            guard frame >= 0 else { throw refuse("--frame must be 0 or more.") }
            guard loops >= 1 else { throw refuse("--loops must be 1 or more.") }
        }

        func run() throws {
            guard let cells = CellSize(size), let mode = ColorMode(argument: colors),
                  let stillMotion = StillMotion(rawValue: motion), let bg = RGB(hex: background) else { return }
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
            let raster = MediaRenderer.render(clip, frame: frame, into: cells, mode: mode, background: bg,
                                              motion: clip.isAnimated ? .identity : transform)
            Output.terminalBytes(Self.text(raster, mode: mode))
        }

        /// The raster with ANSI colours, or, with `--colors none`, its characters alone: no
        /// escape at all, for a terminal (or a file) that should get none.
        static func text(_ raster: CellRaster, mode: ColorMode) -> String {
            guard mode == .none else { return AnsiRenderer.render(raster) }
            return raster.lines.map { $0 + "\n" }.joined()
        }

        /// Plays against the real clock with the same schedule the storefront uses.
        private func playInPlace(_ clip: MediaClip, cells: CellSize, mode: ColorMode, motion: StillMotion,
                                 background: RGB) throws {
            let schedule = clip.isAnimated
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
                let raster = MediaRenderer.render(clip, frame: player.frameIndex(at: now), into: cells, mode: mode,
                                                  background: background, motion: transform)
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
