import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Tells when files in one directory are replaced, through a descriptor a run loop can poll,
/// so an idle app learns of another process's change without waking up to look.
public final class FileWatcher: @unchecked Sendable {
    /// Readable when something changed; poll it with the terminal's input.
    public let descriptor: Int32

    /// Watches `directory` for files created, written, renamed in or deleted. Nil where the
    /// platform has no inotify or the directory cannot be watched.
    public init?(directory: URL) {
        #if os(Linux)
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard fd >= 0 else { return nil }
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM)
            guard inotify_add_watch(fd, directory.path, mask) >= 0 else {
                close(fd)
                return nil
            }
            descriptor = fd
        #else
            return nil
        #endif
    }

    deinit { close(descriptor) }

    /// Reads every pending event and returns the names of the files they concern.
    public func drain() -> Set<String> {
        var names: Set<String> = []
        #if os(Linux)
            let capacity = 8192
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            defer { buffer.deallocate() }
            while true {
                let count = read(descriptor, buffer, capacity)
                if count <= 0 { break }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    if event.len > 0 {
                        let name = String(cString: buffer.advanced(by: nameStart).assumingMemoryBound(to: CChar.self))
                        names.insert(name)
                    }
                    offset = nameStart + Int(event.len)
                }
            }
        #endif
        return names
    }
}
