/// Word wrapping by display width.
public enum TextLayout {
    /// Splits `text` into lines of at most `width` columns, breaking at spaces where it can.
    /// With `maxLines`, the last kept line ends in an ellipsis when text was dropped.
    ///
    /// One pass over the characters, which stops once `maxLines` lines and one more are known:
    /// a 1 MB caption with no spaces costs what is shown (it took 28 s for 300 KB when each cut
    /// of a long word copied and measured the rest again).
    public static func wrap(_ text: String, width: Int, maxLines: Int? = nil, ellipsis: String = "…") -> [String] {
        guard width > 0 else { return [] }
        let enough = maxLines.map { $0 > 0 ? $0 + 1 : Int.max } ?? Int.max
        var lines: [String] = []
        var current = "", currentWidth = 0  // the line being filled
        var word = "", wordWidth = 0  // the word being read
        var stoppedEarly = false

        func endWord() {
            guard !word.isEmpty else { return }
            if currentWidth > 0 && currentWidth + 1 + wordWidth <= width {
                current += " " + word
                currentWidth += 1 + wordWidth
            } else {
                if currentWidth > 0 { lines.append(current) }
                current = word
                currentWidth = wordWidth
            }
            word = ""
            wordWidth = 0
        }

        for character in text {
            if lines.count >= enough { stoppedEarly = true; break }
            switch character {
            case "\n":
                endWord()
                lines.append(current)
                current = ""
                currentWidth = 0
            case " ":
                endWord()
            default:
                let characterWidth = TextWidth.of(character)
                if wordWidth + characterWidth > width, !word.isEmpty {
                    // A word longer than a line is cut: what fits becomes a line of its own.
                    if currentWidth > 0 {
                        lines.append(current)
                        current = ""
                        currentWidth = 0
                    }
                    lines.append(word)
                    word = ""
                    wordWidth = 0
                }
                word.append(character)
                wordWidth += characterWidth
            }
        }
        if !stoppedEarly {
            endWord()
            lines.append(current)
            while lines.count > 1 && lines.last?.isEmpty == true { lines.removeLast() }
        }
        if let maxLines, lines.count > maxLines, maxLines > 0 {
            var kept = Array(lines.prefix(maxLines))
            var last = kept[maxLines - 1]
            while TextWidth.of(last) + TextWidth.of(ellipsis) > width, !last.isEmpty { last.removeLast() }
            kept[maxLines - 1] = last + ellipsis
            return kept
        }
        return lines
    }

    /// The end of `text` that fits in `width` columns (what was typed last stays in view).
    public static func tail(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        var kept: [Character] = []
        var used = 0
        for character in text.reversed() {
            let w = TextWidth.of(character)
            if used + w > width { break }
            used += w
            kept.append(character)
        }
        return String(kept.reversed())
    }

    /// `text` padded with spaces to at least `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let w = TextWidth.of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }
}
