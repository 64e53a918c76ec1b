import Foundation
import Testing
import ShopCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the storage layer leaves and says after a killed writer, a full disk or a read-only
/// folder (the end-to-end runs are scripts/faults; these pin the pieces they rely on).
@Suite("Storage faults")
struct StorageFaultTests {
    @Test func aWriteClearsTemporaryFilesAKilledWriterLeft() throws {
        let temp = try TemporaryDirectory("leftovers")
        defer { temp.remove() }
        let state = StateDirectory(url: temp.appending("state"))
        try state.create()
        // What `kill -9` between creating the temporary file and the rename leaves behind.
        for name in [".social.json.tmp-4242-17", ".social.json.tmp-99-3"] {
            #expect(FileManager.default.createFile(atPath: state.file(name).path, contents: Data("{\"ver".utf8)))
        }
        // Another document's temporary file is not ours to delete.
        #expect(FileManager.default.createFile(atPath: state.file(".cart.json.tmp-1-1").path, contents: Data()))

        let store = SocialStore(stateDirectory: state)
        _ = try store.toggleLike("post-1")

        let names = try TemporaryDirectory.names(in: state.url)
        #expect(!names.contains { $0.hasPrefix(".social.json.tmp-") })
        #expect(names.contains(".cart.json.tmp-1-1"))
        #expect(try store.load().state.likedPosts == ["post-1"])
    }

    @Test(arguments: [
        (ENOSPC, "the disk is full; nothing was changed"),
        (EROFS, "the folder is read-only; nothing was changed"),
        (EACCES, "may not write there; nothing was changed"),
    ])
    func failuresAUserCanFixSayWhatHappenedAndThatNothingChanged(code: Int32, words: String) {
        let error = StorageError(path: "/s/cart.json", doing: "cannot write", code: code)
        #expect(error.description.hasPrefix("/s/cart.json: cannot write ("))
        #expect(error.description.contains(String(cString: strerror(code))))
        #expect(error.description.contains(words))
    }

    @Test func otherFailuresKeepTheSystemsWords() {
        let error = StorageError(path: "/s/cart.json", doing: "cannot fsync", code: EIO)
        #expect(error.description == "/s/cart.json: cannot fsync (\(String(cString: strerror(EIO))))")
    }
}
