/// Word wrapping by display width.
public enum TextLayout {
    /// Splits `text` into lines of at most `width` columns, breaking at spaces where it can.
    /// With `maxLines`, the last kept line ends in an ellipsis when text was dropped.
    public static func wrap(_ text: String, width: Int, maxLines: Int? = nil, ellipsis: String = "…") -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            var currentWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                var wordWidth = TextWidth.of(word)
                if currentWidth > 0 && currentWidth + 1 + wordWidth <= width {
                    current += " " + word
                    currentWidth += 1 + wordWidth
                    continue
                }
                if currentWidth > 0 {
                    lines.append(current)
                    current = ""
                    currentWidth = 0
                }
                // A word longer than a line is cut.
                while wordWidth > width {
                    var head = "", headWidth = 0
                    var rest = Substring(word)
                    while let c = rest.first, headWidth + TextWidth.of(c) <= width {
                        head.append(c)
                        headWidth += TextWidth.of(c)
                        rest = rest.dropFirst()
                    }
                    if head.isEmpty { break }
                    lines.append(head)
                    word = String(rest)
                    wordWidth = TextWidth.of(word)
                }
                current = word
                currentWidth = wordWidth
            }
            lines.append(current)
        }
        while lines.count > 1 && lines.last?.isEmpty == true { lines.removeLast() }
        if let maxLines, lines.count > maxLines, maxLines > 0 {
            var kept = Array(lines.prefix(maxLines))
            var last = kept[maxLines - 1]
            while TextWidth.of(last) + TextWidth.of(ellipsis) > width, !last.isEmpty { last.removeLast() }
            kept[maxLines - 1] = last + ellipsis
            return kept
        }
        return lines
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    /// The end of `text` that fits in `width` columns (what was typed last stays in view).
    public static func tail(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        var result: [Character] = []
        var used = 0
        for character in text.reversed() {
            let w = TextWidth.of(String(character))
            if used + w > width { break }
            used += w
            result.insert(character, at: 0)
        }
        return String(result)
    }

    public static func pad(_ text: String, to width: Int) -> String {
        let w = TextWidth.of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }
}
