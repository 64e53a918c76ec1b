import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// checkout-journal.json under the state directory (lock, read-modify-write, atomic rename, an
/// unreadable file moved aside), and the per-intent claims that say an intent is in flight.
public struct CheckoutJournalStore: Sendable {
    public static let fileName = "checkout-journal.json"
    public let document: JSONDocumentStore<CheckoutJournal>
    private let directory: URL

    public init(stateDirectory: StateDirectory, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(directory: stateDirectory.url, now: now)
    }

    public init(directory: URL, now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory
        document = JSONDocumentStore(url: directory.appendingPathComponent(Self.fileName), mode: 0o600, now: now)
    }

    public var url: URL { document.url }

    /// The intents not yet finished, oldest first.
    public func load() throws -> (intents: [CheckoutIntent], recovery: Recovery?) {
        let (journal, recovery) = try document.load()
        return (journal.intents, recovery)
    }

    /// Claims one intent for this process until `release()`: a placer waits for it (`wait`), a
    /// reconciler does not (nil: another process is placing that order right now, so it is not
    /// lost, only busy). The kernel drops a claim when its process dies.
    public func claim(_ idempotencyKey: String, wait: Bool) throws(StorageError) -> IntentClaim? {
        try IntentClaim.acquire(directory.appendingPathComponent(Self.claimName(idempotencyKey)), wait: wait)
    }

    /// The claim file of a key: its first 48 letters, digits, '-' and '_' (readable in a listing)
    /// and a 64-bit FNV-1a of the whole key (keys longer than that, or with other characters,
    /// stay apart). Not a secret and not a security boundary — only a lock's name: if two keys
    /// ever shared one, their placements would wait for each other, never both go ahead with
    /// neither; the marketplace's idempotency key is what makes an order exactly-once. So no
    /// cryptographic hash here, and ShopCore stays Foundation-only (the fuzz build compiles it).
    static func claimName(_ idempotencyKey: String) -> String {
        let readable = String(
            idempotencyKey.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }.prefix(48)
        )
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in idempotencyKey.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return ".checkout-\(readable)-\(String(repeating: "0", count: 16 - hex.count) + hex).claim"
    }

    /// Removes claim files no process holds whose intents are not pending: a process killed
    /// while it held one (before its intent was written, or after it was finished) leaves the
    /// empty file behind. A held claim is never touched, so a placer that has claimed but not
    /// yet written its intent keeps it.
    public func removeAbandonedClaims(pending: Set<String>) {
        let keep = Set(pending.map(Self.claimName))
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(".checkout-") && name.hasSuffix(".claim") && !keep.contains(name) {
            if let claim = try? IntentClaim.acquire(directory.appendingPathComponent(name), wait: false) { claim.release() }
        }
    }
}

/// An exclusive `flock` on a small per-intent file, removed on release.
///
/// Removing a lock file is safe only because every taker checks, once it holds the lock, that the
/// path still names the file it locked; a taker that waited on a file removed meanwhile tries
/// again on the new one.
public final class IntentClaim: @unchecked Sendable {
    private let url: URL
    private var descriptor: Int32

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = descriptor
    }

    deinit { release() }

    static func acquire(_ url: URL, wait: Bool) throws(StorageError) -> IntentClaim? {
        while true {
            let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StorageError(path: url.path, doing: "cannot open the checkout claim", code: errno) }
            var status: Int32
            repeat { status = flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) } while status != 0 && errno == EINTR
            if status != 0 {
                let code = errno
                close(fd)
                if code == EWOULDBLOCK { return nil }
                throw StorageError(path: url.path, doing: "cannot take the checkout claim", code: code)
            }
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, stat(url.path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                return IntentClaim(url: url, descriptor: fd)
            }
            close(fd)
        }
    }

    /// Gives the claim up (and removes its file, still holding it). Safe to call twice.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(url.path)
        close(descriptor)
        descriptor = -1
    }
}
