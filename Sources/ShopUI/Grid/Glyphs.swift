/// The symbols screens draw, in Unicode or as ASCII stand-ins for non-UTF-8 terminals.
public struct Glyphs: Sendable, Equatable {
    public var heart: String
    public var emptyHeart: String
    public var comment: String
    public var share: String
    public var star: String
    public var emptyStar: String
    public var cart: String
    public var music: String
    public var bullet: String
    public var check: String
    public var pointer: String
    public var up: String
    public var down: String
    public var ellipsis: String
    public var verified: String
    public var bag: String
    public var upperHalfBlock: String
    public var shade: String
    public var boxHorizontal: String
    public var boxVertical: String
    public var boxTopLeft: String
    public var boxTopRight: String
    public var boxBottomLeft: String
    public var boxBottomRight: String
    public var separator: String
    /// The dot before "LIVE", and the mark of a flash deal.
    public var liveDot: String
    public var flash: String
    /// Added after each character of a struck-through price (U+0336), or nil where that
    /// cannot be drawn, in which case the price is written as "was $N".
    public var strike: String?
    public var isUnicode: Bool

    public static let unicode = Glyphs(
        heart: "♥", emptyHeart: "♡", comment: "✉", share: "↗", star: "★", emptyStar: "☆", cart: "🛒", music: "♫",
        bullet: "•", check: "✓", pointer: "▸", up: "▲", down: "▼", ellipsis: "…", verified: "✓", bag: "🛍",
        upperHalfBlock: "▀", shade: "░", boxHorizontal: "─", boxVertical: "│", boxTopLeft: "╭",
        boxTopRight: "╮", boxBottomLeft: "╰", boxBottomRight: "╯", separator: "·", liveDot: "●", flash: "⚡", strike: "\u{0336}",
        isUnicode: true)

    public static let ascii = Glyphs(
        heart: "<3", emptyHeart: "<3", comment: "#", share: "->", star: "*", emptyStar: ".", cart: "Cart", music: "~",
        bullet: "*", check: "v", pointer: ">", up: "^", down: "v", ellipsis: "~", verified: "(v)", bag: "$",
        upperHalfBlock: "#", shade: ":", boxHorizontal: "-", boxVertical: "|", boxTopLeft: "+",
        boxTopRight: "+", boxBottomLeft: "+", boxBottomRight: "+", separator: "-", liveDot: "*", flash: "!", strike: nil,
        isUnicode: false)
}
