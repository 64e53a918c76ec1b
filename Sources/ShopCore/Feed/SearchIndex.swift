import Foundation

/// Incremental search over products, creators and hashtags.
public struct SearchIndex: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable { case product, creator, hashtag }
        public var kind: Kind
        /// The product id, creator handle or hashtag (without '#').
        public var id: String
        public var title: String
        public var subtitle: String
    }

    private struct Entry: Sendable, Equatable {
        var result: Result
        /// Folded (lower-case, no accents) words to match against.
        var words: [String]
        var text: String
    }

    private let entries: [Entry]

    public init(catalog: Catalog) {
        var entries: [Entry] = []
        for product in catalog.products {
            let subtitle = "\(product.price.formatted) · \(product.category) · \(catalog.marketplace(product.marketplaceID)?.name ?? product.marketplaceID)"
            let text = "\(product.title) \(product.category)"
            entries.append(
                Entry(
                    result: Result(kind: .product, id: product.id, title: product.title, subtitle: subtitle),
                    words: SearchIndex.words(text), text: SearchIndex.fold(text)))
        }
        for creator in catalog.creators {
            let text = "\(creator.handle) \(creator.displayName)"
            entries.append(
                Entry(
                    result: Result(
                        kind: .creator, id: creator.handle, title: "@\(creator.handle)",
                        subtitle: "\(creator.displayName) · \(creator.followers) followers"),
                    words: SearchIndex.words(text), text: SearchIndex.fold(text)))
        }
        var tagCounts: [String: Int] = [:]
        for post in catalog.posts {
            for tag in post.hashtags { tagCounts[tag, default: 0] += 1 }
        }
        for (tag, count) in tagCounts.sorted(by: { $0.key < $1.key }) {
            entries.append(
                Entry(
                    result: Result(kind: .hashtag, id: tag, title: "#\(tag)", subtitle: "\(count) post\(count == 1 ? "" : "s")"),
                    words: [SearchIndex.fold(tag)], text: SearchIndex.fold(tag)))
        }
        self.entries = entries
    }

    /// Matches for what has been typed so far: every word of the query must start a word of the
    /// entry (or appear inside it); results whose words start with the query come first. A
    /// query starting with "#" looks only at hashtags, one starting with "@" only at creators.
    public func search(_ query: String, limit: Int = 20) -> [Result] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        let only: Result.Kind? = trimmed.hasPrefix("#") ? .hashtag : trimmed.hasPrefix("@") ? .creator : nil
        let terms = SearchIndex.words(trimmed.replacingOccurrences(of: "#", with: " ").replacingOccurrences(of: "@", with: " "))
        guard !terms.isEmpty else { return [] }
        var scored: [(Int, Int, Result)] = []
        for (index, entry) in entries.enumerated() where only == nil || entry.result.kind == only {
            var score = 0
            var matchedAll = true
            for term in terms {
                if entry.words.contains(where: { $0.hasPrefix(term) }) {
                    score += 2
                } else if entry.text.contains(term) {
                    score += 1
                } else {
                    matchedAll = false
                    break
                }
            }
            if matchedAll { scored.append((score, index, entry.result)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map(\.2)
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }

    static func words(_ text: String) -> [String] {
        fold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
