import ShopMedia

/// The queries of the detection batch, as bytes.
public enum GraphicsQuery {
    /// The image id of the kitty query; its reply names it, so it cannot be confused.
    public static let kittyQueryID = 31
    /// kitty graphics query: a 1x1 RGB image, `a=q` only checks it (nothing is stored or shown).
    public static let kitty: [UInt8] = Array("\u{1B}_Gi=\(kittyQueryID),s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\".utf8)
    /// XTVERSION: the terminal's name and version as `DCS > | text ST`.
    public static let xtversion: [UInt8] = Array("\u{1B}[>q".utf8)
    /// The cell size in pixels as `CSI 6 ; height ; width t` (xterm's window ops).
    public static let cellSize: [UInt8] = Array("\u{1B}[16t".utf8)
    /// The background colour (xterm's OSC 11 query, answered `OSC 11 ; rgb:RRRR/GGGG/BBBB ST`
    /// by xterm, kitty, VTE, iTerm2, WezTerm, foot, mlterm and tmux), so a light terminal gets
    /// colours that show on it. A terminal that does not know it ignores the OSC.
    public static let background: [UInt8] = Array("\u{1B}]11;?\u{1B}\\".utf8)
    /// DA1 (primary device attributes): every terminal since the VT100 answers it, so it goes
    /// last and its reply ends the wait. Attribute 4 means sixel.
    public static let deviceAttributes: [UInt8] = Array("\u{1B}[c".utf8)
}

/// What came back from a batch of queries, parsed from the raw input bytes.
public struct GraphicsReplies: Equatable, Sendable {
    /// The kitty query's reply after the `;`: "OK", or an error such as "ENOTSUPPORTED:…".
    public var kitty: String?
    /// XTVERSION's text, e.g. "kitty(0.26.5)", "XTerm(379)", "tmux 3.3a", "WezTerm 20240203…".
    public var version: String?
    /// DA1's attributes, e.g. [63, 1, 2, 4, 6, 9] (nil: no reply yet).
    public var deviceAttributes: [Int]?
    /// The cell size from `CSI 6 ; h ; w t`.
    public var cellPixels: CellPixels?
    /// The background colour from `OSC 11 ; rgb:…`.
    public var background: RGB?
    /// Bytes that were no reply (keys typed during detection): handed back, not lost.
    public var other: [UInt8] = []

    public init() {}

    public var kittyOK: Bool { kitty == "OK" }
    /// True when DA1 lists attribute 4 (sixel graphics).
    public var sixel: Bool { deviceAttributes?.contains(4) ?? false }
    public var versionIsTmux: Bool { version?.lowercased().hasPrefix("tmux") ?? false }
    /// iTerm2 and WezTerm take OSC 1337 inline images; both name themselves in XTVERSION.
    public var versionTakesITermImages: Bool {
        guard let v = version?.lowercased() else { return false }
        return v.contains("iterm2") || v.contains("wezterm")
    }
    /// True when anything at all answered.
    public var anything: Bool { kitty != nil || version != nil || deviceAttributes != nil || cellPixels != nil || background != nil }

    /// Parses `bytes` (everything read so far). A reply cut short at the end is left for the
    /// next call: the caller re-parses the whole buffer, which is a few hundred bytes at most.
    public static func parse(_ bytes: [UInt8]) -> GraphicsReplies {
        var replies = GraphicsReplies()
        var i = 0
        let n = bytes.count
        /// The index of the `ESC \` ending a string that starts at `from`, or nil.
        func stringTerminator(from: Int) -> Int? {
            var j = from
            while j + 1 < n {
                if bytes[j] == 0x1B && bytes[j + 1] == 0x5C { return j }
                j += 1
            }
            return nil
        }
        while i < n {
            guard bytes[i] == 0x1B, i + 1 < n else {
                // A lone ESC at the very end may start a reply: wait for more.
                if !(bytes[i] == 0x1B && i + 1 == n) { replies.other.append(bytes[i]) }
                i += 1
                continue
            }
            switch bytes[i + 1] {
            case 0x5F:  // APC: kitty's "_G i=31 ; OK"
                guard let end = stringTerminator(from: i + 2) else { return replies }
                let body = String(decoding: bytes[(i + 2)..<end], as: UTF8.self)
                if body.hasPrefix("G"), let semicolon = body.firstIndex(of: ";") {
                    let keys = body[body.index(after: body.startIndex)..<semicolon].split(separator: ",")
                    if keys.contains("i=\(GraphicsQuery.kittyQueryID)") {
                        replies.kitty = String(body[body.index(after: semicolon)...])
                    }
                }
                i = end + 2
            case 0x50:  // DCS: XTVERSION's ">|text"
                guard let end = stringTerminator(from: i + 2) else { return replies }
                let body = bytes[(i + 2)..<end]
                if body.starts(with: [0x3E, 0x7C]) {
                    replies.version = String(decoding: body.dropFirst(2), as: UTF8.self)
                }
                i = end + 2
            case 0x5D:  // OSC: the background's "11;rgb:RRRR/GGGG/BBBB", ended by ST or BEL
                var end = i + 2
                while end < n, bytes[end] != 0x07, bytes[end] != 0x1B { end += 1 }
                guard end < n, bytes[end] == 0x07 || end + 1 < n else { return replies }
                if bytes[end] == 0x1B, bytes[end + 1] != 0x5C {
                    // No OSC holds an ESC but its ST: these were keys (Alt-]), not a reply.
                    replies.other += bytes[i..<(i + 2)]
                    i += 2
                    continue
                }
                let body = String(decoding: bytes[(i + 2)..<end], as: UTF8.self)
                if body.hasPrefix("11;") { replies.background = Self.colour(body.dropFirst(3)) }
                i = end + (bytes[end] == 0x07 ? 1 : 2)
            case 0x5B:  // CSI: DA1 "?…c" or the cell size "6;h;wt"
                var j = i + 2
                while j < n, (0x30...0x3F).contains(bytes[j]) { j += 1 }
                guard j < n else { return replies }
                let params = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                let final = bytes[j]
                if final == 0x63, params.hasPrefix("?") {
                    replies.deviceAttributes = params.dropFirst().split(separator: ";").compactMap { Int($0) }
                } else if final == 0x74 {
                    let p = params.split(separator: ";").compactMap { Int($0) }
                    if p.count == 3, p[0] == 6, CellPixels.plausible.contains(p[1]), CellPixels.plausible.contains(p[2]) {
                        replies.cellPixels = CellPixels(width: p[2], height: p[1])
                    }
                } else {
                    replies.other += bytes[i...j]  // an arrow key, say
                }
                i = j + 1
            default:
                replies.other.append(bytes[i])
                i += 1
            }
        }
        return replies
    }

    /// An X11 colour spec as terminals answer OSC 11: `rgb:R/G/B` with 1 to 4 hex digits a
    /// component (each scaled to 8 bits), or `rgba:` with a fourth ignored. Nil for anything else.
    static func colour(_ spec: Substring) -> RGB? {
        let prefix = spec.hasPrefix("rgb:") ? 4 : spec.hasPrefix("rgba:") ? 5 : 0
        guard prefix > 0 else { return nil }
        let parts = spec.dropFirst(prefix).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == (prefix == 4 ? 3 : 4) else { return nil }
        var out: [UInt8] = []
        for part in parts.prefix(3) {
            guard (1...4).contains(part.count), let value = UInt32(part, radix: 16) else { return nil }
            let max = (UInt32(1) << (4 * UInt32(part.count))) - 1
            out.append(UInt8((value * 255 + max / 2) / max))
        }
        return RGB(out[0], out[1], out[2])
    }
}
