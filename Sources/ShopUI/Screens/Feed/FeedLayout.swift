/// Where the parts of a feed post go for a given terminal size.
public struct FeedLayout: Equatable, Sendable {
    /// The 9:16 clip area, in cells (each cell is two pixels tall with half-blocks).
    public var media: Rect
    /// The row under the clip for its progress line.
    public var progressRow: Int
    /// The column of counts (likes, comments, shares) beside the clip.
    public var rail: Rect
    /// Creator, caption, hashtags, sound and the product anchor.
    public var info: Rect
    /// The anchored product's details, from 100 columns where it leaves the text its
    /// `infoMinimumWidth` (about 130 columns at 30 rows, 140 at 40).
    public var sidePanel: Rect?

    public static let railWidth = 8
    public static let sidePanelMinimumWidth = 100
    /// From 100 columns the text beside the clip (creator, caption, chat, the shop card) keeps at
    /// least this many columns, as at 80x24: the side panel appears only where it leaves them, and
    /// the clip gives way before the text does.
    public static let infoMinimumWidth = 44
    /// Columns beside the clip that are not text: the rail, and a margin left of the clip,
    /// between the clip and the rail, between the rail and the text, and at the right edge.
    static let chromeWidth = railWidth + 4

    public init(size: Size) {
        let top = 1
        let bottom = size.height - 1  // the footer row
        let available = max(1, bottom - top - 1)  // one row for the progress line
        var sidePanelWidth = size.width >= FeedLayout.sidePanelMinimumWidth ? min(56, max(34, size.width * 3 / 10)) : 0
        if sidePanelWidth > 0,
            size.width - sidePanelWidth - FeedLayout.mediaSize(available: available, mainWidth: size.width - sidePanelWidth).width
                - FeedLayout.chromeWidth < FeedLayout.infoMinimumWidth
        {
            sidePanelWidth = 0
        }
        let mainWidth = size.width - sidePanelWidth
        let (mediaWidth, mediaHeight) = FeedLayout.mediaSize(available: available, mainWidth: mainWidth)
        let mediaY = top + (available - mediaHeight) / 2
        media = Rect(x: 1, y: mediaY, width: mediaWidth, height: mediaHeight)
        progressRow = mediaY + mediaHeight
        rail = Rect(x: media.maxX + 1, y: top, width: FeedLayout.railWidth, height: available)
        let infoX = rail.maxX + 1
        info = Rect(x: infoX, y: top + 1, width: mainWidth - infoX - 1, height: available - 1)
        sidePanel =
            sidePanelWidth > 0
            ? Rect(x: mainWidth, y: top, width: sidePanelWidth, height: bottom - top) : nil
    }

    /// The 9:16 clip (9:8 in half-block cells) in `available` rows, leaving room for the rail and
    /// the text: at most 55 % of what is left beside the rail, and from 100 columns no more than
    /// leaves `infoMinimumWidth` for the text (the clip keeps at least 16 columns).
    static func mediaSize(available: Int, mainWidth: Int) -> (width: Int, height: Int) {
        var maxWidth = max(8, (mainWidth - railWidth - 3) * 11 / 20)
        if mainWidth >= sidePanelMinimumWidth { maxWidth = min(maxWidth, max(16, mainWidth - chromeWidth - infoMinimumWidth)) }
        var height = available
        var width = Int((Double(height) * 9.0 / 8.0).rounded())
        if width > maxWidth {
            width = maxWidth
            height = min(available, Int((Double(width) * 8.0 / 9.0).rounded()))
        }
        return (width, height)
    }
}
