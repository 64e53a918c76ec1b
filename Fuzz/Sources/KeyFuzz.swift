import ShopInput
import ShopUI

/// Key and mouse decoding: any code ncurses could hand over maps to an event or to nothing.
///
/// The input is a stream of records: a kind byte, then a 4-byte value (and for the mouse two
/// 4-byte coordinates), so one input exercises a run of mixed keys like a real session.
enum KeyFuzz {
    static let decoder = InputDecoder(codes: .ncurses)
    static let screen = Size(width: 80, height: 24)

    static func run(_ bytes: [UInt8]) {
        filterRun(bytes)
        var reader = ByteReader(bytes)
        while let kind = reader.byte() {
            guard let value = reader.uint32() else { return }
            switch kind % 3 {
            case 0:
                let event = decoder.character(value)
                if case .key(.character(let character))? = event {
                    require(character.unicodeScalars.first?.value == value, "a character key is the scalar read")
                    require(value >= 0x20 && value != 0x7F, "control codes are not characters")
                }
            case 1:
                _ = decoder.functionKey(value)
            default:
                guard let x = reader.uint32(), let y = reader.uint32() else { return }
                let event = decoder.mouse(buttons: value, x: Int32(bitPattern: x), y: Int32(bitPattern: y), screen: screen)
                if case .mouse(.click(let column, let row))? = event {
                    require((0..<screen.width).contains(column) && (0..<screen.height).contains(row), "clicks land on the screen")
                }
            }
        }
    }
}

extension KeyFuzz {
    /// The escape-sequence filter over the same bytes as characters, in reads of varying size:
    /// it never yields a key for a byte inside a sequence it recognised, never holds more than
    /// its bounds, and Ctrl-C always terminates.
    static func filterRun(_ bytes: [UInt8]) {
        var filter = InputFilter(decoder: decoder)
        var rest = bytes[...]
        while let size = rest.first {
            rest = rest.dropFirst()
            let read = rest.prefix(Int(size % 64) + 1)
            rest = rest.dropFirst(read.count)
            let units = read.map { InputFilter.Unit.character(UInt32($0)) }
            let events = filter.filter(units) { _ in nil }
            if read.contains(0x03) { require(events.contains(.terminate), "Ctrl-C terminates") }
            require(events.count <= units.count + 1, "no more events than units")
        }
    }
}

/// Reads fixed-size little-endian fields off the front of a fuzz input.
struct ByteReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    var rest: [UInt8] { Array(bytes) }

    mutating func byte() -> UInt8? { bytes.popFirst() }

    mutating func uint32() -> UInt32? {
        guard bytes.count >= 4 else { return nil }
        let value = bytes.prefix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        bytes = bytes.dropFirst(4)
        return value
    }

    mutating func uint64() -> UInt64? {
        guard let low = uint32(), let high = uint32() else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }
}
