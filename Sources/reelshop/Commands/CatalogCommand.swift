import ArgumentParser
import Foundation
import ShopCore
import ShopMedia

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work with catalog folders.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a catalog folder and print every problem found.",
            discussion: """
                Checks catalog.json field by field and decodes every media file it names: each \
                must be a PNG or GIF that decodes to at least one frame within the storefront's \
                limits. Exit status 0 when there is nothing wrong, 65 otherwise.
                """)

        @Argument(help: ArgumentHelp("The catalog folder (holding catalog.json and media/).", valueName: "dir"))
        var directory: String

        @Flag(help: "Print JSON (ok, counts, problems with kind, file, path and message) instead of text.")
        var json = false

        func run() throws {
            let url = URL(fileURLWithPath: directory).standardizedFileURL
            let inspection = Catalog.inspect(url)
            let problems = inspection.problems + Self.mediaProblems(inspection.media, in: url)
            if json {
                try Output.json(
                    CatalogCheckReport(
                        directory: url.path, catalog: problems.isEmpty ? inspection.catalog : nil,
                        problems: problems))
                if !problems.isEmpty { throw ExitCode(65) }
                return
            }
            guard problems.isEmpty, let catalog = inspection.catalog else {
                Output.errorLines(CatalogError(problems: problems).description)
                throw ExitCode(65)
            }
            Output.line(
                "\(shown(url.path)): OK — \(catalog.marketplaces.count) marketplaces, \(catalog.creators.count) creators, \(catalog.products.count) products, \(catalog.posts.count) posts, \(catalog.lives.count) LIVE stream\(catalog.lives.count == 1 ? "" : "s")"
            )
        }

        /// Decodes each media file once (a catalog shares a few files among many entries) and
        /// reports one that does not decode at the first JSON path naming it. Only the bytes are
        /// checked against the storefront's limits; nothing is kept.
        static func mediaProblems(_ references: [CatalogMediaReference], in directory: URL) -> [CatalogProblem] {
            let file = directory.appendingPathComponent("catalog.json").path
            var named: [String: [String]] = [:]
            var order: [String] = []
            for reference in references {
                if named[reference.relativePath] == nil { order.append(reference.relativePath) }
                named[reference.relativePath, default: []].append(reference.jsonPath)
            }
            var problems: [CatalogProblem] = []
            for relative in order {
                let path = directory.appendingPathComponent(relative).path
                // Decoded into a small box: the limits are checked on the file's own size, and
                // no full-size frames are kept while the next file is read.
                do throws(MediaError) {
                    let clip = try MediaDecoder.load(path: path, fitting: PixelSize(width: 64, height: 64))
                    if clip.frames.isEmpty { throw MediaError(file: path, kind: .damaged, detail: "it has no frame") }
                } catch {
                    let paths = named[relative] ?? []
                    let others = paths.count > 1 ? " (also named at \(paths.count - 1) other place\(paths.count == 2 ? "" : "s"))" : ""
                    problems.append(
                        CatalogProblem(
                            kind: .undecodableMedia, file: file, path: paths.first ?? "$",
                            message: "expected a PNG or GIF at \(relative) that decodes to at least one frame; \(error.detail)\(others)"))
                }
            }
            return problems
        }
    }
}

/// `catalog check --json`.
struct CatalogCheckReport: Encodable {
    struct Counts: Encodable {
        var marketplaces: Int
        var creators: Int
        var products: Int
        var posts: Int
        var lives: Int
    }

    struct Problem: Encodable {
        var kind: String
        var file: String
        var path: String
        var message: String
    }

    var directory: String
    var ok: Bool
    /// What the catalog holds, when it is OK.
    var counts: Counts?
    var problems: [Problem]

    init(directory: String, catalog: Catalog?, problems: [CatalogProblem]) {
        self.directory = directory
        ok = problems.isEmpty
        counts = catalog.map {
            Counts(
                marketplaces: $0.marketplaces.count, creators: $0.creators.count, products: $0.products.count,
                posts: $0.posts.count, lives: $0.lives.count)
        }
        self.problems = problems.map { Problem(kind: $0.kind.rawValue, file: $0.file, path: $0.path, message: $0.message) }
    }
}
