import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The package root, found from this file's location (Tests/EndToEndTests/Support/...).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // EndToEndTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// The bundled demo catalog folder.
let bundledCatalog: URL = packageRoot.appendingPathComponent("Assets")

/// The real, built `reelshop`: `$REELSHOP_BIN`, else `<package root>/.build/debug/reelshop`.
let reelshopBinary: URL = {
    if let path = ProcessInfo.processInfo.environment["REELSHOP_BIN"], !path.isEmpty {
        return URL(fileURLWithPath: path)
    }
    return packageRoot.appendingPathComponent(".build/debug/reelshop")
}()

/// Fails the test with a clear instruction when the binary has not been built.
func requireBinary(sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard FileManager.default.isExecutableFile(atPath: reelshopBinary.path) else {
        Issue.record(
            """
            The reelshop binary is missing at \(reelshopBinary.path). Run `make test` (it builds the \
            binary and sets REELSHOP_BIN), or build it and set REELSHOP_BIN to its path.
            """, sourceLocation: sourceLocation)
        throw MissingBinary()
    }
}

struct MissingBinary: Error {}

/// What a finished process left.
struct ProcessResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
    /// Killed by a signal (then `status` is the signal number), e.g. a crash.
    var signalled: Bool

    var description: String {
        "\(signalled ? "killed by signal" : "exit") \(status)\(timedOut ? " (timed out)" : "")\nstdout: \(stdout)\nstderr: \(stderr)"
    }
}

/// An environment for children that cannot reach the user's own state or catalog, whatever
/// the command does with its options: HOME and XDG_DATA_HOME point into `home`.
func isolatedEnvironment(home: URL) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["REELSHOP_STATE_DIR"] = nil
    environment["REELSHOP_CATALOG"] = nil
    // `swift test` may set NO_COLOR; a test that wants it says so.
    environment["NO_COLOR"] = nil
    environment["HOME"] = home.path
    environment["XDG_DATA_HOME"] = home.appendingPathComponent("xdg").path
    return environment
}

/// Runs `executable` with `arguments` to completion (killed after `timeout` seconds), capturing
/// stdout and stderr through files so a chatty child can never block on a full pipe.
func run(
    _ executable: URL, _ arguments: [String], environment: [String: String], timeout: TimeInterval = 60
) throws -> ProcessResult {
    let scratch = FileManager.default.temporaryDirectory
        .appendingPathComponent("reelshop-run-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    defer {
        try? out.close()
        try? err.close()
    }

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let timedOut = !waitForExit(process, timeout: timeout)
    if timedOut {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
        stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
        timedOut: timedOut,
        signalled: process.terminationReason == .uncaughtSignal)
}

/// Waits up to `timeout` seconds; true when the process has exited.
@discardableResult
func waitForExit(_ process: Process, timeout: TimeInterval) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
        if Date() >= deadline { return false }
        usleep(10_000)
    }
    process.waitUntilExit()
    return true
}

/// Process ids whose parent is `pid` (from /proc).
func childProcesses(of pid: pid_t) -> [pid_t] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    return entries.compactMap { entry -> pid_t? in
        guard let child = pid_t(entry),
            let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // "pid (comm) state ppid ...": the comm may hold spaces, so split after the last ')'.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let parent = pid_t(fields[1]) else { return nil }
        return parent == pid ? child : nil
    }
}

/// A fresh directory under the system temporary folder, removed by `remove()`.
struct TemporaryDirectory: Sendable {
    let url: URL

    init(_ label: String = "e2e") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("reelshop-\(label)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func appending(_ path: String) -> URL { url.appendingPathComponent(path) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Permission bits of a file or directory, or nil when it does not exist.
func permissions(of url: URL) -> mode_t? {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}
