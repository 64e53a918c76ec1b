import Foundation

/// cart.json written and read without `JSONEncoder`/`JSONDecoder` (issue 15): Foundation's coders
/// took most of a persisted change of a 1,000-line cart (about 4 ms of 5.8) and of
/// `reelshop cart add` on it.
///
/// `encode` writes the very bytes `JSONEncoder` writes with the store's settings (pretty printed,
/// sorted keys, slashes unescaped, ISO 8601 dates to the second); `decode` reads what
/// `JSONDecoder` reads into an equal `Cart`. Both are a fast path only: each answers nil for
/// anything outside the plain case (a control character in a string, a date outside
/// 1970…9999 or not written `YYYY-MM-DDTHH:MM:SSZ`, a value out of range, an unknown version,
/// anything malformed), and the store then uses the Codable path, which also words the error
/// for a bad file. `CartJSONTests` checks both against Foundation on generated carts.
enum CartJSON {
    // MARK: - Writing

    /// The document's file bytes (with the final newline), or nil to let `JSONEncoder` write it.
    static func encode(_ cart: Cart) -> Data? {
        var writer = Writer()
        writer.out.reserveCapacity(64 + cart.lines.count * 240)
        guard writer.cart(cart) else { return nil }
        return Data(writer.out)
    }

    private struct Writer {
        var out: [UInt8] = []

        mutating func cart(_ cart: Cart) -> Bool {
            raw("{\n  \"lines\" : [")
            if cart.lines.isEmpty {
                raw("\n\n  ]")
            } else {
                for (index, line) in cart.lines.enumerated() {
                    raw(index == 0 ? "\n    {\n" : ",\n    {\n")
                    guard self.line(line) else { return false }
                    raw("\n    }")
                }
                raw("\n  ]")
            }
            if !cart.settledCheckouts.isEmpty {
                raw(",\n  \"settledCheckouts\" : [")
                for (index, key) in cart.settledCheckouts.enumerated() {
                    raw(index == 0 ? "\n    " : ",\n    ")
                    guard string(key) else { return false }
                }
                raw("\n  ]")
            }
            raw(",\n  \"version\" : ")
            int(cart.version)
            raw("\n}\n")
            return true
        }

        mutating func line(_ line: CartLine) -> Bool {
            raw("      \"addedAt\" : ")
            guard date(line.addedAt) else { return false }
            if let dealID = line.dealID {
                raw(",\n      \"dealID\" : ")
                guard string(dealID) else { return false }
            }
            raw(",\n      \"productID\" : ")
            guard string(line.productID) else { return false }
            raw(",\n      \"quantity\" : ")
            int(line.quantity)
            raw(",\n      \"unitPrice\" : {\n        \"currency\" : ")
            guard string(line.unitPrice.currency) else { return false }
            raw(",\n        \"minorUnits\" : ")
            int(line.unitPrice.minorUnits)
            raw("\n      },\n      \"variantID\" : ")
            return string(line.variantID)
        }

        mutating func raw(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// A quoted string; `"` and `\` escaped as JSONEncoder does. Control characters are
        /// left to JSONEncoder (false), whose escapes for them are its own business.
        mutating func string(_ text: String) -> Bool {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case 0..<0x20: return false
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
            return true
        }

        mutating func int(_ value: Int) {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits:
                (
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
                ) =
                    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                    count += 1
                } while magnitude > 0
                out.append(contentsOf: buffer[(20 - count)...])
            }
        }

        /// `"YYYY-MM-DDTHH:MM:SSZ"`, the date's whole seconds (as JSONEncoder's `.iso8601`).
        mutating func date(_ date: Date) -> Bool {
            let interval = date.timeIntervalSince1970
            guard interval >= 0, interval < CartJSON.endOfYear9999 else { return false }
            let seconds = Int(interval.rounded(.down))
            let (year, month, day) = CartJSON.civil(fromDays: seconds / 86_400)
            let time = seconds % 86_400
            out.append(UInt8(ascii: "\""))
            digits(year, 4)
            out.append(UInt8(ascii: "-"))
            digits(month, 2)
            out.append(UInt8(ascii: "-"))
            digits(day, 2)
            out.append(UInt8(ascii: "T"))
            digits(time / 3600, 2)
            out.append(UInt8(ascii: ":"))
            digits(time / 60 % 60, 2)
            out.append(UInt8(ascii: ":"))
            digits(time % 60, 2)
            out.append(UInt8(ascii: "Z"))
            out.append(UInt8(ascii: "\""))
            return true
        }

        mutating func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
    }

    /// 10000-01-01T00:00:00Z: four-digit years only.
    static let endOfYear9999: Double = 253_402_300_800

    /// Howard Hinnant's civil_from_days, for days since 1970-01-01 (not negative here).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    // MARK: - Reading

    /// The cart in `data`, or nil to let `JSONDecoder` read it (and explain what is wrong).
    /// Accepts only documents `JSONDecoder` reads to the same cart; anything unusual is nil.
    static func decode(_ data: Data) -> Cart? {
        guard let root = try? JSONParser.parse(data), case .object(let top) = root,
            case .integer(let version)? = top["version"], version == Cart.currentVersion,
            case .array(let lineValues)? = top["lines"]
        else { return nil }
        var lines: [CartLine] = []
        lines.reserveCapacity(lineValues.count)
        for value in lineValues {
            guard let line = line(value) else { return nil }
            lines.append(line)
        }
        var settled: [String] = []
        switch top["settledCheckouts"] {
        case nil, .null?: break
        case .array(let keys)?:
            for key in keys {
                guard case .string(let text) = key else { return nil }
                settled.append(text)
            }
        default: return nil
        }
        var cart = Cart(lines: lines, settledCheckouts: settled)
        cart.version = version
        return cart
    }

    private static func line(_ value: JSONValue) -> CartLine? {
        guard case .object(let fields) = value,
            case .integer(let quantity)? = fields["quantity"], Cart.quantityRange.contains(quantity),
            case .object(let price)? = fields["unitPrice"],
            case .integer(let minorUnits)? = price["minorUnits"], (0...CartLine.maximumUnitPrice).contains(minorUnits),
            case .string(let currency)? = price["currency"], currency.utf8.count == 3,
            currency.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }),
            case .string(let productID)? = fields["productID"],
            case .string(let variantID)? = fields["variantID"],
            case .string(let addedAt)? = fields["addedAt"], let date = date(addedAt)
        else { return nil }
        let dealID: String?
        switch fields["dealID"] {
        case nil, .null?: dealID = nil
        case .string(let text)?: dealID = text
        default: return nil
        }
        return CartLine(
            productID: productID, variantID: variantID, quantity: quantity,
            unitPrice: Money(minorUnits: minorUnits, currency: currency), addedAt: date, dealID: dealID)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of a real time from 1970 on, or nil (other ISO 8601 forms go to
    /// Foundation's parser).
    static func date(_ text: String) -> Date? {
        var bytes:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        for byte in text.utf8 {
            guard count < 20 else { return nil }
            withUnsafeMutableBytes(of: &bytes) { $0[count] = byte }
            count += 1
        }
        guard count == 20 else { return nil }
        return withUnsafeBytes(of: &bytes) { b -> Date? in
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
                b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z")
            else { return nil }
            func number(_ start: Int, _ width: Int) -> Int? {
                var value = 0
                for i in start..<start + width {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) else { return nil }
                    value = value * 10 + Int(b[i] - UInt8(ascii: "0"))
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                year >= 1970, (1...12).contains(month), (1...CalendarDay.daysIn(month: month, year: year)).contains(day),
                hour < 24, minute < 60, second < 60
            else { return nil }
            let days = CalendarDay.daysSinceEpoch(year: year, month: month, day: day)
            return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
        }
    }
}
