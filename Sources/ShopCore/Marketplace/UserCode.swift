import Foundation

/// The short code a person types on their phone to approve a link (RFC 8628 §6.1).
///
/// Eight characters from `BCDFGHJKLMNPQRSTVWXZ` (no vowels, so no words; no digits, so no 0/O
/// mix-ups), shown as `XXXX-XXXX` and accepted regardless of case, dashes and spaces.
public struct UserCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let alphabet: [Character] = Array("BCDFGHJKLMNPQRSTVWXZ")
    public static let length = 8

    /// The eight characters, upper case, without the dash.
    public let normalized: String

    /// Parses what a person typed: "bcdf-ghjk", "BCDFGHJK", "bcdf ghjk". Nil when it is not a code.
    public init?(parsing text: String) {
        let kept = text.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        guard kept.count == Self.length, kept.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        normalized = String(kept)
    }

    /// A fresh random code.
    public static func random() -> UserCode {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> UserCode {
        let characters = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        // Every character is in the alphabet, so parsing cannot fail.
        return UserCode(parsing: String(characters)) ?? UserCode(unchecked: String(characters))
    }

    private init(unchecked: String) { normalized = unchecked }

    /// "BCDF-GHJK", the way it is shown and read aloud.
    public var display: String {
        "\(normalized.prefix(4))-\(normalized.suffix(normalized.count - 4))"
    }

    public var description: String { display }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = UserCode(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "expected a user code like BCDF-GHJK, found \"\(text)\""))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(display)
    }
}
