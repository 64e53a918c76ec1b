/// Parses durations written for people: `90s`, `15m`, `2h`, `1h30m`, `500ms`, or plain seconds.
public enum DurationText {
    public static func seconds(_ text: String) throws(SSHIdentityError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let plain = Double(trimmed), plain >= 0 { return plain }
        var total = 0.0
        var number = ""
        var unit = ""
        var sawAny = false
        func flush() throws(SSHIdentityError) {
            guard let value = Double(number) else { throw bad(text) }
            let scale: Double
            switch unit {
            case "ms": scale = 0.001
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            case "d": scale = 86400
            default: throw bad(text)
            }
            total += value * scale
            number = ""
            unit = ""
            sawAny = true
        }
        for character in trimmed {
            if character.isNumber || character == "." {
                if !unit.isEmpty { try flush() }
                number.append(character)
            } else if character.isLetter {
                guard !number.isEmpty else { throw bad(text) }
                unit.append(character)
            } else {
                throw bad(text)
            }
        }
        if !number.isEmpty || !unit.isEmpty { try flush() }
        guard sawAny else { throw bad(text) }
        return total
    }

    private static func bad(_ text: String) -> SSHIdentityError {
        SSHIdentityError("'\(text)' is not a duration; write it like 90s, 15m, 2h or 1h30m")
    }
}

import Foundation
