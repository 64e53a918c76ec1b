import NIOConcurrencyHelpers

/// The live sessions of a server: a slot count for `--max-sessions` and the hooks shutdown uses.
final class SessionRegistry: Sendable {
    struct Entry: Sendable {
        /// Tells the session the server is closing: hang up its child.
        let shutdown: @Sendable () -> Void
        /// Kills the child at once (after the grace period).
        let kill: @Sendable () -> Void
    }

    private let state = NIOLockedValueBox<(nextID: Int, entries: [Int: Entry], closing: Bool)>((1, [:], false))
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a slot, or returns nil when the shop is full or closing.
    func reserve() -> Int? {
        state.withLockedValue { state in
            guard !state.closing, state.entries.count < limit else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(shutdown: {}, kill: {})
            return id
        }
    }

    func attach(_ id: Int, entry: Entry) {
        let closing = state.withLockedValue { state -> Bool in
            if state.entries[id] != nil { state.entries[id] = entry }
            return state.closing
        }
        if closing { entry.shutdown() }
    }

    func release(_ id: Int) {
        _ = state.withLockedValue { $0.entries.removeValue(forKey: id) }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }
    var isClosing: Bool { state.withLockedValue { $0.closing } }

    /// Refuses new sessions and tells every live one to hang up.
    func beginShutdown() {
        let entries = state.withLockedValue { state -> [Entry] in
            state.closing = true
            return Array(state.entries.values)
        }
        entries.forEach { $0.shutdown() }
    }

    func killAll() {
        state.withLockedValue { Array($0.entries.values) }.forEach { $0.kill() }
    }
}
