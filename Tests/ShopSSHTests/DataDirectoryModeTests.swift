import Foundation
import ShopCore
import Testing
@testable import ShopSSH
#if canImport(Glibc)
    import Glibc
#endif

/// A data directory other users can write is refused before a visitor's state is opened in it
/// (issue 11): they could swap carts, accounts and orders between visitors.
@Suite struct DataDirectoryModeTests {
    @Test(arguments: [0o777, 0o770, 0o1777])
    func aSharedDataDirectoryIsRefused(mode: Int) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ssh-data-mode-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)
        #expect(chmod(root.path, mode_t(mode)) == 0)
        let layout = VisitorStateLayout(dataDirectory: root)
        let error = try #require(throws: StorageError.self) {
            try layout.prepareStateDirectory(for: .key(fingerprint: "SHA256:abc"))
        }
        #expect(error.description.contains("can be written by other users"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: layout.visitorsDirectory.path), "nothing was created in it")
        // Made private, it is used.
        #expect(chmod(root.path, 0o700) == 0)
        let state = try layout.prepareStateDirectory(for: .key(fingerprint: "SHA256:abc"))
        #expect(FileManager.default.fileExists(atPath: state.url.path))
    }
}
