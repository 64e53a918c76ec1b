/// One thing wrong in a catalog: where (file and JSON path) and what was expected there.
public struct CatalogProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The file is missing or is not JSON.
        case unreadable
        /// A required field is absent.
        case missingField
        /// A field holds the wrong type or an out-of-range value.
        case invalidValue
        /// Two entries share an id that must be unique.
        case duplicateID
        /// An id refers to nothing (post → product or creator, product → marketplace).
        case unknownReference
        /// A media path names no file.
        case missingMedia
        /// A media file that is not a picture the storefront can show (`reelshop catalog check`
        /// decodes them; loading the catalog only sees that they exist).
        case undecodableMedia
        /// Text holding a character a terminal acts on (ESC, C1, bidirectional overrides). The
        /// storefront still loads (its screen drops them); `catalog check` reports them.
        case controlCharacter
        /// Text longer than the field's limit. The storefront still loads and shows what fits;
        /// `catalog check` reports it.
        case tooLong
    }

    public var kind: Kind
    public var file: String
    /// A JSON path such as `$.posts[3].product`.
    public var path: String
    public var message: String

    public init(kind: Kind, file: String, path: String, message: String) {
        self.kind = kind
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }
}

/// A catalog that failed validation, with every problem found.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var problems: [CatalogProblem]

    public init(problems: [CatalogProblem]) { self.problems = problems }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "The catalog has \(count):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
