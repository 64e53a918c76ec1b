import NIOConcurrencyHelpers

/// The live sessions of a server: the slots `--max-sessions`, `--max-sessions-per-key` and
/// `--max-sessions-per-address` allow, and the hooks shutdown uses.
final class SessionRegistry: Sendable {
    struct Entry: Sendable {
        /// Tells the session the server is closing: hang up its child.
        let shutdown: @Sendable () -> Void
        /// Kills the child at once (after the grace period).
        let kill: @Sendable () -> Void
    }

    struct Limits: Sendable, Equatable {
        /// Sessions in all.
        var total: Int
        /// Sessions of one key (guests are each their own visitor, so only the address counts).
        var perKey: Int
        /// Sessions from one address.
        var perAddress: Int
    }

    /// Why a session could not have a slot.
    enum Refusal: Error, Equatable {
        case closing
        case full
        case tooManyForKey(Int)
        case tooManyFromAddress(Int)
    }

    private struct Slot {
        var identity: VisitorIdentity
        var address: String
        var entry: Entry
    }

    private let state = NIOLockedValueBox<(nextID: Int, slots: [Int: Slot], closing: Bool)>((1, [:], false))
    let limits: Limits
    var limit: Int { limits.total }

    init(limits: Limits) { self.limits = limits }

    /// Only a total: no visitor or address is held to less.
    convenience init(limit: Int) { self.init(limits: Limits(total: limit, perKey: limit, perAddress: limit)) }

    /// Takes a slot for `identity` connecting from `address`, or says why not.
    func reserve(identity: VisitorIdentity, address: String) -> Result<Int, Refusal> {
        let limits = self.limits
        return state.withLockedValue { state in
            if state.closing { return .failure(.closing) }
            if state.slots.count >= limits.total { return .failure(.full) }
            if !identity.isGuest, state.slots.values.filter({ $0.identity == identity }).count >= limits.perKey {
                return .failure(.tooManyForKey(limits.perKey))
            }
            if state.slots.values.filter({ $0.address == address }).count >= limits.perAddress {
                return .failure(.tooManyFromAddress(limits.perAddress))
            }
            let id = state.nextID
            state.nextID += 1
            state.slots[id] = Slot(identity: identity, address: address, entry: Entry(shutdown: {}, kill: {}))
            return .success(id)
        }
    }

    func attach(_ id: Int, entry: Entry) {
        let closing = state.withLockedValue { state -> Bool in
            if state.slots[id] != nil { state.slots[id]?.entry = entry }
            return state.closing
        }
        if closing { entry.shutdown() }
    }

    func release(_ id: Int) {
        _ = state.withLockedValue { $0.slots.removeValue(forKey: id) }
    }

    var count: Int { state.withLockedValue { $0.slots.count } }
    var isClosing: Bool { state.withLockedValue { $0.closing } }

    /// Refuses new sessions and tells every live one to hang up.
    func beginShutdown() {
        let entries = state.withLockedValue { state -> [Entry] in
            state.closing = true
            return state.slots.values.map(\.entry)
        }
        entries.forEach { $0.shutdown() }
    }

    func killAll() {
        state.withLockedValue { $0.slots.values.map(\.entry) }.forEach { $0.kill() }
    }
}
