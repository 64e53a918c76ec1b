import ArgumentParser
import CMalloc
import Foundation
import ShopCore

/// `reelshop`: with no subcommand, opens the storefront.
@main
struct Reelshop: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "reelshop",
        abstract: "A short-video storefront for the terminal.",
        discussion: """
            With no subcommand, opens the storefront: a full-screen feed of product clips. \
            Press ? inside for every key.
            """,
        version: version,
        subcommands: [
            CartCommand.self, CatalogCommand.self, MediaCommand.self, AccountsCommand.self, OrdersCommand.self,
            ServeCommand.self, SSHSessionCommand.self, DemoCommand.self, DebugCommand.self, MarketCommand.self,
        ]
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var storefront: StorefrontOptions
    @OptionGroup var graphicsOption: GraphicsOption

    /// The process's first step, for every command: a process started with stdin, stdout or
    /// stderr closed would get its next opened file as one of them (the lowest free descriptor),
    /// and output meant for fd 1 would then be written into a cart or the marketplace's SQLite
    /// file. /dev/null fills the gaps before anything else opens a file.
    static func main() async {
        // At most two malloc arenas (glibc's default is 8 a core, 16 here): each thread that
        // allocates while another holds an arena gets one of its own and keeps what it freed, so
        // the embedded marketplace's answer to a 10,000-product stock refresh (1.5 MB of JSON,
        // encoded on whichever executor thread) left 14-20 MiB behind per thread it ran on
        // (`market serve`: 51 -> 114 MiB after 15 such requests; 83 MiB with two arenas, 69 with
        // one). docs/PERFORMANCE.md. MALLOC_ARENA_MAX in the environment still decides.
        if getenv("MALLOC_ARENA_MAX") == nil { _ = reelshop_malloc_limit_arenas(2) }
        while fcntl(0, F_GETFD) == -1 || fcntl(1, F_GETFD) == -1 || fcntl(2, F_GETFD) == -1 {
            guard open("/dev/null", O_RDWR) >= 0 else { break }
        }
        // `serve`'s zygote, before anything can start a thread; it returns only in a visitor's
        // forked storefront, which then starts like a new process with the visitor's arguments.
        let arguments = CommandLine.arguments.dropFirst()
        let visitor = arguments.first == Zygote.commandName ? Zygote.run(arguments: Array(arguments.dropFirst())) : nil
        do {
            var command = try parseAsRoot(visitor)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            // A usage mistake reads like every other message ("reelshop: ..."), with the usage
            // lines after it; help, --version and our own messages (already printed) as they are.
            let text = fullMessage(for: error)
            if exitCode(for: error) == .validationFailure, text.hasPrefix("Error: ") {
                Output.errorLines("reelshop: " + text.dropFirst("Error: ".count))
                exit(withError: ExitCode.validationFailure)
            }
            exit(withError: error)
        }
    }

    func run() async throws {
        nonisolated(unsafe) let common = common, storefront = storefront, graphics = graphicsOption
        // Checked before anything starts: a bad REELSHOP_GRAPHICS must not stop `reelshop cart`.
        _ = try graphics.graphicsChoice()
        let catalog = try common.loadCatalog()
        let market = try await MarketConnection.open(common, catalog: catalog)
        let status: Int32
        do {
            status = try await Storefront.onOwnThread {
                try Storefront.open(common: common, catalog: catalog, market: market, options: storefront, graphics: graphics)
            }
        } catch {
            await market.close()
            throw error
        }
        await market.close()
        if status != 0 { throw ExitCode(status) }
    }
}
