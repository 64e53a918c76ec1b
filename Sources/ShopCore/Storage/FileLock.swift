import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a lock file beside the data file.
///
/// Each `withLock` opens its own descriptor, so the lock serializes threads of one process as
/// well as separate processes. The kernel drops the lock when the process dies, so a crash never
/// leaves the data locked.
///
/// The lock file is opened with `O_NOFOLLOW` and must be a regular file: a symbolic link planted
/// in its place (by anyone who could write the folder) would otherwise have us create or open a
/// file of their choosing with our rights.
public struct FileLock: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard fd >= 0 else {
            if errno == ELOOP {
                throw StorageError(
                    path: url.path,
                    reason:
                        "is a symbolic link; Reelshop does not follow links for its lock files, so nothing was changed. Remove the link (or pass --state-dir).")
            }
            throw StorageError(path: url.path, doing: "cannot open the lock file", code: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw StorageError(
                path: url.path,
                reason:
                    "is not a regular file; nothing was changed. Remove it (or pass --state-dir).")
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw StorageError(path: url.path, doing: "cannot take the lock", code: errno)
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}
