import Foundation
import Synchronization

/// RFC 8628 §5.1: user codes are short, so guessing them must be slowed down. The verification
/// page counts the codes it did not know, per client address; after `limit` of them within
/// `window` that address is refused (429 with Retry-After) until its oldest miss ages out — a
/// correct code included, or guessing would go on. A person who mistypes a few times is never
/// stopped; a guesser gets `limit` tries per `window` out of 20^8 codes.
///
/// Kept in memory: a restart forgets the counts (an attacker gains one window per restart).
/// Behind a reverse proxy every phone shares the proxy's address; `reelshop serve --public-url`
/// is reached directly, so that is a deployment choice, written down in docs/MARKETPLACE-API.md.
final class CodeAttempts: Sendable {
    static let limit = 10
    static let window: TimeInterval = 600
    /// Addresses remembered at most; the one with the oldest last miss is forgotten first.
    static let maxClients = 10_000

    private let state = Mutex([String: [Date]]())

    /// Seconds `client` must wait before it may look a code up again, or nil when it may now.
    func wait(client: String, at date: Date) -> Int? {
        state.withLock { misses in
            let recent = (misses[client] ?? []).filter { date.timeIntervalSince($0) < Self.window }
            misses[client] = recent.isEmpty ? nil : recent
            guard recent.count >= Self.limit, let oldest = recent.first else { return nil }
            return max(1, Int((Self.window - date.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    /// Counts one code `client` asked for that names no grant.
    func miss(client: String, at date: Date) {
        state.withLock { misses in
            if misses[client] == nil, misses.count >= Self.maxClients,
                let stalest = misses.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })?.key
            {
                misses[stalest] = nil
            }
            misses[client, default: []].append(date)
        }
    }
}
