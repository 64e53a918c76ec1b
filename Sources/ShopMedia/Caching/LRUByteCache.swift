import Foundation

/// A least-recently-used cache bounded by the bytes its values take, and by a count.
///
/// Each value is stored with its cost in bytes; storing evicts the least recently used entries
/// until the total is within `byteBudget` and the count within `maxCount`. The entry just stored
/// is never evicted by its own store, so one value larger than the whole budget is still kept
/// (alone) until the next store. Safe to share between threads.
public final class LRUByteCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        var value: Value
        var cost: Int
        var used: UInt64
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var tick: UInt64 = 0
    private var bytes = 0
    /// Most bytes kept (the sum of the stored costs).
    public let byteBudget: Int
    /// Most entries kept.
    public let maxCount: Int

    public init(byteBudget: Int, maxCount: Int = .max) {
        self.byteBudget = max(0, byteBudget)
        self.maxCount = max(1, maxCount)
    }

    /// The value for `key`, which becomes the most recently used; nil when absent.
    public func value(for key: Key) -> Value? {
        lock.withLock {
            guard var entry = entries[key] else { return nil }
            tick += 1
            entry.used = tick
            entries[key] = entry
            return entry.value
        }
    }

    /// The value for `key` without counting as a use.
    public func peek(_ key: Key) -> Value? {
        lock.withLock { entries[key]?.value }
    }

    public func contains(_ key: Key) -> Bool {
        lock.withLock { entries[key] != nil }
    }

    /// Stores `value` as the most recently used entry, then evicts the least recently used others
    /// until the budget and the count hold.
    public func store(_ value: Value, for key: Key, cost: Int) {
        lock.withLock {
            tick += 1
            if let old = entries[key] { bytes -= old.cost }
            entries[key] = Entry(value: value, cost: max(0, cost), used: tick)
            bytes += max(0, cost)
            while bytes > byteBudget || entries.count > maxCount {
                guard let oldest = entries.lazy.filter({ $0.key != key }).min(by: { $0.value.used < $1.value.used }) else { break }
                bytes -= oldest.value.cost
                entries[oldest.key] = nil
            }
        }
    }

    public func removeValue(for key: Key) {
        lock.withLock {
            if let old = entries.removeValue(forKey: key) { bytes -= old.cost }
        }
    }

    public var count: Int { lock.withLock { entries.count } }
    /// The bytes kept now.
    public var totalCost: Int { lock.withLock { bytes } }

    public func removeAll() {
        lock.withLock {
            entries.removeAll()
            bytes = 0
        }
    }
}
