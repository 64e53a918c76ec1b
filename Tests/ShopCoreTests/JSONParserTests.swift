import Foundation
import Testing
@testable import ShopCore

/// The catalog's JSON parser agrees with Foundation's `JSONDecoder` on valid text and rejects
/// invalid text with a position instead of crashing.
@Suite("JSON parser")
struct JSONParserTests {
    /// The schemaless decode the catalog used before `JSONParser`: the oracle to agree with.
    enum FoundationValue: Decodable {
        case value(JSONValue)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .value(.null)
            } else if let bool = try? container.decode(Bool.self) {
                self = .value(.bool(bool))
            } else if let int = try? container.decode(Int.self) {
                self = .value(.integer(int))
            } else if let double = try? container.decode(Double.self) {
                self = .value(.number(double))
            } else if let string = try? container.decode(String.self) {
                self = .value(.string(string))
            } else if let array = try? container.decode([FoundationValue].self) {
                self = .value(.array(array.map(\.json)))
            } else {
                self = .value(.object(try container.decode([String: FoundationValue].self).mapValues(\.json)))
            }
        }

        var json: JSONValue {
            switch self {
            case .value(let value): return value
            }
        }
    }

    static func foundation(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(FoundationValue.self, from: Data(text.utf8)).json
    }

    @Test func parsesEveryKindOfValue() throws {
        let text = #"{"a": [1, -2, 3.5, 4.0, 1e3, -0.25e-2, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00\/"}, "e": ""}"#
        let expected = JSONValue.object([
            "a": .array([
                .integer(1), .integer(-2), .number(3.5), .integer(4), .integer(1000), .number(-0.0025),
                .bool(true), .bool(false), .null,
            ]),
            "b": .object(["c": .string("d\né😀/")]),
            "e": .string(""),
        ])
        #expect(try JSONParser.parse(Data(text.utf8)) == expected)
        #expect(try Self.foundation(text) == expected)
    }

    @Test(arguments: [
        "0", "-0", "12345678901234567890", "9223372036854775807", "-9223372036854775808", "1.5e300",
        #""tab\tquote\"backslash\\ slash\/ \b\f\r""#, #""\u0000\u001f\uFFFF""#, "  [ ]  ", "{}", "[[[]]]",
        #"{"k": 1, "k": 2}"#, #""café ☕️ 👩‍👩‍👧""#,
    ])
    func agreesWithJSONDecoder(text: String) throws {
        #expect(try JSONParser.parse(Data(text.utf8)) == Self.foundation(text))
    }

    @Test func agreesWithJSONDecoderOnGeneratedDocuments() throws {
        var generator = SplitMix(seed: 7)
        for _ in 0..<300 {
            let text = Self.document(depth: 0, random: &generator)
            #expect(try JSONParser.parse(Data(text.utf8)) == Self.foundation(text), "\(text)")
        }
    }

    @Test func agreesWithJSONDecoderOnTheBundledCatalog() throws {
        let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets")
        let data = try Data(contentsOf: assets.appendingPathComponent("catalog.json"))
        #expect(try JSONParser.parse(data) == JSONDecoder().decode(FoundationValue.self, from: data).json)
    }

    @Test(arguments: [
        ("", 1, 1), ("[1,]", 1, 4), ("{\"a\" 1}", 1, 6), ("[1]\n x", 2, 2), ("01", 1, 2), ("1.", 1, 3),
        ("\"open", 1, 6), ("\"\\ud800\"", 1, 8), ("\"a\u{01}\"", 1, 3), ("tru", 1, 1), ("[\"\\q\"]", 1, 5),
        ("{\"a\":1}}", 1, 8), ("1e999", 1, 6), ("\u{FF}", 1, 1),
    ])
    func rejectsInvalidTextWithItsPosition(text: String, line: Int, column: Int) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data(text.utf8)) }
        do {
            _ = try JSONParser.parse(Data(text.utf8))
        } catch {
            #expect((error.line, error.column) == (line, column), "\(text): \(error)")
        }
    }

    @Test func rejectsInvalidUTF8InAString() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data([0x22, 0xC3, 0x28, 0x22])) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data([0x22, 0x5C, 0x6E, 0xFF, 0x22])) }
    }

    @Test func deepNestingFailsInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data(deep.utf8)) }
        let fine = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try JSONParser.parse(Data(fine.utf8)) }
    }

    // MARK: - Generated documents

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let pieces = ["a", "Z", " ", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "é", "😀", "\\t", "0", "\\u0041"]

    static func document(depth: Int, random: inout SplitMix) -> String {
        switch random.next(depth > 3 ? 6 : 8) {
        case 0: return "null"
        case 1: return random.next(2) == 0 ? "true" : "false"
        case 2: return String(random.next(2_000_000) - 1_000_000)
        case 3: return "\(random.next(2000) - 1000).\(random.next(1000))" + (random.next(3) == 0 ? "e\(random.next(20) - 10)" : "")
        case 4, 5: return "\"" + (0..<random.next(6)).map { _ in pieces[random.next(pieces.count)] }.joined() + "\""
        case 6: return "[" + (0..<random.next(5)).map { _ in document(depth: depth + 1, random: &random) }.joined(separator: ", ") + "]"
        default:
            return "{"
                + (0..<random.next(5)).map { i in "\"k\(i)\(pieces[random.next(3)])\": " + document(depth: depth + 1, random: &random) }
                .joined(separator: ",") + "}"
        }
    }
}
