/// Whole numbers for people, as en-US writes them: money's whole units, counts in messages.
public enum NumberText {
    /// "1,234,567", "-1,204": digits in groups of three from the right. `magnitude`, not `abs`,
    /// so `Int.min` (a tampered file can hold it) is written rather than trapping.
    public static func grouped(_ value: some BinaryInteger) -> String {
        let digits = Array(String(value.magnitude))
        var out = value < 0 ? "-" : ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
