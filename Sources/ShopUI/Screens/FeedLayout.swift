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
    /// The anchored product's details, on terminals 100 columns or wider.
    public var sidePanel: Rect?

    public static let railWidth = 8
    public static let sidePanelMinimumWidth = 100

    public init(size: Size) {
        let top = 1
        let bottom = size.height - 1  // the footer row
        let available = max(1, bottom - top - 1)  // one row for the progress line
        let sidePanelWidth = size.width >= FeedLayout.sidePanelMinimumWidth ? min(56, max(34, size.width * 3 / 10)) : 0
        let mainWidth = size.width - sidePanelWidth
        // 9:16 in pixels is 9:8 in half-block cells; keep room for the rail and some text.
        let maxMediaWidth = max(8, (mainWidth - FeedLayout.railWidth - 3) * 11 / 20)
        var mediaHeight = available
        var mediaWidth = Int((Double(mediaHeight) * 9.0 / 8.0).rounded())
        if mediaWidth > maxMediaWidth {
            mediaWidth = maxMediaWidth
            mediaHeight = min(available, Int((Double(mediaWidth) * 8.0 / 9.0).rounded()))
        }
        let mediaY = top + (available - mediaHeight) / 2
        media = Rect(x: 1, y: mediaY, width: mediaWidth, height: mediaHeight)
        progressRow = mediaY + mediaHeight
        rail = Rect(x: media.maxX + 1, y: top, width: FeedLayout.railWidth, height: available)
        let infoX = rail.maxX + 1
        info = Rect(x: infoX, y: top + 1, width: mainWidth - infoX - 1, height: available - 1)
        sidePanel = sidePanelWidth > 0
            ? Rect(x: mainWidth, y: top, width: sidePanelWidth, height: bottom - top) : nil
    }
}
