import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSON document kept in one file with a `version` field and an empty starting value.
public protocol VersionedDocument: Codable, Sendable, Equatable {
    /// The only version this build reads and writes.
    static var currentVersion: Int { get }
    /// The version the document was read with (or will be written with).
    var version: Int { get }
    /// What a missing file means.
    static var empty: Self { get }
    /// The document as a reader of `data` (its encoding) gets it back. The default decodes
    /// `data`; a document that knows what encoding loses (dates lose their fraction of a second)
    /// says it without the decode, which for a 1,000-line cart is most of a change's cost.
    func storedForm(encoded data: Data) -> Self
    /// The file's bytes written without `JSONEncoder`, or nil (the default) to use it. Must be
    /// exactly what `JSONDocumentStore.codableEncode` writes.
    func fastEncoded() -> Data?
    /// The document read from `data` without `JSONDecoder`, or nil (the default) to use it,
    /// which also explains a bad file. Must read what `JSONDecoder` reads, to an equal value.
    static func fastDecoded(_ data: Data) -> Self?
}

extension VersionedDocument {
    public func storedForm(encoded data: Data) -> Self {
        if case .success(let stored) = JSONDocumentStore<Self>.decode(data) { return stored }
        return self
    }

    public func fastEncoded() -> Data? { nil }

    public static func fastDecoded(_ data: Data) -> Self? { nil }
}

/// An unreadable file that was moved aside so the app could go on; says where it went.
public struct Recovery: Sendable, Equatable, CustomStringConvertible {
    public var original: URL
    public var movedTo: URL
    public var reason: String

    public init(original: URL, movedTo: URL, reason: String) {
        self.original = original
        self.movedTo = movedTo
        self.reason = reason
    }

    public var description: String {
        "\(original.lastPathComponent) could not be read (\(reason)); it was moved to \(movedTo.path) and a new one started"
    }
}

/// Identifies one version of a file on disk; a rename into place always changes it.
public struct FileStamp: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64

    public static func of(_ url: URL) -> FileStamp? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return FileStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}

/// A versioned JSON document on disk, shared safely by several processes.
///
/// Every change is a read-modify-write under an exclusive lock on `<file>.lock`, written with
/// `AtomicFile` (temporary file, fsync, rename). A file that is not a document (garbage, an
/// unknown version, a directory) is renamed to `<file>.corrupt-<time>` rather than overwritten,
/// and the caller gets a `Recovery` to show the user. A file that cannot be read at all
/// (permission denied, an I/O error), is larger than `maxBytes` or is not a regular file is not
/// corrupt: it is refused with a `StorageError`, left exactly as it is, and nothing is written.
public struct JSONDocumentStore<Document: VersionedDocument>: Sendable {
    public let url: URL
    public let mode: mode_t
    /// The largest file read (16 MiB unless given): a bigger one is refused, not read whole.
    public let maxBytes: Int
    private let lock: FileLock
    private let now: @Sendable () -> Date
    /// The document as this store last read or wrote it, with the file's stamp then: a reload
    /// of an unchanged file (our own write, seen again through the watcher) and the read
    /// before a change cost a `stat`, not a decode. Copies of the store share it.
    private let cache = DocumentCache<Document>()

    public init(
        url: URL, mode: mode_t = 0o600, maxBytes: Int = StateFileReader.defaultMaxBytes,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.url = url
        self.mode = mode
        self.maxBytes = maxBytes
        self.lock = FileLock(url: url.appendingPathExtension("lock"))
        self.now = now
    }

    /// The document as it is now. A missing file is `Document.empty`; a corrupt one is moved
    /// aside (under the lock, after checking again that nobody fixed it meanwhile); one that
    /// cannot be read, or is too large, throws a `StorageError` and stays where it is.
    public func load() throws -> (document: Document, recovery: Recovery?) {
        switch try readCurrent() {
        case .missing: return (Document.empty, nil)
        case .ok(let document): return (document, nil)
        case .unreadable:
            return try lock.withLock { () throws -> (Document, Recovery?) in
                try resolveUnderLock()
            }
        }
    }

    /// Applies `body` to the current document under the lock and writes the result atomically.
    /// Nothing is written when `body` throws or leaves the document unchanged.
    @discardableResult
    public func update<T>(_ body: (inout Document) throws -> T) throws -> (result: T, document: Document, recovery: Recovery?) {
        try lock.withLock { () throws -> (T, Document, Recovery?) in
            let (original, recovery) = try resolveUnderLock()
            var document = original
            let result = try body(&document)
            if document != original || recovery != nil {
                let data = try Self.encode(document)
                // We hold the lock, so any temporary file of this document is a killed writer's.
                AtomicFile.removeLeftovers(of: url)
                try AtomicFile.write(data, to: url, mode: mode)
                // Hand back what a reader of the file gets (dates lose sub-second precision),
                // so comparing with a later reload tells real changes from our own write.
                document = document.storedForm(encoded: data)
                // We hold the lock: the file at this stamp is the one just renamed into place.
                if let stamp = FileStamp.of(url) { cache.store(document, at: stamp) }
            }
            return (result, document, recovery)
        }
    }

    /// The file's current stamp, to notice changes made by other processes.
    public func stamp() -> FileStamp? { FileStamp.of(url) }

    public static func encode(_ document: Document) throws -> Data {
        if let data = document.fastEncoded() { return data }
        return try codableEncode(document)
    }

    /// The Codable encoding (what `encode` writes when the document has no fast path).
    public static func codableEncode(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(document)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) -> Result<Document, DecodeFailure> {
        if let document = Document.fastDecoded(data), document.version == Document.currentVersion { return .success(document) }
        return codableDecode(data)
    }

    /// The Codable decoding, with the reason for a bad file (what `decode` falls back to).
    public static func codableDecode(_ data: Data) -> Result<Document, DecodeFailure> {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(wholeSecondDate)
        // One parse for a good file; the header is read only to explain a bad one (a parse of a
        // 1,000-line cart costs milliseconds, and every change reads the file).
        let documentError: any Error
        do {
            let document = try decoder.decode(Document.self, from: data)
            if document.version == Document.currentVersion { return .success(document) }
            documentError = DecodeFailure(reason: "unknown version \(document.version)")
        } catch {
            documentError = error
        }
        guard let header = try? decoder.decode(VersionHeader.self, from: data) else {
            return .failure(DecodeFailure(reason: "not a JSON object with a numeric \"version\""))
        }
        guard header.version == Document.currentVersion else {
            return .failure(
                DecodeFailure(
                    reason: "unknown version \(header.version) (this build reads version \(Document.currentVersion))"))
        }
        return .failure(DecodeFailure(reason: Self.describe(documentError)))
    }

    public struct DecodeFailure: Error, Sendable { public var reason: String }

    // MARK: - Private

    private struct VersionHeader: Decodable { var version: Int }

    private enum ReadOutcome {
        case missing
        case ok(Document)
        case unreadable(String)
    }

    /// What is at `url`; `.unreadable` means corrupt (moved aside), a thrown error means refused.
    private func readCurrent() throws(StorageError) -> ReadOutcome {
        let before = FileStamp.of(url)
        if let before, let known = cache.document(at: before) { return .ok(known) }
        let data: Data
        switch try StateFileReader.read(url, maxBytes: maxBytes) {
        case .missing: return .missing
        case .directory: return .unreadable("it is a directory")
        case .bytes(let bytes): data = bytes
        }
        switch Self.decode(data) {
        case .success(let document):
            // Kept only when the file did not change while it was read.
            if let before, FileStamp.of(url) == before { cache.store(document, at: before) }
            return .ok(document)
        case .failure(let failure): return .unreadable(failure.reason)
        }
    }

    /// Must run under the lock.
    private func resolveUnderLock() throws -> (Document, Recovery?) {
        switch try readCurrent() {
        case .missing: return (Document.empty, nil)
        case .ok(let document): return (document, nil)
        case .unreadable(let reason):
            let destination = corruptDestination()
            guard rename(url.path, destination.path) == 0 else {
                throw StorageError(path: url.path, doing: "is unreadable (\(reason)) and could not be moved aside", code: errno)
            }
            return (Document.empty, Recovery(original: url, movedTo: destination, reason: reason))
        }
    }

    private func corruptDestination() -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base = "\(url.lastPathComponent).corrupt-\(formatter.string(from: now()))"
        let directory = url.deletingLastPathComponent()
        var candidate = directory.appendingPathComponent(base)
        var counter = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = directory.appendingPathComponent("\(base)-\(counter)")
            counter += 1
        }
        return candidate
    }

    /// Reads an ISO 8601 date to the whole second, the precision `encode` writes: a date with a
    /// fraction (a hand-edited file) would otherwise change on the next save (the fuzzer's find).
    @Sendable private static func wholeSecondDate(_ decoder: any Decoder) throws -> Date {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 date such as 2026-01-31T09:30:00Z, found \"\(text)\"")
        }
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
            }
            return "$" + components.joined()
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing \"\(key.stringValue)\""
        @unknown default:
            return "\(error)"
        }
    }
}

/// One document and the stamp of the file it was read from or written to.
final class DocumentCache<Document: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entry: (stamp: FileStamp, document: Document)?

    func document(at stamp: FileStamp) -> Document? {
        lock.withLock { entry?.stamp == stamp ? entry?.document : nil }
    }

    func store(_ document: Document, at stamp: FileStamp) {
        lock.withLock { entry = (stamp, document) }
    }
}
