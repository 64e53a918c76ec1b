import ArgumentParser
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

    func run() async throws {
        nonisolated(unsafe) let common = common, storefront = storefront, graphics = graphicsOption
        let status = try await Storefront.onOwnThread { try Storefront.open(common: common, options: storefront, graphics: graphics) }
        if status != 0 { throw ExitCode(status) }
    }
}
