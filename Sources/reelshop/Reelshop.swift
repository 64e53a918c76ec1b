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
            ServeCommand.self, SSHSessionCommand.self, DebugCommand.self,
        ]
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var storefront: StorefrontOptions

    func run() async throws {
        // The storefront's loop blocks in poll(2); it gets a thread of its own so Swift's small
        // cooperative pool stays free for the marketplace tasks it starts.
        nonisolated(unsafe) let common = common, storefront = storefront
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try Storefront.open(common: common, options: storefront))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "storefront"
            thread.stackSize = 8 << 20
            thread.start()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
