import ArgumentParser
import Foundation
import ShopCore
import ShopSSH
import ShopSSHWire

/// `reelshop ssh-session`: the ForceCommand behind OpenSSH's sshd.
///
/// Reads the key the visitor authenticated with from `$SSH_USER_AUTH` (`ExposeAuthInfo yes`),
/// picks the same per-fingerprint state directory as `reelshop serve`, refuses commands and
/// sessions without a terminal, and execs the storefront in its place.
struct SSHSessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh-session",
        abstract: "Run one visitor's storefront as an OpenSSH ForceCommand (see docs/SSH.md)."
    )

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Visitors' state, as for `reelshop serve`.", valueName: "dir"))
    var dataDir: String

    @Option(help: ArgumentHelp("The catalog folder (default: the bundled one).", valueName: "dir"))
    var catalog: String?

    /// `--market URL` for every visitor; without it each visitor's storefront embeds the
    /// marketplace over one database shared by all of them (`--market-data`, default
    /// DATA_DIR/marketplace.sqlite), so stock and deal limits are the same for everyone.
    @OptionGroup var market: MarketOption

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if let command = environment["SSH_ORIGINAL_COMMAND"], !command.isEmpty {
            throw refuse("Reelshop runs no commands. Connect without one: ssh -t \(hint(environment))")
        }
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw refuse("Reelshop needs an interactive terminal: ssh -t \(hint(environment))")
        }
        guard let authFile = environment["SSH_USER_AUTH"], !authFile.isEmpty else {
            throw refuse("Reelshop cannot tell who you are: the server needs 'ExposeAuthInfo yes' (see docs/SSH.md).")
        }
        guard let data = FileManager.default.contents(atPath: authFile) else {
            throw refuse("Reelshop cannot read SSH_USER_AUTH (\(authFile)).")
        }
        let layout = VisitorStateLayout(dataDirectory: URL(fileURLWithPath: dataDir))
        let stateDirectory: String
        do {
            let identity = try VisitorIdentity.fromSSHUserAuth(String(decoding: data, as: UTF8.self))
            stateDirectory = try layout.prepareStateDirectory(for: identity).url.path
        } catch {
            throw refuse("Reelshop cannot open your shop state: \(error)")
        }

        let executable = SelfExecutable.path
        // argv[0] is the full path: the storefront finds its bundled catalog next to it.
        var arguments = [executable, "--state-dir", stateDirectory]
        if let catalog { arguments += ["--catalog", URL(fileURLWithPath: catalog).standardizedFileURL.path] }
        if let url = market.marketURL {
            arguments += ["--market", url]
        } else {
            let database =
                market.marketData.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                ?? URL(fileURLWithPath: dataDir).standardizedFileURL.appendingPathComponent("marketplace.sqlite").path
            // No --public-url here: every visitor's storefront would listen on its port. For
            // phones, run `reelshop market serve --public-url …` and pass --market (docs/SSH.md).
            arguments += ["--market-data", database]
        }
        // A locale that is a path is dropped; without a locale the storefront gets C.UTF-8, as
        // `reelshop serve` gives its visitors (sshd passes LANG only with AcceptEnv).
        var childEnvironment = SessionTerminal.storefrontEnvironment(from: environment).environment
        childEnvironment["REELSHOP_STATE_DIR"] = stateDirectory
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = childEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(executable, argv, envp)
        throw refuse("Reelshop could not start (\(String(cString: strerror(errno)))).")
    }

    private func hint(_ environment: [String: String]) -> String {
        // SSH_CONNECTION is "client-ip client-port server-ip server-port".
        let parts = (environment["SSH_CONNECTION"] ?? "").split(separator: " ")
        let user = environment["USER"] ?? environment["LOGNAME"] ?? ""
        guard parts.count == 4 else { return "\(user.isEmpty ? "" : user + "@")HOST" }
        let port = parts[3] == "22" ? "" : "-p \(parts[3]) "
        return "\(port)\(user.isEmpty ? "" : user + "@")\(parts[2])"
    }

    private func refuse(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode(1)
    }
}
