/// A picture that could not be used, with the file and what is wrong with it.
///
/// Decoders never crash or allocate without bound on bad input: a damaged, truncated, oversized
/// or unsupported file becomes one of these, and the UI shows `description` in place of the clip.
public struct MediaError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of problem it is, for code that reacts differently (tests, fallbacks).
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be read at all (missing, permissions).
        case unreadable
        /// Neither PNG nor GIF.
        case unsupportedFormat
        /// The bytes claim to be PNG/GIF but are damaged or cut short.
        case damaged
        /// Dimensions, frame count or total decoded size exceed the limits.
        case tooLarge
    }

    /// The file name (or other label) given to the decoder.
    public var file: String
    public var kind: Kind
    /// What is wrong, in words a user can act on.
    public var detail: String

    public init(file: String, kind: Kind, detail: String) {
        self.file = file
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        "\(file): \(detail)"
    }
}
