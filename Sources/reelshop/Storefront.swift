import ArgumentParser
import Foundation
import NcursesBackend
import ShopCore
import ShopMedia
import ShopQR
import ShopUI
import TerminalGraphics

/// Options that only matter to the interactive storefront.
struct StorefrontOptions: ParsableArguments {
    @Option(name: .customLong("fps"), help: ArgumentHelp("Most clip frames drawn per second (1-60).", valueName: "N"))
    var framesPerSecond: Int = 15

    @Flag(
        name: .customLong("reduce-motion"),
        help: "Show still pictures: no clip animation, no slides (also REELSHOP_REDUCE_MOTION=1).")
    var reduceMotion = false

    @Option(
        name: .customLong("idle-pause"),
        help: ArgumentHelp(
            "Pause the clip after this long without a key or a click, e.g. 2m (also REELSHOP_IDLE_PAUSE; serve's visitors get 2m). Default: play on.",
            valueName: "duration"))
    var idlePause: DurationArgument?

    @Flag(
        name: .customLong("skip-intro"),
        help: "Do not offer the first-run interest picker (also REELSHOP_SKIP_INTRO=1).")
    var skipIntro = false

    /// The flag, or REELSHOP_SKIP_INTRO set to anything but "" or "0".
    func offersInterestPicker(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        !(skipIntro || (environment["REELSHOP_SKIP_INTRO"].map { !$0.isEmpty && $0 != "0" } ?? false))
    }

    @Option(
        help: ArgumentHelp(
            "Colours for the terminal's background: auto, dark or light (default: REELSHOP_THEME, else auto: "
                + "the graphics detection asks the terminal for its background colour; dark when it does not say, "
                + "or when --graphics is given).",
            valueName: "theme"))
    var theme: String?

    /// --theme, else REELSHOP_THEME; nil for auto. A bad value in either is a usage error.
    func appearanceChoice(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Appearance? {
        func choice(_ value: String, _ name: String) throws -> Appearance? {
            if value == "auto" { return nil }
            guard let appearance = Appearance(rawValue: value) else {
                throw CleanExit.message("\(name) must be auto, dark or light, not '\(shown(value))'.", status: 64)
            }
            return appearance
        }
        if let theme { return try choice(theme, "--theme") }
        if let value = environment["REELSHOP_THEME"], !value.isEmpty { return try choice(value, "REELSHOP_THEME") }
        return nil
    }

    mutating func validate() throws {
        guard (1...60).contains(framesPerSecond) else {
            throw ValidationError("--fps expects a number from 1 to 60, found \(framesPerSecond).")
        }
        if let idlePause, idlePause.seconds < 1 {
            throw ValidationError("--idle-pause is at least 1s, not \(idlePause.text).")
        }
    }

    /// The playback settings: the flag, or REELSHOP_REDUCE_MOTION set to anything but "" or "0".
    func playback(environment: [String: String] = ProcessInfo.processInfo.environment) -> PlaybackState {
        let fromEnvironment = environment["REELSHOP_REDUCE_MOTION"].map { !$0.isEmpty && $0 != "0" } ?? false
        // The flag, else REELSHOP_IDLE_PAUSE (a duration; one that does not read as one, or under
        // a second, is ignored: the clip plays on).
        let idle = idlePause?.seconds ?? environment["REELSHOP_IDLE_PAUSE"].flatMap(DurationArgument.init(argument:))?.seconds
        return PlaybackState(
            reduceMotion: reduceMotion || fromEnvironment, maxFramesPerSecond: framesPerSecond, idlePause: idle.flatMap { $0 >= 1 ? $0 : nil })
    }
}

/// `--graphics`, on the storefront (the root command) and `media render`. One type for both:
/// ArgumentParser lets a parent's option appear after a subcommand's name and the parent takes
/// it, so a second `--graphics` of `media render`'s own never saw its value; a subcommand's
/// option group of the parent's type is handed the parent's parsed value instead.
struct GraphicsOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Graphics: auto, kitty, sixel, iterm or cells (default: REELSHOP_GRAPHICS, else auto). "
                + "The storefront shows the feed clip and the product's picture as real pictures in kitty, sixel "
                + "and iTerm2 terminals.",
            valueName: "mode"))
    var graphics: String?

    /// --graphics, else REELSHOP_GRAPHICS, else auto; a bad value in either is a usage error.
    func graphicsChoice(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GraphicsChoice {
        if let graphics {
            guard let choice = GraphicsChoice(argument: graphics) else {
                throw CleanExit.message("--graphics must be auto, kitty, sixel, iterm or cells, not '\(shown(graphics))'.", status: 64)
            }
            return choice
        }
        if let value = environment["REELSHOP_GRAPHICS"], !value.isEmpty {
            guard let choice = GraphicsChoice(argument: value) else {
                throw CleanExit.message("REELSHOP_GRAPHICS must be auto, kitty, sixel, iterm or cells, not '\(shown(value))'.", status: 64)
            }
            return choice
        }
        return .auto
    }

    /// Where pictures go and which colours the text takes: `cells` asks nothing (exactly the
    /// storefront before pixels); `auto` runs the in-band detection on the terminal before
    /// ncurses takes it over, and its background colour answer picks light or dark colours
    /// unless `appearance` (--theme, REELSHOP_THEME) says.
    func terminalLook(appearance: Appearance?) throws -> (pixels: PixelOutput, appearance: Appearance, typedAhead: [UInt8]) {
        let choice = try graphicsChoice()
        if choice == .cells { return (.cells, appearance ?? .dark, []) }
        let target = try GraphicsTarget.resolve(choice)
        let pixels = PixelOutput(
            mode: target.mode, detected: target.detection?.mode ?? target.mode,
            passthrough: target.passthrough, cellPixels: target.cellPixels)
        return (
            pixels, appearance ?? target.detection?.background.map(Appearance.init(background:)) ?? .dark,
            target.detection?.typedAhead ?? []
        )
    }

}

/// Opens the full-screen storefront: everything that can fail without a terminal is checked
/// first, so its message is printed plainly; the terminal is restored however the run ends.
enum Storefront {
    static func open(
        common: CommonOptions, catalog: Catalog, market connection: MarketConnection, options: StorefrontOptions, graphics: GraphicsOption
    ) throws -> Int32 {
        let killSwitch = try MarketCLI.debugKillSwitch()
        let cartStore = try common.cartStore(catalog: catalog)
        // cartStore(catalog:) has created the state directory; accounts and orders live there too.
        let market = MarketServices(
            registry: connection.registry, catalog: catalog, stateDirectory: common.stateDirectory, killSwitch: killSwitch)
        let look = try graphics.terminalLook(appearance: options.appearanceChoice())
        let terminal = try openTerminal(pixels: look.pixels, appearance: look.appearance, typedAhead: look.typedAhead)
        // Everything the run is wired to, made here at the edge; the clips are decoded once per
        // box and kept (the view and the runner's prefetch share them) — under serve's zygote,
        // the ones it decoded for everyone, and its search index.
        let warm = WarmStart.current
        let clips = warm?.clips ?? ClipLibrary()
        // A clip not decoded yet is decoded on the prefetch thread, not on the loop that answers keys.
        clips.decodesInTheBackground = true
        let environment = AppEnvironment(
            cartStore: cartStore, clips: clips, searchIndex: warm?.searchIndex, market: market, qrEncoder: QREncoder.encode)
        let runner = AppRunner(
            catalog: catalog, backend: terminal, environment: environment, playback: options.playback(),
            offersInterestPicker: options.offersInterestPicker())
        runner.run()
        terminal.close()
        return 0
    }

    /// Takes the screen; a terminal that cannot be used ends the command with its reason (status 2).
    static func openTerminal(pixels: PixelOutput = .cells, appearance: Appearance = .dark, typedAhead: [UInt8] = []) throws -> NcursesTerminal {
        do {
            return try NcursesTerminal(pixels: pixels, appearance: appearance, typedAhead: typedAhead)
        } catch {
            throw CleanExit.message(error.description, status: 2)
        }
    }

    /// Runs a storefront loop on a thread of its own: the loop blocks in poll(2), and Swift's
    /// small cooperative pool must stay free for the marketplace tasks it starts.
    static func onOwnThread(_ body: @escaping @Sendable () throws -> Int32) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "storefront"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
