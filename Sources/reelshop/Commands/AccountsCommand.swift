import ArgumentParser
import Foundation
import ShopCore

/// `reelshop accounts …`: linked marketplace accounts, and approving a link as a phone would.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "List linked marketplace accounts, approve or deny a link code, or unlink.",
        discussion: """
            Linking shows a code like BCDF-GHJK in the storefront and a QR code of the \
            marketplace's verification page. Open the page on a phone, or approve as the \
            marketplace's demo shopper from another terminal on the same state directory (or \
            the same --market): reelshop accounts approve BCDF-GHJK
            """,
        subcommands: [List.self, Link.self, Approve.self, Deny.self, Unlink.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show linked accounts.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON instead of text (never includes tokens).") var json = false

        func run() async throws {
            let state = try options.checkedStateDirectory()
            let names =
                (try? Catalog.load(from: options.catalogDirectory)).map { catalog in
                    Dictionary(catalog.marketplaces.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
                } ?? [:]
            let accounts = try await MarketCLI.call { try AccountStore(stateDirectory: state).accounts() }
            if json {
                try Output.json(AccountsReport(accounts: accounts))
                return
            }
            // Names come from the catalog and accounts.json: each shown on its one line.
            var out: [String] = []
            if accounts.isEmpty {
                out.append("No marketplace account is linked yet; link one from the storefront's Accounts screen or at checkout.")
            }
            for account in accounts {
                let profile = account.profile
                out.append("\(shown(names[account.marketplaceID] ?? account.marketplaceID)) (\(shown(account.marketplaceID)))")
                out.append("  \(shown(profile.name)) · \(shown(profile.maskedEmail))\(profile.membership.map { " · \(shown($0.name))" } ?? "")")
                out.append("  Ships to  \(shown(profile.shippingAddress.oneLine))")
                out.append("  Pays with \(shown(profile.paymentMethod.label))")
                out.append("  Linked    \(MarketCLI.shortDate(account.linkedAt))")
            }
            Output.line(out.joined(separator: "\n"))
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a marketplace account from this terminal: shows a code and waits until it is approved.")
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp("The marketplace id, e.g. riverstone.", valueName: "marketplace")) var marketplace: String

        func run() async throws {
            let catalog = try options.loadCatalog()
            let directory = try MarketCLI.preparedStateDirectory(options)
            let market = try await MarketConnection.open(options, catalog: catalog)
            let linker = AccountLinker(registry: market.registry, accounts: AccountStore(stateDirectory: directory))
            let authorization = try await MarketCLI.call { try await linker.start(marketplaceID: marketplace) }
            let name = shown(catalog.marketplace(marketplace)?.name ?? marketplace)
            MarketCLI.say("To link your \(name) account, go to \(shown(authorization.verificationURI)) and enter \(authorization.userCode.display)")
            if let complete = authorization.verificationURIComplete { MarketCLI.say("(or open \(shown(complete)))") }
            if linker.canApproveOnThisDevice(marketplaceID: marketplace) {
                MarketCLI.say("(demo shopper: in another terminal run  reelshop accounts approve \(authorization.userCode.display))")
            }
            MarketCLI.say("The code expires at \(MarketCLI.shortDate(authorization.expiresAt)). Waiting…")
            var state = LinkState(started: authorization, at: Date())
            while !state.isFinished {
                if case .waiting(_, _, let next) = state {
                    let wait = max(0, next.timeIntervalSinceNow)
                    try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                }
                state.tick(at: Date())
                if state.pollDue(at: Date()) { state.apply(await linker.poll(authorization), at: Date()) }
            }
            await market.close()
            switch state {
            case .linked(let account):
                MarketCLI.say("Linked \(name): \(account.profile.name) · \(account.profile.maskedEmail) · pays with \(account.profile.paymentMethod.label)")
            case .denied: throw MarketCLI.fail("The link to \(name) was denied.")
            case .expired: throw MarketCLI.fail("The code expired before it was approved; run the command again for a new one.")
            case .failed(_, let error): throw MarketCLI.fail(error.message)
            default: throw MarketCLI.fail("Linking \(name) stopped unexpectedly.")
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a link code shown in the storefront (what a phone would do; demo marketplace).")
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp("The code, e.g. BCDF-GHJK (case and dash do not matter).", valueName: "code")) var code: String

        func run() async throws {
            let (userCode, marketplaceID) = try await answer(code, approve: true, options)
            Output.line("Approved \(userCode.display): Reelshop will finish linking your \(marketplaceName(marketplaceID, options)) account.")
        }
    }

    struct Deny: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse a link code shown in the storefront.")
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp("The code, e.g. BCDF-GHJK.", valueName: "code")) var code: String

        func run() async throws {
            let (userCode, marketplaceID) = try await answer(code, approve: false, options)
            Output.line("Denied \(userCode.display): \(marketplaceName(marketplaceID, options)) will not be linked.")
        }
    }

    struct Unlink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlink a marketplace account and delete its token.")
        @OptionGroup var options: CommonOptions
        @Argument(help: ArgumentHelp("The marketplace id, e.g. riverstone.", valueName: "marketplace")) var marketplace: String

        func run() async throws {
            let state = try options.checkedStateDirectory()
            // A broken catalog must not keep a token on disk: without it, the token is still
            // deleted locally, only not revoked at the marketplace.
            let catalog = try? Catalog.load(from: options.catalogDirectory)
            var market: MarketConnection?
            if let catalog { market = try? await MarketConnection.open(options, catalog: catalog) }
            let linker = AccountLinker(registry: market?.registry ?? MarketplaceRegistry(services: []), accounts: AccountStore(stateDirectory: state))
            let removed = try await MarketCLI.call { try await linker.unlink(marketplaceID: marketplace) }
            await market?.close()
            let name = shown(catalog?.marketplace(marketplace)?.name ?? marketplace)
            guard removed else { throw MarketCLI.fail("No \(name) account is linked; nothing to unlink.", status: 1) }
            Output.line("Unlinked \(name); its token is deleted.")
        }
    }
}

/// Answers a code at the marketplace's verification page as its demo shopper, as a phone would.
private func answer(_ code: String, approve: Bool, _ options: CommonOptions) async throws -> (UserCode, String) {
    guard let userCode = UserCode(parsing: code) else {
        throw MarketCLI.fail("\"\(shown(code))\" is not a link code; codes are 8 letters like BCDF-GHJK (case and dash do not matter).")
    }
    let catalog = try options.loadCatalog()
    _ = try MarketCLI.preparedStateDirectory(options)
    let market = try await MarketConnection.open(options, catalog: catalog)
    let linker = AccountLinker(registry: market.registry, accounts: AccountStore(stateDirectory: options.stateDirectory))
    do {
        let id = try await MarketCLI.call { try await linker.answer(userCode: userCode, approve: approve) }
        await market.close()
        return (userCode, id)
    } catch {
        await market.close()
        throw error
    }
}

private func marketplaceName(_ id: String, _ options: CommonOptions) -> String {
    shown((try? Catalog.load(from: options.catalogDirectory))?.marketplace(id)?.name ?? id)
}

/// `accounts list --json`: profiles. Holds no token by construction.
struct AccountsReport: Encodable {
    var accounts: [LinkedAccount]
}
