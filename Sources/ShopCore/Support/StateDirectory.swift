import Foundation
#if canImport(Glibc)
    import Glibc
#endif

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

    /// Creates the directory (and its parents) if needed; a new directory is private (0700). An
    /// existing one that other users can write is refused (`checkPrivate`).
    public func create() throws(StorageError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StorageError(path: url.path, reason: "exists but is not a directory")
            }
            try checkPrivate()
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

    /// Refuses a directory that users other than its owner can write (group- or world-writable,
    /// sticky or not): they could replace the cart, plant a lock file or read what is written.
    /// A directory that does not exist yet passes (it will be created 0700).
    public func checkPrivate() throws(StorageError) {
        try StateDirectory.checkPrivate(url)
    }

    /// `checkPrivate` for any directory Reelshop keeps private files in (the SSH server's data
    /// directory too).
    public static func checkPrivate(_ url: URL) throws(StorageError) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return }
        let mode = info.st_mode & 0o7777
        guard mode & 0o022 != 0 else { return }
        let quoted = "'" + url.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        throw StorageError(
            path: url.path,
            reason:
                "can be written by other users (mode \(String(mode, radix: 8))), who could replace or read your cart, accounts and orders; nothing was read or written. Make it private with  chmod 700 \(quoted)  or pass another --state-dir."
        )
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    public var cartFile: URL { file("cart.json") }
}
