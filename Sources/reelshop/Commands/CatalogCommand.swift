import ArgumentParser
import Foundation
import ShopCore

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work with catalog folders.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a catalog folder and print every problem found.")

        @Argument(help: ArgumentHelp("The catalog folder (holding catalog.json and media/).", valueName: "dir"))
        var directory: String

        func run() throws {
            let url = URL(fileURLWithPath: directory).standardizedFileURL
            do {
                let catalog = try Catalog.load(from: url)
                print("\(url.path): OK — \(catalog.marketplaces.count) marketplaces, \(catalog.creators.count) creators, \(catalog.products.count) products, \(catalog.posts.count) posts, \(catalog.lives.count) LIVE stream\(catalog.lives.count == 1 ? "" : "s")")
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(65)
            }
        }
    }
}
