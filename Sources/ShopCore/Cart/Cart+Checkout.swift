extension Cart {
    /// Takes exactly the ordered quantities of the ordered lines out of the cart, leaving
    /// anything added since (a line whose quantity drops to zero goes). Returns units removed.
    @discardableResult
    public mutating func removeOrdered(_ ordered: [OrderLine]) -> Int {
        var removed = 0
        for item in ordered {
            guard let index = lines.firstIndex(where: { $0.key == item.key }) else { continue }
            let taken = min(item.quantity, lines[index].quantity)
            removed += taken
            lines[index].quantity -= taken
            if lines[index].quantity <= 0 { lines.remove(at: index) }
        }
        return removed
    }

    /// Takes a confirmed checkout's lines out once: a key already settled changes nothing. Keys
    /// of checkouts no longer pending (`pending`: the journal's) are forgotten, so the list stays
    /// as short as the journal.
    public mutating func settleCheckout(_ key: String, ordered: [OrderLine], pending: Set<String>) {
        if !settledCheckouts.contains(key) {
            removeOrdered(ordered)
            settledCheckouts.append(key)
        }
        settledCheckouts.removeAll { $0 != key && !pending.contains($0) }
    }
}
