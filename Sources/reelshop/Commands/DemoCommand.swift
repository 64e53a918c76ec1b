import ArgumentParser
import Foundation
import NcursesBackend
import ShopCore
import ShopQR
import ShopUI

/// `reelshop demo`: the storefront runs itself through a tour for a presenter, in a throwaway
/// state directory, until a key hands it over.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A self-running tour of the storefront for presenters; any key takes over.",
        discussion: """
            Scrolls the feed, opens a product, picks an option, adds it to the cart, links an \
            account (approved by the demo marketplace), checks out and shows the order's \
            tracking, with a caption bar narrating each step. Any key or click stops the tour and \
            leaves the storefront to you, in the same state. Everything happens in a fresh \
            temporary state directory that is removed at exit: your own cart, accounts and orders \
            are never touched (so --state-dir is refused). The tour is a JSON file \
            (Assets/demo-tour.json); --script runs another.
            """
    )

    /// `--catalog` as the root command has it; `--state-dir` is read only to be refused, and
    /// kept out of the help (demo never offers it). See `CommonOptions`.
    @OptionGroup var catalogOption: CatalogOption
    @OptionGroup(visibility: .private) var stateDirOption: StateDirOption
    @OptionGroup var storefront: StorefrontOptions

    @Flag(help: "Start again when the tour ends, with a fresh cart, accounts and orders each time (a kiosk).")
    var loop = false

    @Option(help: ArgumentHelp("Run the tour this many times faster (0.25-20).", valueName: "x"))
    var speed: Double = 1

    @Option(help: ArgumentHelp("A tour file to run instead of the bundled one.", valueName: "file"))
    var script: String?

    func validate() throws {
        guard DemoDirector.speeds.contains(speed) else {
            throw ValidationError("--speed expects a number from 0.25 to 20, found \(speed).")
        }
        guard stateDirOption.stateDir == nil else {
            throw ValidationError("demo always runs in a throwaway state directory of its own; leave out --state-dir.")
        }
    }

    func run() async throws {
        // Everything that can fail without a terminal fails before the screen is taken.
        let tour = try loadTour()
        let catalog = try CommonOptions.loadCatalog(from: CommonOptions.catalogDirectory(catalogOption.catalog))
        nonisolated(unsafe) let storefront = storefront
        let speed = speed, loop = loop
        let status = try await Storefront.onOwnThread {
            try DemoCommand.present(tour: tour, speed: speed, loop: loop, catalog: catalog, options: storefront)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// `--script`, else the tour that ships beside the bundled catalog.
    private func loadTour() throws -> DemoTour {
        let url = script.map { URL(fileURLWithPath: $0) } ?? BundledCatalog.directory.appendingPathComponent("demo-tour.json")
        do {
            return try DemoTour.load(from: url)
        } catch {
            throw CleanExit.message(error.description, status: 2)
        }
    }

    /// Runs the tour (again and again with `loop`), each run in a new temporary state directory
    /// that is removed as soon as the run ends, however it ends.
    private static func present(
        tour: DemoTour, speed: Double, loop: Bool, catalog: Catalog,
        options: StorefrontOptions
    ) throws -> Int32 {
        var directory = try throwaway()
        let terminal: NcursesTerminal
        do {
            // The tour asks the terminal as the storefront does (REELSHOP_GRAPHICS, else auto):
            // in kitty, sixel and iTerm2 terminals its clips are pictures too.
            let look = try GraphicsOption.parse([]).terminalLook(appearance: options.appearanceChoice())
            terminal = try Storefront.openTerminal(pixels: look.pixels, appearance: look.appearance, typedAhead: look.typedAhead)
        } catch {
            directory.remove()
            throw error
        }
        var failure: (any Error)?
        // One clip library for every run of the tour: a loop does not decode the clips again.
        let clips = ClipLibrary()
        clips.decodesInTheBackground = true  // as the storefront's: no clip decoded on the loop
        while true {
            // Each run has a marketplace of its own in its throwaway directory: full stock, no
            // earlier run's orders or deal limits.
            let market: MarketConnection
            let database = directory.file("marketplace.sqlite").path
            do {
                market = try MarketConnection.blocking {
                    try await MarketConnection.embedded(catalog: catalog, database: database)
                }
            } catch {
                failure = error
                directory.remove()
                break
            }
            let environment = AppEnvironment(
                cartStore: CartStore(stateDirectory: directory, catalog: catalog), clips: clips,
                market: MarketServices(registry: market.registry, catalog: catalog, stateDirectory: directory), qrEncoder: QREncoder.encode)
            let runner = AppRunner(
                catalog: catalog, backend: terminal, environment: environment, playback: options.playback(),
                // The tour starts on the feed; the interest picker would take its first keys.
                offersInterestPicker: false, director: DemoDirector(tour: tour, speed: speed), stopAfterTour: loop)
            let end = runner.run()
            try? MarketConnection.blocking { await market.close() }
            directory.remove()
            guard end == .tourFinished else { break }
            do {
                directory = try StateDirectory.makeTemporary()
            } catch {
                failure = error
                break
            }
        }
        terminal.close()
        // Only now, with the terminal restored, can a message be read.
        if let failure {
            if let exit = failure as? ExitCode { throw exit }
            throw CleanExit.message("\(failure)", status: 73)
        }
        return 0
    }

    private static func throwaway() throws -> StateDirectory {
        do {
            return try StateDirectory.makeTemporary()
        } catch {
            throw CleanExit.message(error.description, status: 73)
        }
    }
}
