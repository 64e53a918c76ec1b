import Logging

/// Values for the server's log, made safe: a visitor controls many of them (the user name
/// before authentication, TERM, commands, subsystem names, environment names), and a newline in
/// one would start a forged log line, an escape sequence would rewrite an operator's terminal.
///
/// Control characters, line and paragraph separators and invisible format characters (bidi
/// overrides, zero-width) become escapes (`\n`, `\r`, `\t`, `\u{1b}`), a backslash becomes `\\`
/// so escapes cannot be faked, and long values are cut with a note of how much was left out.
public enum LogText {
    /// The longest value logged, in characters after escaping.
    public static let maxLength = 200

    public static func sanitized(_ text: String, maxLength: Int = LogText.maxLength) -> String {
        var out = ""
        var written = 0
        var dropped = 0
        for scalar in text.unicodeScalars {
            let piece = escape(scalar)
            if written + piece.count > maxLength || dropped > 0 {
                dropped += 1
                continue
            }
            out += piece
            written += piece.count
        }
        return dropped > 0 ? out + "…[\(dropped) more]" : out
    }

    /// A metadata value from text a visitor may control, sanitized here (so it is safe under
    /// any log handler) and marked so `SanitizingLogHandler` does not escape it twice.
    public static func value(_ text: String, maxLength: Int = LogText.maxLength) -> Logger.MetadataValue {
        .stringConvertible(Sanitized(sanitized(text, maxLength: maxLength)))
    }

    /// Text that has been through `sanitized` already.
    struct Sanitized: CustomStringConvertible, Sendable {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func sanitized(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(sanitized(text))
        case .stringConvertible(let done as Sanitized): return .string(done.description)
        case .stringConvertible(let convertible): return .string(sanitized(convertible.description))
        case .array(let values): return .array(values.prefix(32).map(sanitized))
        case .dictionary(let values): return .dictionary(sanitized(values))
        }
    }

    static func sanitized(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var clean: Logger.Metadata = [:]
        for (key, value) in metadata { clean[sanitized(key, maxLength: 64)] = sanitized(value) }
        return clean
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\\": return "\\\\"
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return "\\u{" + String(scalar.value, radix: 16) + "}"
        default:
            return String(scalar)
        }
    }
}

/// Wraps the real log handler and passes it only sanitized text (`LogText`): every message and
/// metadata value `reelshop serve` logs, whoever wrote the call.
public struct SanitizingLogHandler: LogHandler {
    private var inner: any LogHandler

    public init(_ inner: any LogHandler) { self.inner = inner }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = LogText.sanitized(newValue) }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: LogText.sanitized(key, maxLength: 64)] = newValue.map(LogText.sanitized) }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(LogText.sanitized(event.message.description, maxLength: 400))"
        event.metadata = event.metadata.map(LogText.sanitized)
        inner.log(event: event)
    }
}
