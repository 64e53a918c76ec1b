import Foundation

/// Where Reelshop keeps a user's files (cart, accounts, orders), chosen in a fixed order.
public struct StateDirectory: Sendable, Equatable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// `--state-dir`, else `REELSHOP_STATE_DIR`, else `$XDG_DATA_HOME/reelshop`,
    /// else `~/.local/share/reelshop`.
    public static func resolve(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> StateDirectory {
        if let explicit, !explicit.isEmpty {
            return StateDirectory(url: URL(fileURLWithPath: explicit).standardizedFileURL)
        }
        if let fromEnv = environment["REELSHOP_STATE_DIR"], !fromEnv.isEmpty {
            return StateDirectory(url: URL(fileURLWithPath: fromEnv).standardizedFileURL)
        }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return StateDirectory(url: URL(fileURLWithPath: xdg).appendingPathComponent("reelshop"))
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return StateDirectory(
            url: URL(fileURLWithPath: home).appendingPathComponent(".local/share/reelshop"))
    }

    /// Creates the directory (and its parents) if needed; a new directory is private (0700).
    public func create() throws(StorageError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StorageError(path: url.path, reason: "exists but is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw StorageError(path: url.path, reason: "cannot create the state directory (\(error.localizedDescription))")
        }
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    public var cartFile: URL { file("cart.json") }
}
