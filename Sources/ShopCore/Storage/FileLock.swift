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
public struct FileLock: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StorageError(path: url.path, doing: "cannot open the lock file", code: errno)
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw StorageError(path: url.path, doing: "cannot take the lock", code: errno)
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}
