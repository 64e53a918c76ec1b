#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file could not be read, locked or written; says which file and why.
public struct StorageError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// A failed system call: what was being done, the system's words for `code`, and for the
    /// failures a user can fix (a full disk, a read-only or foreign folder) what to do about them.
    ///
    /// Every writer goes through a temporary file and a rename under a lock, so when one of
    /// these fails the file on disk is still the old one; the message says so, because "No space
    /// left on device" alone leaves the user wondering whether their cart is gone.
    public init(path: String, doing what: String, code: Int32) {
        self.path = path
        let system = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT:
            reason = "\(what) (\(system)): the disk is full; nothing was changed and the saved file is intact. Free some space and try again."
        case EROFS:
            reason = "\(what) (\(system)): the folder is read-only; nothing was changed. Reelshop can still show what is saved."
        case EACCES, EPERM:
            reason = "\(what) (\(system)): this user may not write there; nothing was changed. Check the folder's owner and mode, or pass --state-dir."
        default:
            reason = "\(what) (\(system))"
        }
    }

    public var description: String { "\(path): \(reason)" }
}
