import Foundation
import Testing
import ShopCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// State files that are refused and left exactly as they are, never moved aside or read whole
/// (issue 11): too large, not a regular file, behind a symlinked lock, in a directory other users
/// can write. Real files, real locks. (Permission denied needs a second user: EndToEndTests'
/// `StateFileTests`.)
@Suite("State files refused, not moved aside")
struct StateFileRefusalTests {
    private func fresh(_ label: String) throws -> (TemporaryDirectory, StateDirectory) {
        let temp = try TemporaryDirectory(label)
        let state = StateDirectory(url: temp.appending("state"))
        try state.create()
        return (temp, state)
    }

    @Test func aFileLargerThanTheCapIsRefusedUnreadAndKept() throws {
        let (temp, state) = try fresh("huge")
        defer { temp.remove() }
        // 2 GB, sparse: the refusal must come from the size alone (reading it would take 2 GB).
        let fd = open(state.cartFile.path, O_WRONLY | O_CREAT, 0o600)
        #expect(fd >= 0)
        #expect(ftruncate(fd, 2_000_000_000) == 0)
        close(fd)
        let store = JSONDocumentStore<Cart>(url: state.cartFile)
        let loadError = try #require(throws: StorageError.self) { _ = try store.load() }
        #expect(loadError.path == state.cartFile.path)
        #expect(
            loadError.reason.hasPrefix("is 1.9 GiB, more than the 16 MiB a Reelshop state file may hold; it was left as it is"),
            "\(loadError)")
        let updateError = try #require(throws: StorageError.self) { try store.update { $0.clear() } }
        #expect(updateError == loadError)
        #expect(try TemporaryDirectory.names(in: state.url) == ["cart.json", "cart.json.lock"])
        #expect(try FileManager.default.attributesOfItem(atPath: state.cartFile.path)[.size] as? Int == 2_000_000_000)
    }

    @Test func theCapCanBeSetAndAFileAtTheCapIsRead() throws {
        let (temp, state) = try fresh("cap")
        defer { temp.remove() }
        let data = try JSONDocumentStore<Cart>.encode(.empty)
        try data.write(to: state.cartFile)
        #expect(try JSONDocumentStore<Cart>(url: state.cartFile, maxBytes: data.count).load().document == .empty)
        let error = try #require(throws: StorageError.self) {
            _ = try JSONDocumentStore<Cart>(url: state.cartFile, maxBytes: data.count - 1).load()
        }
        #expect(error.reason.contains("more than the"), "\(error)")
    }

    @Test func aPipeInPlaceOfTheFileIsRefusedWithoutHanging() throws {
        let (temp, state) = try fresh("fifo")
        defer { temp.remove() }
        #expect(mkfifo(state.cartFile.path, 0o600) == 0)
        let store = JSONDocumentStore<Cart>(url: state.cartFile)
        let error = try #require(throws: StorageError.self) { _ = try store.load() }
        #expect(error.reason.contains("not a regular file"), "\(error)")
        #expect(try TemporaryDirectory.names(in: state.url) == ["cart.json"])
    }

    @Test func aDirectoryInPlaceOfTheFileIsStillMovedAside() throws {
        let (temp, state) = try fresh("dir")
        defer { temp.remove() }
        try FileManager.default.createDirectory(at: state.cartFile, withIntermediateDirectories: false)
        let (cart, recovery) = try JSONDocumentStore<Cart>(url: state.cartFile).load()
        #expect(cart == .empty)
        #expect(recovery?.reason == "it is a directory")
    }

    @Test func aSymlinkedLockFileIsRefusedAndNotFollowed() throws {
        let (temp, state) = try fresh("lock-link")
        defer { temp.remove() }
        let victim = temp.appending("victim")
        let lock = state.file("cart.json.lock")
        try FileManager.default.createSymbolicLink(atPath: lock.path, withDestinationPath: victim.path)
        let error = try #require(throws: StorageError.self) {
            try FileLock(url: lock).withLock { Issue.record("the body ran under a symlinked lock") }
        }
        #expect(error.path == lock.path)
        #expect(error.reason.contains("is a symbolic link"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: victim.path))
        // Through the store too, which writes nothing.
        #expect(throws: StorageError.self) { _ = try CartStore(stateDirectory: state, catalog: try Catalog.load(from: bundledCatalogDirectory)).clear() }
        #expect(!FileManager.default.fileExists(atPath: state.cartFile.path))
    }

    @Test(arguments: [0o777, 0o775, 0o770, 0o720, 0o702, 0o1777])
    func aDirectoryOthersCanWriteIsRefused(mode: Int) throws {
        let temp = try TemporaryDirectory("shared")
        defer { temp.remove() }
        let url = temp.appending("state")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        #expect(chmod(url.path, mode_t(mode)) == 0)
        let error = try #require(throws: StorageError.self) { try StateDirectory(url: url).create() }
        #expect(error.path == url.path)
        #expect(error.reason.hasPrefix("can be written by other users (mode \(String(mode, radix: 8)))"), "\(error)")
        #expect(error.reason.contains("chmod 700 '\(url.path)'"), "\(error)")
        #expect(throws: StorageError.self) { try StateDirectory(url: url).checkPrivate() }
    }

    @Test(arguments: [0o700, 0o755, 0o750, 0o711])
    func aDirectoryOnlyItsOwnerCanWriteIsAccepted(mode: Int) throws {
        let temp = try TemporaryDirectory("private")
        defer { temp.remove() }
        let url = temp.appending("state")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        #expect(chmod(url.path, mode_t(mode)) == 0)
        try StateDirectory(url: url).create()
        try StateDirectory(url: url).checkPrivate()
        // A directory that does not exist yet is nobody's: checkPrivate lets it be created.
        try StateDirectory(url: temp.appending("not-yet")).checkPrivate()
    }
}
