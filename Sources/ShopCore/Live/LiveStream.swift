import Foundation

/// A LIVE shopping stream: a host selling pinned products with a scripted chat and flash deals.
public struct LiveStream: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var hostHandle: String
    public var title: String
    /// The looping clip, relative to the catalog folder.
    public var media: String
    public var background: CatalogColor
    public var pinnedProductIDs: [String]
    public var chat: [ChatLine]
    public var deals: [FlashDeal]
    /// Viewers around which the live count drifts.
    public var baseViewers: Int
    /// Seconds after which the scripted chat starts again.
    public var loopSeconds: Int

    public init(
        id: String, hostHandle: String, title: String, media: String, background: CatalogColor = CatalogColor.postBackground,
        pinnedProductIDs: [String], chat: [ChatLine], deals: [FlashDeal], baseViewers: Int, loopSeconds: Int = 120
    ) {
        self.id = id
        self.hostHandle = hostHandle
        self.title = title
        self.media = media
        self.background = background
        self.pinnedProductIDs = pinnedProductIDs
        self.chat = chat
        self.deals = deals
        self.baseViewers = baseViewers
        self.loopSeconds = loopSeconds
    }

    /// The stream as the feed's clip box sees it: a post whose clip is the stream's loop and
    /// whose anchor is the first pinned product.
    public var clipPost: Post {
        Post(
            id: "live:\(id)", creatorHandle: hostHandle, caption: title, hashtags: [], sound: "LIVE",
            media: media, productID: pinnedProductIDs.first ?? "", likes: 0, comments: 0, shares: 0,
            background: background, motion: "zoom")
    }

    /// The viewer count at `elapsed` seconds into the stream: a slow swell plus small jitter,
    /// the same for the same second (so a screen test can pin it), never below 1.
    public func viewers(at elapsed: Double) -> Int {
        let second = Int(elapsed.rounded(.down))
        let swell = sin(elapsed / 37.0) * 0.08 + sin(elapsed / 11.0) * 0.03
        var hash = UInt64(truncatingIfNeeded: second) &* 0x9E37_79B9_7F4A_7C15
        hash ^= UInt64(truncatingIfNeeded: id.hashValueStable)
        let jitter = Double(hash % 1000) / 1000.0 * 0.02 - 0.01
        return max(1, Int((Double(baseViewers) * (1 + swell + jitter)).rounded()))
    }

    /// The chat lines visible at `elapsed` seconds (the script loops), newest last, at most `limit`.
    public func chatLines(at elapsed: Double, limit: Int) -> [ChatLine] {
        guard !chat.isEmpty, loopSeconds > 0 else { return [] }
        let loop = Int(elapsed.rounded(.down)) / loopSeconds
        let within = elapsed - Double(loop * loopSeconds)
        let sorted = chat.sorted { $0.at < $1.at }
        var shown = sorted.filter { $0.at <= within }
        if loop > 0 {
            // The end of the previous loop stays on screen while the new one begins.
            shown = sorted.filter { $0.at > within } + shown
        }
        return Array(shown.suffix(limit))
    }
}

/// One scripted chat message, `at` seconds into the loop.
public struct ChatLine: Sendable, Hashable, Codable {
    public var at: Double
    public var user: String
    public var text: String
    /// A real purchase ("@name just bought X"), drawn apart from chatter.
    public var isPurchase: Bool

    public init(at: Double, user: String, text: String, isPurchase: Bool = false) {
        self.isPurchase = isPurchase
        self.at = at
        self.user = user
        self.text = text
    }
}

extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
