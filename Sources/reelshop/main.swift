// TEMPORARY (market branch): the lead's Reelshop.swift replaces this file; it should list
// AccountsCommand and OrdersCommand among its subcommands. This entry point only exists so the
// market branch's accounts/orders commands can be built and tested on their own.
import ArgumentParser

struct ReelshopMarketPreview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reelshop",
        abstract: "A short-video storefront for the terminal (market branch preview).",
        subcommands: [AccountsCommand.self, OrdersCommand.self]
    )
}

// Called from an async function: in top-level code the synchronous `main()` overload wins.
func runMarketPreview() async { await ReelshopMarketPreview.main() }
await runMarketPreview()
