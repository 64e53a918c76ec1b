import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Reads a whole state file, refusing what should never be read whole or moved aside.
///
/// A file that exists but cannot be read (permission denied, an I/O error) is not corrupt: it is
/// someone else's, or the disk's trouble, and renaming it would lose it for the user who can read
/// it. Nor is a file larger than `maxBytes`: a 2 GB cart.json is not a cart, and reading it whole
/// would take the memory of the machine. Both are refused with a `StorageError` and left alone.
public enum StateFileReader {
    enum Outcome {
        /// No file at the path.
        case missing
        /// The file's bytes.
        case bytes(Data)
        /// A directory where the file should be (corrupt: it is moved aside like garbage).
        case directory
    }

    /// The biggest state file read: a 1,000-line cart is about 250 KB, years of orders a few MB.
    public static let defaultMaxBytes = 16 << 20

    static func read(_ url: URL, maxBytes: Int) throws(StorageError) -> Outcome {
        // O_NONBLOCK: a FIFO planted at the path must not hang the open.
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return .missing }
            throw unreadable(url, code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw unreadable(url, errno) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: break
        default:
            throw StorageError(
                path: url.path,
                reason:
                    "is not a regular file (a device, pipe or socket); it was left as it is and nothing was changed. Remove it, or pass --state-dir.")
        }
        if Int64(info.st_size) > Int64(maxBytes) { throw tooLarge(url, size: Int64(info.st_size), maxBytes: maxBytes) }
        // Read at most maxBytes + 1 whatever the size said: a file that grows while it is read
        // is capped all the same.
        var data = Data()
        data.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw unreadable(url, errno)
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            if data.count > maxBytes { throw tooLarge(url, size: Int64(data.count), maxBytes: maxBytes) }
        }
        return .bytes(data)
    }

    private static func unreadable(_ url: URL, _ code: Int32) -> StorageError {
        let system = String(cString: strerror(code))
        let advice: String
        switch code {
        case EACCES, EPERM: advice = "Check the file's owner and mode (it should be yours, mode 600), or pass --state-dir."
        default: advice = "Check the file and the disk, or pass --state-dir."
        }
        return StorageError(
            path: url.path,
            reason:
                "cannot be read (\(system)); it was left as it is and nothing was changed. \(advice)")
    }

    private static func tooLarge(_ url: URL, size: Int64, maxBytes: Int) -> StorageError {
        StorageError(
            path: url.path,
            reason:
                "is \(byteCount(size)), more than the \(byteCount(Int64(maxBytes))) a Reelshop state file may hold; it was left as it is and nothing was changed. Move it away to start a new one, or pass --state-dir."
        )
    }

    /// "1.9 GiB", "95 MiB", "900 KiB", "12 bytes".
    static func byteCount(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if bytes >= 1 << 30 { return String(format: "%.1f GiB", value / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.0f MiB", (value / Double(1 << 20)).rounded(.down)) }
        if bytes >= 1 << 10 { return String(format: "%.0f KiB", (value / Double(1 << 10)).rounded(.down)) }
        return "\(bytes) bytes"
    }
}
