import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#endif

/// State files that must be refused, never moved aside or overwritten: unreadable, too large,
/// in a directory other users can write, behind a symlinked lock. The real binary, real files,
/// a real second user (as root, through `setpriv`).
@Suite("state files the commands refuse", .serialized)
struct StateFileTests {
    /// A user other than this one to run the binary as, where that is possible: as root, the
    /// command line that runs a command as `nobody`; otherwise nil (this user then cannot read a
    /// mode-000 file either, so tests use chmod alone).
    static let otherUser: (uid: uid_t, gid: gid_t, prefix: [String])? = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
        return (65534, 65534, ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    }()

    /// A directory the binary's user can work in: as root with another user, its owner is that user.
    static func handOver(_ url: URL) throws {
        if let other = otherUser {
            #expect(chown(url.path, other.uid, other.gid) == 0)
        }
    }

    /// Runs `reelshop` as the other user (or as this one), with the sandbox's environment.
    static func runAsUser(_ box: CLISandbox, _ arguments: [String]) throws -> ProcessResult {
        if let other = otherUser {
            return try run(
                URL(fileURLWithPath: other.prefix[0]), Array(other.prefix.dropFirst()) + [reelshopBinary.path] + arguments,
                environment: box.environment)
        }
        return try box.reelshop(arguments)
    }

    /// A sandbox whose temp folder the other user can reach (its parents are 0755 already).
    static func reachableSandbox() throws -> CLISandbox {
        let box = try CLISandbox()
        #expect(chmod(box.temp.url.path, 0o755) == 0)
        return box
    }

    // MARK: - Unreadable

    @Test func anUnreadableCartIsNotMovedAsideAndSaysWhatIsWrong() throws {
        let box = try Self.reachableSandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Self.handOver(box.state)
        let saved = Data(#"{"version": 1, "lines": []}"#.utf8)
        try saved.write(to: box.cartFile)
        // Someone else's file (root's, 0600) or, without root, one this user may not read.
        #expect(chmod(box.cartFile.path, Self.otherUser == nil ? 0o000 : 0o600) == 0)
        defer { chmod(box.cartFile.path, 0o600) }

        for arguments in [["cart", "show"], ["cart", "show", "--json"], ["cart", "add", "claw-clip"], ["cart", "clear"]] {
            let result = try Self.runAsUser(box, arguments + box.common)
            #expect(result.status == 74, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("reelshop: \(box.cartFile.path): cannot be read (Permission denied)"), "\(arguments): \(result)")
            #expect(result.stderr.contains("left as it is"), "\(result)")
            #expect(!result.stderr.contains("moved"), "\(result)")
        }
        #expect(box.stateNames().filter { $0.contains("corrupt") } == [], "nothing was moved aside: \(box.stateNames())")
        #expect(try Data(contentsOf: box.cartFile) == saved, "the file is untouched")
    }

    @Test func theStorefrontOpensWithAnUnreadableCartAndRefusesChanges() throws {
        let box = try Self.reachableSandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Self.handOver(box.state)
        let saved = Data(#"{"version": 1, "lines": []}"#.utf8)
        try saved.write(to: box.cartFile)
        #expect(chmod(box.cartFile.path, Self.otherUser == nil ? 0o000 : 0o600) == 0)
        defer { chmod(box.cartFile.path, 0o600) }

        let prefix = (Self.otherUser?.prefix ?? []).map(shellQuote).joined(separator: " ")
        let command = "\(prefix) \(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(bundledCatalog.path)) --state-dir \(shellQuote(box.state.path))"
        let session = try TmuxSession(
            command, width: 100, height: 30,
            environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": box.temp.appending("home").path])
        defer { session.close() }
        session.waitFor("For You", timeout: 30)
        session.waitFor("The cart could not be read")
        #expect(session.screen().contains("cannot be read"), "it says why: \(session.screen())")
        // Add the post's product: a product with options asks for one first (←/→, then a).
        try session.send("a")
        session.waitUntil("the add to be refused, or an option asked for") {
            $0.contains("could not be saved") || $0.contains("Choose")
        }
        if !session.screen().contains("could not be saved") {
            try session.send("Right")
            try session.send("a")
        }
        session.waitFor("could not be saved")
        #expect(session.screen().contains("Cart 0"), "nothing was added: \(session.screen())")
        // Back to the feed (the sheet may still be open), then quit.
        for _ in 0..<3 where !session.screen().contains("j/k scroll") {
            try session.send("Escape")
            usleep(500_000)
        }
        try session.send("q")
        #expect(session.waitForExit(timeout: 30) == 0)
        #expect(box.stateNames().filter { $0.contains("corrupt") } == [], "nothing was moved aside: \(box.stateNames())")
        #expect(try Data(contentsOf: box.cartFile) == saved, "the file is untouched")
    }

    // MARK: - Too large

    @Test func aHugeCartIsRefusedAndKept() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        // 100 MB, sparse: nothing is written to the disk.
        let fd = open(box.cartFile.path, O_WRONLY | O_CREAT, 0o600)
        #expect(fd >= 0)
        #expect(ftruncate(fd, 100_000_000) == 0)
        close(fd)
        for arguments in [["show"], ["add", "claw-clip"]] {
            let result = try box.reelshop(["cart"] + arguments + box.common)
            #expect(result.status == 74, "\(arguments): \(result)")
            #expect(result.stderr.contains("is 95 MiB, more than the 16 MiB a Reelshop state file may hold"), "\(result)")
            #expect(result.stderr.contains("left as it is"), "\(result)")
        }
        #expect(box.stateNames() == ["cart.json", "cart.json.lock"] || box.stateNames() == ["cart.json"], "\(box.stateNames())")
        let size = try FileManager.default.attributesOfItem(atPath: box.cartFile.path)[.size] as? Int
        #expect(size == 100_000_000)
    }

    // MARK: - Shared directories

    @Test(arguments: [0o777, 0o770, 0o1777, 0o722])
    func aStateDirectoryOthersCanWriteIsRefused(mode: Int) throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        #expect(chmod(box.state.path, mode_t(mode)) == 0)
        for arguments in [["cart", "show"], ["cart", "add", "claw-clip"], ["orders"], ["accounts"]] {
            let result = try box.reelshop(arguments + box.common)
            #expect(result.status == 73, "\(arguments) in a \(String(mode, radix: 8)) directory: \(result)")
            #expect(result.stderr.contains("\(box.state.path): can be written by other users (mode \(String(mode, radix: 8)))"), "\(result)")
            #expect(result.stderr.contains("chmod 700"), "\(result)")
        }
        // The storefront says so before it takes the screen.
        let storefront = try box.reelshop(box.common)
        #expect(storefront.status == 73, "\(storefront)")
        #expect(storefront.stderr.contains("can be written by other users"), "\(storefront)")
        #expect(box.stateNames().isEmpty, "nothing was written there: \(box.stateNames())")
    }

    // MARK: - Lock files

    @Test func aSymlinkedLockFileIsRefused() throws {
        let box = try CLISandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.state, withIntermediateDirectories: true)
        let victim = box.temp.appending("victim")
        try FileManager.default.createSymbolicLink(
            atPath: box.state.appendingPathComponent("cart.json.lock").path,
            withDestinationPath: victim.path)
        let result = try box.cart("add", "claw-clip")
        #expect(result.status == 74, "\(result)")
        #expect(result.stderr.contains("cart.json.lock"), "\(result)")
        #expect(result.stderr.contains("symbolic link"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: victim.path), "the link was not followed")
        #expect(!FileManager.default.fileExists(atPath: box.cartFile.path), "nothing was written")
    }
}
