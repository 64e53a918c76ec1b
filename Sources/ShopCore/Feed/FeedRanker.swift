import Foundation

/// Orders the For You feed by the user's interests, with variety, and says why.
///
/// A post's score is its engagement (log-scaled, so a viral post does not bury everything) plus
/// affinity for its category and creator, learned from what the user liked, saved, followed,
/// bought and picked as interests. Posts are then taken greedily, best first, but a creator
/// already shown in the last `spacing` posts is passed over while others remain, so one creator
/// never fills the screen.
public struct FeedRanker: Sendable {
    /// Weights of each signal; public so a test can explain a ranking.
    public struct Weights: Sendable, Equatable {
        public var engagement = 1.0
        public var pickedInterest = 3.0
        public var likedCategory = 1.5
        public var savedCategory = 2.0
        public var boughtCategory = 2.5
        public var followedCreator = 3.0
        public var likedCreator = 1.0
        public init() {}
    }

    /// One post in ranked order with its score and the reasons behind it.
    public struct Ranked: Sendable, Equatable {
        public var post: Post
        public var score: Double
        public var reasons: [String]
    }

    public var weights = Weights()
    /// How many following posts must come from other creators before a creator returns.
    public var spacing = 2

    public init() {}

    public func rank(_ posts: [Post], catalog: Catalog, social: SocialState, boughtProductIDs: [String] = []) -> [Ranked] {
        let category = { (post: Post) in catalog.product(post.productID)?.category }
        let byID = Dictionary(posts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var likedCategories: [String: Int] = [:], savedCategories: [String: Int] = [:], likedCreators: [String: Int] = [:]
        for id in social.likedPosts {
            guard let post = byID[id] else { continue }
            if let c = category(post) { likedCategories[c, default: 0] += 1 }
            likedCreators[post.creatorHandle, default: 0] += 1
        }
        for id in social.savedPosts {
            guard let post = byID[id], let c = category(post) else { continue }
            savedCategories[c, default: 0] += 1
        }
        var boughtCategories: [String: Int] = [:]
        for id in boughtProductIDs {
            if let c = catalog.product(id)?.category { boughtCategories[c, default: 0] += 1 }
        }
        let interests = Set(social.interests), followed = Set(social.followedCreators)

        var scored: [Ranked] = posts.map { post in
            var reasons: [String] = []
            let engagement = log10(Double(max(1, post.likes + 2 * post.comments + 3 * post.shares)))
            var score = weights.engagement * engagement
            if let c = category(post) {
                if interests.contains(c) {
                    score += weights.pickedInterest
                    reasons.append("you picked \(c)")
                }
                if let n = likedCategories[c] {
                    score += weights.likedCategory * Double(min(n, 3))
                    reasons.append("you liked \(n) \(c) post\(n == 1 ? "" : "s")")
                }
                if let n = savedCategories[c] {
                    score += weights.savedCategory * Double(min(n, 3))
                    reasons.append("you saved \(c)")
                }
                if let n = boughtCategories[c] {
                    score += weights.boughtCategory * Double(min(n, 3))
                    reasons.append("you bought \(c)")
                }
            }
            if followed.contains(post.creatorHandle) {
                score += weights.followedCreator
                reasons.append("you follow @\(post.creatorHandle)")
            }
            if let n = likedCreators[post.creatorHandle] {
                score += weights.likedCreator * Double(min(n, 3))
                reasons.append("you liked @\(post.creatorHandle)")
            }
            if reasons.isEmpty { reasons.append("popular") }
            return Ranked(post: post, score: score, reasons: reasons)
        }
        // Best first; ties keep the catalog's order so the ranking is deterministic.
        let order = Dictionary(posts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        scored.sort { $0.score != $1.score ? $0.score > $1.score : order[$0.post.id, default: 0] < order[$1.post.id, default: 0] }

        var result: [Ranked] = []
        var remaining = scored
        while !remaining.isEmpty {
            let recent = Set(result.suffix(spacing).map(\.post.creatorHandle))
            let index = remaining.firstIndex { !recent.contains($0.post.creatorHandle) } ?? 0
            result.append(remaining.remove(at: index))
        }
        return result
    }
}
