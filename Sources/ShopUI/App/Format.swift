/// Number formats the screens share.
public enum Format {
    /// 950, 9.1K, 184K, 1.2M, as social apps show counts.
    public static func compact(_ n: Int) -> String {
        let value = Double(n)
        func trimmed(_ x: Double) -> String {
            let rounded = (x * 10).rounded(.down) / 10
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        switch n {
        case ..<1000: return String(n)
        case ..<100_000: return trimmed(value / 1000) + "K"
        case ..<1_000_000: return String(n / 1000) + "K"
        case ..<100_000_000: return trimmed(value / 1_000_000) + "M"
        default: return String(n / 1_000_000) + "M"
        }
    }

    /// "1 item", "3 items".
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    /// "4.7" for ratings.
    public static func rating(_ value: Double) -> String {
        String(Double((value * 10).rounded()) / 10)
    }
}
