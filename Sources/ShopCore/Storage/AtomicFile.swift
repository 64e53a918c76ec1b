import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file writes that a crash can never leave half done.
///
/// The bytes go to a temporary file in the same directory, which is fsynced and then renamed over
/// the target (rename is atomic on POSIX file systems); the directory is fsynced so the rename
/// itself survives a power cut. A reader therefore sees either the old file or the new one.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws(StorageError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure(url, "cannot create a temporary file") }
        var ok = false
        defer {
            if !ok { unlink(temporary.path) }
        }
        let written: Bool = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress!.advanced(by: offset), buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        guard written else {
            let error = failure(url, "cannot write")
            close(fd)
            throw error
        }
        // The umask may have narrowed the mode given to open; set it exactly.
        _ = fchmod(fd, mode)
        guard fsync(fd) == 0 else {
            let error = failure(url, "cannot fsync")
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary.path, url.path) == 0 else { throw failure(url, "cannot rename into place") }
        ok = true
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// Deletes temporary files a killed writer left beside `url` (a `kill -9` between creating
    /// the temporary file and the rename leaves one behind; a thousand kills would leave a
    /// thousand). Only safe while holding the lock every writer of `url` takes: then no other
    /// write to `url` is in progress, so every such file is a leftover.
    public static func removeLeftovers(of url: URL) {
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    private static func failure(_ url: URL, _ what: String) -> StorageError {
        StorageError(path: url.path, doing: what, code: errno)
    }
}
