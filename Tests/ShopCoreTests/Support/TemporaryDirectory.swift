import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh directory under the system temporary folder, removed by `remove()` (call it in a
/// `defer`). Each test makes its own, so tests can run in parallel without sharing files.
struct TemporaryDirectory: Sendable {
    let url: URL

    init(_ label: String = "shopcore") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("reelshop-\(label)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func appending(_ path: String) -> URL { url.appendingPathComponent(path) }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Names directly inside `directory`, sorted.
    static func names(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }
}

/// The package root, found from this file's location (Tests/ShopCoreTests/Support/...).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // ShopCoreTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// The bundled demo catalog folder (catalog.json + media/).
let bundledCatalogDirectory: URL = packageRoot.appendingPathComponent("Assets")

/// Permission bits of a file or directory (e.g. 0o600), or nil when it does not exist.
func permissions(of url: URL) -> mode_t? {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}

/// A clock that always says the same instant, so dates in files can be checked exactly.
let fixedDate = Date(timeIntervalSince1970: 1_763_700_000)  // 2025-11-21T04:40:00Z
