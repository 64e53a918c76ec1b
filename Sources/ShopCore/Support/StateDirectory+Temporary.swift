import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Throwaway state directories: `reelshop demo` runs in one so nobody's cart or orders change.
extension StateDirectory {
    /// A new, empty, private (0700) directory under the temporary folder (`$TMPDIR`, else /tmp),
    /// named `<prefix>-XXXXXX`; `mkdtemp` picks a name no one else holds.
    public static func makeTemporary(prefix: String = "reelshop-demo") throws(StorageError) -> StateDirectory {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-XXXXXX").path
        var template = Array(base.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else {
            throw StorageError(path: base, reason: "cannot create a temporary state directory (\(String(cString: strerror(errno))))")
        }
        return StateDirectory(url: URL(fileURLWithPath: made))
    }

    /// Deletes the directory and everything in it (a throwaway directory, at exit).
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
