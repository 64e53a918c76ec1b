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
}
