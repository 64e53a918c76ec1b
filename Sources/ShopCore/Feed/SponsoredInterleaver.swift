/// Places sponsored posts among organic ones at a steady cadence, never clustered.
public enum SponsoredInterleaver {
    /// One sponsored post after every `every` organic posts, in order; sponsored posts left
    /// over once the organic ones run out are not appended (they would cluster at the end).
    public static func interleave<Item>(organic: [Item], sponsored: [Item], every: Int) -> [Item] {
        guard every > 0, !sponsored.isEmpty else { return organic }
        var result: [Item] = []
        var next = sponsored.makeIterator()
        for (index, item) in organic.enumerated() {
            result.append(item)
            if (index + 1) % every == 0, index + 1 < organic.count, let ad = next.next() { result.append(ad) }
        }
        return result
    }
}
