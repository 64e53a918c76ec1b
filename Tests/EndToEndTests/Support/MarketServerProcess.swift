import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// A real `reelshop market serve` on a free loopback port with a database of its own, for
/// tests where several storefronts, CLIs or a browser share one marketplace. Stopped (SIGTERM,
/// then SIGKILL) by `stop()`.
final class MarketServerProcess: @unchecked Sendable {
    let process = Process()
    /// "http://127.0.0.1:PORT", read from the server's first line.
    let url: String
    let database: URL
    private let output: URL

    /// Starts the server and waits (up to `timeout`) for it to say where it listens.
    init(
        binary: URL, catalog: URL, database: URL, extraArguments: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: TimeInterval = 60
    ) throws {
        self.database = database
        output = database.deletingLastPathComponent().appendingPathComponent("market-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = binary
        process.arguments = ["market", "serve", "--listen", "127.0.0.1:0", "--data", database.path, "--catalog", catalog.path] + extraArguments
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var found: String?
        while found == nil && Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) { found = String(text[range]) }
            if found == nil { usleep(50_000) }
        }
        guard let found else {
            let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if process.isRunning { process.terminate() }
            throw MarketServerFailure(description: "reelshop market serve did not say where it listens:\n\(log)")
        }
        url = found
    }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: output)
    }

    struct MarketServerFailure: Error, CustomStringConvertible { let description: String }
}
