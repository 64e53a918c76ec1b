import Foundation

/// The effect runner's side of checkout: quotes a plan and places it marketplace by marketplace,
/// then records the orders and takes exactly the ordered lines out of the cart.
///
/// Both calls take a plan and return a new one (never throw): a failure belongs to its group, so
/// one marketplace failing never stops the others.
///
/// **Exactly once.** Before a marketplace is asked for an order, its intent (idempotency key,
/// lines, where they came from) is in checkout-journal.json; it leaves the journal only once the
/// order is in orders.json and its lines are out of the cart, or the marketplace refused it.
/// Whatever kills the process in between, `reconcile()` (run when the storefront or a command
/// starts, and before every placing) asks the marketplace for the order under that key and
/// finishes the job, so no retry can charge twice. See docs/ACCOUNTS.md.
public struct CheckoutCoordinator: Sendable {
    public let registry: MarketplaceRegistry
    public let accounts: AccountStore
    public let orders: OrderStore
    public let cart: JSONDocumentStore<Cart>
    public let journal: CheckoutJournalStore
    /// Fault injection (`REELSHOP_DEBUG_KILL_AT`); nil in normal use.
    public var killSwitch: DebugKillSwitch?
    private let now: @Sendable () -> Date

    /// An intent the marketplace never saw is placed again (with its key) only this long after it
    /// was confirmed; an older one is dropped and the user told, rather than charged days later.
    public static let retryWindow: TimeInterval = 24 * 3600

    public init(
        registry: MarketplaceRegistry, accounts: AccountStore, orders: OrderStore, cart: CartStore,
        journal: CheckoutJournalStore? = nil, killSwitch: DebugKillSwitch? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.registry = registry
        self.accounts = accounts
        self.orders = orders
        self.cart = cart.document
        self.journal = journal ?? CheckoutJournalStore(directory: orders.url.deletingLastPathComponent(), now: now)
        self.killSwitch = killSwitch
        self.now = now
    }

    /// Everything a checkout needs, from one state directory.
    public init(
        stateDirectory: StateDirectory, catalog: Catalog, registry: MarketplaceRegistry, killSwitch: DebugKillSwitch? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            registry: registry, accounts: AccountStore(stateDirectory: stateDirectory, now: now),
            orders: OrderStore(stateDirectory: stateDirectory, now: now),
            cart: CartStore(stateDirectory: stateDirectory, catalog: catalog, now: now),
            journal: CheckoutJournalStore(stateDirectory: stateDirectory, now: now), killSwitch: killSwitch, now: now)
    }

    // MARK: - Quote

    /// Quotes every group not yet placed: ship-to from the linked profile, the voucher if any.
    /// Groups without a linked account come back `.needsLink`; quote again after linking.
    public func quote(_ plan: CheckoutPlan) async -> CheckoutPlan {
        var plan = plan
        for index in plan.groups.indices where plan.groups[index].order == nil {
            plan.groups[index] = await quote(plan.groups[index])
        }
        return plan
    }

    /// Quotes one group.
    public func quote(_ group: CheckoutGroup) async -> CheckoutGroup {
        var group = group
        let lines = group.orderableLines.map(\.orderLine)
        guard !lines.isEmpty else {
            let reasons = group.blockedLines.map { "\"\($0.title)\" is \($0.availability.label ?? "unavailable")" }
            group.status = .failed(MarketplaceError(.outOfStock, "Nothing from \(group.marketplace.name) can be ordered: \(reasons.joined(separator: "; "))."))
            return group
        }
        guard let service = registry.service(for: group.marketplaceID) else {
            group.status = .failed(MarketplaceError(.unavailable, "Reelshop cannot order from \(group.marketplace.name) yet."))
            return group
        }
        let token: AccessToken?
        let account: LinkedAccount?
        do {
            token = try accounts.token(for: group.marketplaceID)
            account = try accounts.account(for: group.marketplaceID)
        } catch {
            group.status = .failed(.storage(error))
            return group
        }
        guard let token, let account else {
            group.account = nil
            group.status = .needsLink
            return group
        }
        group.account = account
        do {
            do {
                group.voucherMessage = nil
                group.status = .quoted(
                    try await service.quote(
                        lines: lines, shipTo: account.profile.shippingAddress, voucherCode: group.voucherCode, token: token))
            } catch let error where error.kind == .voucherRejected && group.voucherCode != nil {
                // Keep the checkout going without the voucher, and say why.
                group.voucherMessage = error.message
                group.voucherCode = nil
                group.status = .quoted(
                    try await service.quote(
                        lines: lines, shipTo: account.profile.shippingAddress, voucherCode: nil, token: token))
            }
        } catch let error where error.kind == .unauthorized {
            group.status = .needsLink
        } catch {
            group.status = .failed(error)
        }
        return group
    }

    // MARK: - Place

    /// Places every ready group (quoted, prices confirmed), one marketplace after another.
    ///
    /// First it finishes any intent an earlier process left (`reconcile`). Then, in one write of
    /// the journal, it checks that a cart checkout's cart is still the one it was priced from
    /// (less what other checkouts are placing: if not, nothing is placed and `staleCart` says what
    /// the cart holds now) and writes an intent per group. Each confirmed order goes into
    /// orders.json, then exactly its lines leave the cart, then its intent leaves the journal.
    /// Placing the same plan again (a retry, a double press) reuses each group's idempotency key,
    /// so it returns the same orders and removes nothing twice.
    public func place(_ plan: CheckoutPlan) async -> CheckoutResult {
        var recovered = await reconcile()
        // This plan's own keys left from an earlier try (an answer that never came): an order
        // found or placed for them now is this call's; the groups below find it recorded.
        let ownKeys = Set(plan.groups.map(\.idempotencyKey))
        let own = recovered.outcomes.filter { ownKeys.contains($0.intent.idempotencyKey) }
        recovered.outcomes.removeAll { ownKeys.contains($0.intent.idempotencyKey) }
        var result = CheckoutResult(plan: plan, newlyPlaced: [], failures: [:], cart: recovered.cart, cartError: nil, recovered: recovered)
        result.newlyPlaced = ReconcileReport(outcomes: own).orders
        let ready = plan.groups.indices.filter { plan.groups[$0].isReadyToPlace }
        guard !ready.isEmpty else { return result }

        // Claim each key, so no other process reconciles an order while this one places it (and
        // a second press of the same plan waits for the first).
        var claims: [IntentClaim] = []
        defer { claims.forEach { $0.release() } }
        var claimed: [Int] = []
        for index in ready {
            let group = plan.groups[index]
            do {
                claims.append(try await claim(group.idempotencyKey, marketplace: group.marketplace.name))
                claimed.append(index)
            } catch {
                fail(&result, index, error)
            }
        }
        // Read once every key is ours: whoever held one before has finished with it.
        let book: OrderBook
        do { book = try orders.document.load().document } catch {
            for index in claimed { fail(&result, index, .storage(error)) }
            return result
        }
        var toPlace: [Int] = []
        for index in claimed {
            let group = plan.groups[index]
            // Already placed under this key (a double press, or the reconcile just now).
            if let known = book.order(idempotencyKey: group.idempotencyKey, marketplaceID: group.marketplaceID) {
                result.plan.groups[index].status = .placed(known)
                result.plan.cartStamp = result.plan.cartStamp?.removing(known.lines)
                settleQuietly(&result, group.idempotencyKey)
            } else {
                toPlace.append(index)
            }
        }
        guard !toPlace.isEmpty else { return result }

        // The intents, with the cart check, in one write of the journal.
        let date = now()
        let written: Result<Cart?, MarketplaceError> = writeIntents(result.plan, groups: toPlace, at: date)
        switch written {
        case .failure(let error):
            for index in toPlace { fail(&result, index, error) }
            return result
        case .success(let stale?):
            result.staleCart = stale
            return result
        case .success(nil):
            break
        }
        killSwitch?.reached(.intentWritten)

        for index in toPlace {
            await place(&result, index)
        }
        return result
    }

    /// Waits (without blocking a thread) for another placer of the same key to finish: the same
    /// plan placed twice at once, or a reconcile of it in another process.
    private func claim(_ key: String, marketplace: String) async throws(MarketplaceError) -> IntentClaim {
        // An elapsed-time limit, on the monotonic clock: a wall-clock step must not end it early.
        let deadline = ContinuousClock.now + .seconds(Self.claimWait)
        while true {
            let claim: IntentClaim?
            do { claim = try journal.claim(key, wait: false) } catch { throw .storage(error) }
            if let claim { return claim }
            guard ContinuousClock.now < deadline else {
                throw MarketplaceError(.unavailable, "This order at \(marketplace) is being placed elsewhere (another window); nothing more was sent.")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// How long placing waits for another process that is placing the same key.
    static let claimWait: TimeInterval = 60

    /// Writes the intents for `groups` after checking a cart checkout's stamp. Answers the cart
    /// as it is for this checkout (less other checkouts' pending lines) when the stamp differs.
    private func writeIntents(_ plan: CheckoutPlan, groups: [Int], at date: Date) -> Result<Cart?, MarketplaceError> {
        do {
            let stale = try journal.document.update { journal throws -> Cart? in
                if plan.source == .cart, let expected = plan.cartStamp {
                    let current = try effectiveCart(journal, excludingAttempt: plan.attemptID)
                    guard CartStamp(current) == expected else { return current }
                }
                for index in groups {
                    let group = plan.groups[index]
                    guard journal.intent(group.idempotencyKey) == nil, let quote = group.quote else { continue }
                    journal.intents.append(
                        CheckoutIntent(
                            idempotencyKey: group.idempotencyKey, attemptID: plan.attemptID, marketplaceID: group.marketplaceID,
                            marketplaceName: group.marketplace.name, source: plan.source == .cart ? .cart : .buyNow,
                            lines: group.orderableLines.map(\.orderLine), shipTo: quote.shipTo, voucherCode: quote.voucher?.code,
                            expectedTotal: quote.total, quoteID: quote.quoteID, createdAt: date))
                }
                return nil
            }.result
            return .success(stale)
        } catch {
            return .failure(MarketplaceError(.storage, "Nothing was ordered: the checkout journal could not be written (\(error))."))
        }
    }

    /// The cart less the lines other checkouts have in flight (their intents, not yet taken out).
    /// Runs under the journal's lock.
    private func effectiveCart(_ journal: CheckoutJournal, excludingAttempt attemptID: String) throws -> Cart {
        var current = try cart.load().document
        for intent in journal.intents
        where intent.source == .cart && intent.attemptID != attemptID
            && !current.settledCheckouts.contains(intent.idempotencyKey)
        {
            current.removeOrdered(intent.lines)
        }
        current.settledCheckouts = []
        return current
    }

    /// Places one group whose intent is written and claimed.
    private func place(_ result: inout CheckoutResult, _ index: Int) async {
        let group = result.plan.groups[index]
        guard let intent = (try? journal.document.load().document)?.intent(group.idempotencyKey) else {
            fail(&result, index, MarketplaceError(.storage, "The checkout journal could not be read back; nothing was ordered from \(group.marketplace.name)."))
            return
        }
        guard let service = registry.service(for: group.marketplaceID) else {
            forget(intent.idempotencyKey)
            fail(&result, index, MarketplaceError(.unavailable, "Reelshop cannot order from \(group.marketplace.name) yet."))
            return
        }
        let token: AccessToken?
        do { token = try accounts.token(for: group.marketplaceID) } catch {
            forget(intent.idempotencyKey)
            fail(&result, index, .storage(error))
            return
        }
        guard let token else {
            forget(intent.idempotencyKey)
            fail(&result, index, MarketplaceError(.notLinked, "Link your \(group.marketplace.name) account to order from it."))
            return
        }
        let placed: PlacedOrder
        do throws(MarketplaceError) {
            placed = try await service.placeOrder(intent.request, token: token)
        } catch {
            // A refusal means no order: forget the intent. An unknown outcome (no answer) keeps
            // it, and the next reconcile asks the marketplace.
            if !error.leavesOutcomeUnknown { forget(intent.idempotencyKey) }
            fail(&result, index, error)
            return
        }
        killSwitch?.reached(.marketplaceConfirmed)
        let stored: (order: Order, inserted: Bool)
        do {
            stored = try orders.record(Order(placed: placed, marketplaceName: group.marketplace.name))
        } catch {
            fail(
                &result, index,
                MarketplaceError(
                    .storage,
                    "\(group.marketplace.name) confirmed order \(placed.orderID), but orders.json could not be written: \(error). Reelshop will record it the next time it starts; the lines stay in the cart until then."
                ))
            return
        }
        killSwitch?.reached(.ordersWritten)
        result.plan.groups[index].status = .placed(stored.order)
        result.plan.cartStamp = result.plan.cartStamp?.removing(stored.order.lines)
        if stored.inserted { result.newlyPlaced.append(stored.order) }
        settleQuietly(&result, intent.idempotencyKey, reportKill: true)
    }

    private func settleQuietly(_ result: inout CheckoutResult, _ key: String, reportKill: Bool = false) {
        do {
            if let cart = try settle(key, reportKill: reportKill) { result.cart = cart }
        } catch {
            result.cartError =
                "The orders were placed, but the cart could not be updated: \(error). Reelshop will take the ordered lines out the next time it starts."
        }
    }

    private func fail(_ result: inout CheckoutResult, _ index: Int, _ error: MarketplaceError) {
        let group = result.plan.groups[index]
        result.failures[group.marketplaceID] = error
        result.plan.groups[index].status = error.kind == .unauthorized || error.kind == .notLinked ? .needsLink : .failed(error)
    }

    /// Finishes an intent whose order is in orders.json: under the journal's lock, its lines leave
    /// the cart once (cart.json remembers the key, so a process killed between the two writes
    /// does not take them twice), then the intent leaves the journal. Returns the cart when it
    /// changed. Nothing happens when the intent is already gone (someone else finished it).
    @discardableResult
    private func settle(_ key: String, reportKill: Bool = false) throws -> Cart? {
        try journal.document.update { journal throws -> Cart? in
            guard let intent = journal.intent(key) else { return nil }
            var after: Cart?
            if intent.source == .cart {
                let pending = journal.pendingKeys
                after = try cart.update { cart in cart.settleCheckout(key, ordered: intent.lines, pending: pending) }.document
                if reportKill { killSwitch?.reached(.cartWritten) }
            }
            journal.intents.removeAll { $0.idempotencyKey == key }
            return after
        }.result
    }

    /// Drops an intent that never became an order (the marketplace refused it).
    private func forget(_ key: String) {
        _ = try? journal.document.update { journal in journal.intents.removeAll { $0.idempotencyKey == key } }
    }

    // MARK: - Reconcile

    /// Finishes every intent no live process is placing: an order the marketplace has under the
    /// key is recorded and its lines leave the cart; a key it never saw is placed again with the
    /// same key (within `retryWindow`), or dropped with the reason when it refuses; an intent the
    /// marketplace cannot answer about stays, and its lines are held. Every outcome has a message.
    public func reconcile() async -> ReconcileReport {
        var report = ReconcileReport()
        let pending: [CheckoutIntent]
        do {
            let loaded = try journal.load()
            pending = loaded.intents
            if let recovery = loaded.recovery { report.notes.append(recovery.description) }
        } catch {
            report.notes.append("Unfinished checkouts could not be read: \(error)")
            return report
        }
        journal.removeAbandonedClaims(pending: Set(pending.map(\.idempotencyKey)))
        var cartChanged = false
        for intent in pending {
            let claim: IntentClaim?
            do { claim = try journal.claim(intent.idempotencyKey, wait: false) } catch {
                report.outcomes.append(.unresolved(intent, reason: "\(error)"))
                continue
            }
            guard let claim else { continue }  // another process is placing it right now
            defer { claim.release() }
            // Someone may have finished it between the read and the claim.
            guard (try? journal.document.load().document.intent(intent.idempotencyKey)) != nil else { continue }
            let outcome = await resolve(intent)
            report.outcomes.append(outcome)
            switch outcome {
            case .recorded, .placed: cartChanged = cartChanged || intent.source == .cart
            case .dropped, .unresolved: break
            }
        }
        if cartChanged { report.cart = try? cart.load().document }
        return report
    }

    private func resolve(_ intent: CheckoutIntent) async -> ReconcileReport.Outcome {
        let key = intent.idempotencyKey
        do {
            if let known = try orders.document.load().document.order(idempotencyKey: key, marketplaceID: intent.marketplaceID) {
                try settle(key)
                return .recorded(known)
            }
        } catch {
            return .unresolved(intent, reason: "\(error)")
        }
        guard let service = registry.service(for: intent.marketplaceID) else {
            return .unresolved(intent, reason: "Reelshop cannot reach \(intent.marketplaceName) in this session.")
        }
        let token: AccessToken?
        do { token = try accounts.token(for: intent.marketplaceID) } catch { return .unresolved(intent, reason: "\(error)") }
        guard let token else {
            return .unresolved(intent, reason: "link \(intent.marketplaceName) again so Reelshop can ask about it.")
        }
        let found: PlacedOrder?
        do throws(MarketplaceError) {
            found = try await service.order(idempotencyKey: key, token: token)
        } catch {
            return .unresolved(
                intent,
                reason: error.kind == .unauthorized
                    ? "link \(intent.marketplaceName) again so Reelshop can ask about it." : error.message)
        }
        let placed: PlacedOrder
        let wasRetried: Bool
        if let found {
            placed = found
            wasRetried = false
        } else {
            // The marketplace never saw the key: nothing was charged.
            guard now().timeIntervalSince(intent.createdAt) <= Self.retryWindow else {
                forget(key)
                return .dropped(intent, reason: "it never reached \(intent.marketplaceName), and it was confirmed more than a day ago.")
            }
            do throws(MarketplaceError) {
                placed = try await service.placeOrder(intent.request, token: token)
            } catch {
                if error.leavesOutcomeUnknown { return .unresolved(intent, reason: error.message) }
                forget(key)
                return .dropped(intent, reason: error.message)
            }
            wasRetried = true
        }
        do {
            let stored = try orders.record(Order(placed: placed, marketplaceName: intent.marketplaceName))
            try settle(key)
            return wasRetried ? .placed(stored.order) : .recorded(stored.order)
        } catch {
            return .unresolved(intent, reason: "\(intent.marketplaceName) has order \(placed.orderID), but it could not be recorded: \(error)")
        }
    }

    // MARK: - Status

    /// Asks each order's marketplace for its status and stores what changed. Orders whose
    /// marketplace is not linked keep their last known status.
    public func refreshOrders() async throws -> [Order] {
        let current = try orders.load().orders
        var reports: [String: OrderStatusReport] = [:]
        for order in current where order.status != .delivered {
            guard let service = registry.service(for: order.marketplaceID),
                let token = try accounts.token(for: order.marketplaceID)
            else { continue }
            if let report = try? await service.orderStatus(orderID: order.id, token: token) { reports[order.id] = report }
        }
        return try orders.applyStatus(reports, at: now())
    }
}
