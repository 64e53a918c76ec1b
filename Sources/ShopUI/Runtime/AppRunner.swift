import Dispatch
import Foundation
import ShopCore

/// Runs the app: draws the state, waits for input, reduces actions and performs effects.
public final class AppRunner {
    public private(set) var state: AppState
    let backend: any TerminalBackend
    private let cartStore: CartStore
    private let watcher: FileWatcher?
    /// Deadlines on `clock` (monotonic seconds).
    private var timers: [(deadline: Double, action: Action)] = []
    /// Marketplace services and the self-pipe their answers come back through (issue 4).
    let market: MarketServices?
    let mailbox: Mailbox?
    private var tickDeadline: Double?
    /// The frame last drawn: a click is looked up in the regions it reported (`Grid.hits`).
    private var lastFrame: Grid?

    private let clips: ClipLibrary
    /// The monotonic clock, in seconds (tests pass a fake one).
    let clock: @Sendable () -> Double
    /// The wall clock, for LIVE streams and deals (tests pass a fixed one).
    let wallClock: @Sendable () -> Date
    /// The demo tour driving the app, until it ends or the presenter takes over (`AppRunner+Demo.swift`).
    var director: DemoDirector?
    /// Leave `run()` when the tour ends (`reelshop demo --loop` starts the next one afresh).
    let stopAfterTour: Bool
    var tourFinished = false
    /// Draws `verification_uri_complete` as a QR code on the link screen (`QREncoder.encode` from
    /// ShopQR); injected so ShopUI builds without libqrencode (scripts/fuzz compiles it alone).
    let qrEncoder: (@Sendable (String) -> QRCode?)?

    public init(catalog: Catalog, cartStore: CartStore, backend: any TerminalBackend,
                playback: PlaybackState = PlaybackState(), clips: ClipLibrary = .shared,
                clock: @escaping @Sendable () -> Double = AppRunner.monotonicSeconds,
                wallClock: @escaping @Sendable () -> Date = { Date() },
                market: MarketServices? = nil, offersInterestPicker: Bool = true,
                director: DemoDirector? = nil, stopAfterTour: Bool = false,
                qrEncoder: (@Sendable (String) -> QRCode?)? = nil) {
        self.qrEncoder = qrEncoder
        self.wallClock = wallClock
        self.director = director
        self.stopAfterTour = stopAfterTour
        self.market = market
        self.mailbox = market == nil ? nil : Mailbox()
        self.backend = backend
        self.cartStore = cartStore
        self.state = AppState(catalog: catalog, size: backend.size)
        self.state.playback = playback
        self.state.graphics = backend.graphics
        self.state.offersInterestPicker = offersInterestPicker
        self.clips = clips
        self.clock = clock
        self.watcher = FileWatcher(directory: cartStore.url.deletingLastPathComponent())
    }

    /// Runs until the user quits or a signal asks to stop (or, with `stopAfterTour`, the tour ends).
    @discardableResult
    public func run() -> RunEnd {
        loadCart()
        // Checkouts an earlier run left half done are finished first (issue 11); orders feed the
        // LIVE chat ("just bought") and the flash deals' per-buyer limits.
        if market != nil {
            perform(.market(.reconcile))
            perform(.market(.loadOrders))
            state.market.liveStock = true
            state.market.stockLoading = true
            perform(.market(.refreshStock))
        }
        loadSocial()
        let startedAt = clock()
        while state.isRunning {
            dispatch(.clock(wallClock()))
            dispatch(.tick(now: clock()))
            directTour()
            if !state.isRunning { break }  // a tour's own q
            if tourFinished && stopAfterTour { return .tourFinished }
            let frame = AppView.render(state, theme: backend.theme)
            backend.draw(frame)
            lastFrame = frame
            // Neighbouring clips are decoded ahead only after the first second: the first frame
            // gets the cores to itself (50 SSH visitors arriving at once each decoded two clips
            // and doubled everyone's wait for a first frame).
            if clock() - startedAt >= AppRunner.prefetchDelay {
                for request in Playback.neighbours(state, theme: backend.theme) { clips.prefetch(request) }
            }
            scheduleTick()
            let watching = (watcher.map { [$0.descriptor] } ?? []) + (mailbox.map { [$0.readDescriptor] } ?? [])
            let events = backend.waitForEvents(timeout: secondsToWake(), watching: watching)
            dispatch(.tick(now: clock()))
            // Keys were typed at the screen last drawn: they act on what it showed (the line shown
            // as selected), and another window's change to the files is taken in after them.
            let isFileChange = { (event: InputEvent) in event == .readable(self.watcher?.descriptor ?? -1) }
            for event in events.filter({ !isFileChange($0) }) + events.filter(isFileChange) {
                handle(event)
                if !state.isRunning || backend.terminationPending() { break }
            }
            fireDueTimers()
        }
        return .quit
    }

    /// Reduces one action and performs the effects it asks for.
    public func dispatch(_ action: Action) {
        let effects = Reducer.reduce(&state, action)
        for effect in effects { perform(effect) }
    }

    private func handle(_ event: InputEvent) {
        if handOver(on: event) { return }
        switch event {
        case .key(let key): dispatch(.key(key))
        case .mouse(.click(let x, let y)):
            // A click acts on the screen last drawn: the region there sends what its key does.
            if let command = lastFrame?.command(atX: x, y: y) { dispatch(.command(command)) }
        case .mouse(let mouse): dispatch(.mouse(mouse))
        case .resize(let size): dispatch(.resize(size))
        case .terminate: dispatch(.terminate)
        case .readable(let fd) where fd == mailbox?.readDescriptor:
            for action in mailbox?.take() ?? [] where state.isRunning { dispatch(action) }
        case .readable(let fd):
            guard fd == watcher?.descriptor, let changed = watcher?.drain() else { return }
            if changed.contains(cartStore.url.lastPathComponent) { reloadCart() }
            // A link or unlink in another window or by `reelshop accounts`: the accounts shown follow.
            if market != nil, changed.contains(AccountStore.fileName) { performMarket(.loadAccounts) }
        }
    }

    /// social.json lives beside the cart.
    private var socialStore: SocialStore {
        SocialStore(stateDirectory: StateDirectory(url: cartStore.url.deletingLastPathComponent()))
    }

    private func loadSocial() {
        do {
            let (social, recovery) = try socialStore.load()
            dispatch(.social(.loaded(social, recovery: recovery)))
        } catch {
            dispatch(.social(.failed("Likes and follows could not be read: \(error)")))
        }
    }

    private func performSocial(_ effect: SocialEffect) {
        do {
            switch effect {
            case .toggleLike(let postID):
                let (on, social) = try socialStore.toggleLike(postID)
                dispatch(.social(.saved(social, message: on ? "Liked." : "Like removed.")))
            case .toggleSave(let postID):
                let (on, social) = try socialStore.toggleSave(postID)
                dispatch(.social(.saved(social, message: on ? "Saved." : "Removed from saved.")))
            case .toggleFollow(let handle):
                let (on, social) = try socialStore.toggleFollow(handle)
                dispatch(.social(.saved(social, message: on ? "Following @\(handle)." : "Unfollowed @\(handle).")))
            case .setInterests(let interests):
                let social = try socialStore.setInterests(interests)
                dispatch(.social(.loaded(social, recovery: nil)))
            case .copyLink(let link):
                backend.copyToClipboard(link)
            }
        } catch {
            dispatch(.social(.failed("That could not be saved: \(error)")))
        }
    }

    private func loadCart() {
        do {
            let (cart, recovery) = try cartStore.load()
            dispatch(.cartLoaded(cart, recovery: recovery))
        } catch {
            dispatch(.cartFailed("The cart could not be read: \(error)"))
        }
    }

    private func reloadCart() {
        do {
            let (cart, recovery) = try cartStore.load()
            dispatch(.cartChangedElsewhere(cart, recovery: recovery))
        } catch {
            dispatch(.cartFailed("The cart could not be read: \(error)"))
        }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit:
            break
        case .market(let effect):
            performMarket(effect)
        case .social(let effect):
            performSocial(effect)
        case .expireToast(let id, let seconds):
            timers.append((clock() + seconds, .toastExpired(id: id)))
        case .addToCart(let productID, let variantID, let quantity):
            cartChange {
                let change = try cartStore.add(productID: productID, variantID: variantID, quantity: quantity)
                let product = state.catalog.product(productID)
                let variant = change.cart.lines.last { $0.productID == productID && (variantID == nil || $0.variantID == variantID) }
                    .flatMap { product?.variant($0.variantID) }
                let name = (product?.title ?? productID) + (variant.map { " (\($0.label))" } ?? "")
                let message: String
                switch change.outcome {
                case .added(let n): message = "Added \(n > 1 ? "\(n) × " : "")\(name). Cart: \(Format.count(change.cart.itemCount, "item"))."
                case .merged(let n): message = "\(name): \(n) in the cart now. Cart: \(Format.count(change.cart.itemCount, "item"))."
                case .capped(let n): message = "\(name): \(n) in the cart, the most one line can hold."
                }
                return (change.cart, message, change.recovery)
            }
        case .adjustQuantity(let key, let delta):
            cartChange {
                let change = try cartStore.adjust(key, by: delta)
                let title = state.catalog.product(key.productID)?.title ?? key.productID
                guard let quantity = change.outcome else {
                    return (change.cart, "\(title) is no longer in the cart: another window removed it.", change.recovery)
                }
                return (change.cart, "\(title): quantity \(quantity).", change.recovery)
            }
        case .addDealToCart(let dealID, let variantID, let quantity):
            cartChange {
                let deals = DealDesk(catalog: state.catalog, orders: state.market.orders, date: wallClock())
                let change = try cartStore.addDeal(dealID, variantID: variantID, quantity: quantity, deals: deals)
                let offer = deals.offer(id: dealID)
                let product = offer.flatMap { state.catalog.product($0.deal.productID) }
                let label = variantID.flatMap { product?.variant($0)?.label }.map { " (\($0))" } ?? ""
                let title = (product?.title ?? dealID) + label
                let price = offer.map { " at the flash-deal price \($0.deal.dealPrice.formatted)" } ?? ""
                return (change.cart, "Added \(title)\(price). Cart: \(Format.count(change.cart.itemCount, "item")).", change.recovery)
            }
        case .removeLine(let key):
            cartChange {
                let change = try cartStore.remove(key)
                let title = state.catalog.product(key.productID)?.title ?? key.productID
                guard change.outcome else {
                    return (change.cart, "\(title) was already gone: another window removed it. Nothing else was removed.",
                            change.recovery)
                }
                return (change.cart, "Removed \(title) from the cart.", change.recovery)
            }
        }
    }

    private func cartChange(_ body: () throws -> (Cart, String, Recovery?)) {
        do {
            let (cart, message, recovery) = try body()
            dispatch(.cartSaved(cart, message: message, recovery: recovery))
        } catch let error as CartError {
            dispatch(.cartFailed(error.message))
        } catch {
            dispatch(.cartFailed("The cart could not be saved: \(error)"))
        }
    }

    /// How long after start-up neighbouring clips begin to be decoded ahead.
    static let prefetchDelay = 1.0

    /// Seconds since an arbitrary fixed point, never going back.
    @Sendable public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The earliest of the next timer and the clip's next frame (nil: block until input).
    private func secondsToWake() -> Double? {
        let timer = [secondsToNextTimer(), secondsToTourStep].compactMap { $0 }.min()
        guard let frame = Playback.nextWake(state, theme: backend.theme, library: clips) else { return timer }
        let untilFrame = max(0, frame - clock())
        return min(timer ?? untilFrame, untilFrame)
    }

    /// Keeps a clock tick scheduled while a screen needs one (a link code, the orders list).
    private func scheduleTick() {
        guard let interval = MarketTicks.interval(for: state) else {
            tickDeadline = nil
            return
        }
        if tickDeadline == nil { tickDeadline = clock() + interval }
    }

    private func secondsToNextTimer() -> Double? {
        guard let next = (timers.map(\.deadline) + (tickDeadline.map { [$0] } ?? [])).min() else { return nil }
        return max(0, next - clock())
    }

    private func fireDueTimers() {
        let now = clock()
        let due = timers.filter { $0.deadline <= now }
        timers.removeAll { $0.deadline <= now }
        for timer in due.sorted(by: { $0.deadline < $1.deadline }) { dispatch(timer.action) }
        if let tick = tickDeadline, tick <= now {
            tickDeadline = nil
            dispatch(.market(.tick(wallClock())))
        }
    }
}
