import Foundation

/// An amount of money in integer minor units (cents) of one currency; never a `Double`.
public struct Money: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var minorUnits: Int
    public var currency: String

    public init(minorUnits: Int, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: String) -> Money { Money(minorUnits: 0, currency: currency) }

    /// This amount times a whole quantity.
    public func times(_ quantity: Int) -> Money {
        Money(minorUnits: minorUnits * quantity, currency: currency)
    }

    /// The sum of two amounts; the currencies must match (callers group by currency first).
    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "adding \(lhs.currency) to \(rhs.currency)")
        return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "subtracting \(rhs.currency) from \(lhs.currency)")
        return Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.currency == rhs.currency ? lhs.minorUnits < rhs.minorUnits : lhs.currency < rhs.currency
    }

    /// Minor units per major unit for the currencies we know (JPY has none).
    static func exponent(of currency: String) -> Int {
        switch currency {
        case "JPY", "KRW", "VND", "CLP", "ISK": return 0
        case "BHD", "KWD", "OMR", "JOD", "TND": return 3
        default: return 2
        }
    }

    /// "$24.99", "$1,104.15", "€9.50", "£3.00", "¥1,200", or "24.99 CHF" for currencies without
    /// a symbol here. Whole units are grouped in thousands with commas, as en-US writes them.
    public var formatted: String {
        let exponent = Money.exponent(of: currency)
        // `magnitude`, not `abs`: abs(Int.min) traps, and a tampered file can hold Int.min.
        let magnitude = minorUnits.magnitude
        let sign = minorUnits < 0 ? "-" : ""
        var digits: String
        if exponent == 0 {
            digits = NumberText.grouped(magnitude)
        } else {
            var divisor: UInt = 1
            for _ in 0..<exponent { divisor *= 10 }
            let fraction = String(magnitude % divisor)
            digits = "\(NumberText.grouped(magnitude / divisor)).\(String(repeating: "0", count: exponent - fraction.count))\(fraction)"
        }
        switch currency {
        case "USD": return "\(sign)$\(digits)"
        case "EUR": return "\(sign)€\(digits)"
        case "GBP": return "\(sign)£\(digits)"
        case "JPY": return "\(sign)¥\(digits)"
        default: return "\(sign)\(digits) \(currency)"
        }
    }

    public var description: String { formatted }
}
