/// The feed's tabs, in header order.
public enum FeedTab: String, Sendable, CaseIterable, Hashable {
    case forYou = "For You"
    case following = "Following"
    case live = "LIVE"
    case saved = "Saved"

    public var title: String { rawValue }
}

/// One screenful of the feed: a catalog post, or a LIVE stream.
public enum FeedItem: Sendable, Hashable {
    case post(String)
    case live(String)
}
