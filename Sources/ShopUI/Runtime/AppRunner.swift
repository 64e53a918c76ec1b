import Dispatch
import Foundation
import ShopCore

/// Runs the app: draws the state, waits for input, reduces actions and performs effects.
public final class AppRunner {
    public private(set) var state: AppState
    let backend: any TerminalBackend
    /// What this run is wired to (`AppEnvironment`): stores, marketplace, clips, clocks, watcher.
    let environment: AppEnvironment
    /// The self-pipe the marketplace's answers come back through (issue 4).
    let mailbox: Mailbox?
    /// The frame last drawn: a click is looked up in the regions it reported (`Grid.hits`).
    private var lastFrame: Grid?
    /// The demo tour driving the app, until it ends or the presenter takes over (`AppRunner+Demo.swift`).
    var director: DemoDirector?
    /// Leave `run()` when the tour ends (`reelshop demo --loop` starts the next one afresh).
    let stopAfterTour: Bool
    var tourFinished = false

    private var cartStore: CartStore { environment.cartStore }
    private var socialStore: SocialStore { environment.socialStore }
    private var watcher: FileWatcher? { environment.watcher }
    var market: MarketServices? { environment.market }
    var clips: ClipLibrary { environment.clips }
    var clock: @Sendable () -> Double { environment.clock }
    var wallClock: @Sendable () -> Date { environment.wallClock }

    public init(
        catalog: Catalog, backend: any TerminalBackend, environment: AppEnvironment,
        playback: PlaybackState = PlaybackState(), offersInterestPicker: Bool = true,
        director: DemoDirector? = nil, stopAfterTour: Bool = false
    ) {
        self.environment = environment
        self.director = director
        self.stopAfterTour = stopAfterTour
        self.mailbox = environment.market == nil ? nil : Mailbox()
        self.backend = backend
        self.state = AppState(catalog: catalog, size: backend.size)
        self.state.playback = playback
        self.state.graphics = backend.graphics
        self.state.offersInterestPicker = offersInterestPicker
        // Built ahead (serve's zygote shares one); otherwise on the first search.
        self.state.searchIndex = environment.searchIndex
    }

    /// Runs until the user quits or a signal asks to stop (or, with `stopAfterTour`, the tour ends).
    @discardableResult
    public func run() -> RunEnd {
        // The clocks first: a toast raised while starting (a cart moved aside) lasts its time
        // from now, not from zero. The monotonic one before anything else: every action starts
        // the clip's clock at the time it has, and at 0 the first frame was wherever the uptime
        // fell in the clip's loop.
        dispatch(.tick(now: clock()))
        dispatch(.clock(wallClock()))
        loadCart()
        // Checkouts an earlier run left half done are finished first (issue 11); orders feed the
        // LIVE chat ("just bought") and the flash deals' per-buyer limits.
        if market != nil {
            perform(.market(.reconcile))
            perform(.market(.loadOrders))
            state.market.liveStock = true
            // Asked for once the first frame is drawn (below), and shown as loading until then.
            state.market.stockLoading = true
        }
        // At 10,000 products the embedded marketplace's answer to the start-up stock question
        // took the same two cores as the first frame (issue 15, docs/PERFORMANCE.md).
        var stockAskedAtStart = market == nil
        loadSocial()
        let startedAt = clock()
        while state.isRunning {
            dispatch(.clock(wallClock()))
            dispatch(.tick(now: clock()))
            directTour()
            if !state.isRunning { break }  // a tour's own q
            if tourFinished && stopAfterTour { return .tourFinished }
            let frame = AppView.render(state, theme: backend.theme, library: clips)
            backend.draw(frame)
            lastFrame = frame
            // Neighbouring clips are decoded ahead from the first frame on, on the prefetch thread
            // at nice 19, which takes no core from a normal-priority thread (held back for the
            // first second, a key pressed in it decoded the next clip itself: 80-110 ms). The
            // stock of what is on screen is asked only after the first second: under serve each
            // visitor's first stock question — an HTTP client, its event-loop threads, two
            // requests — took a sixth of the cores while other visitors were still arriving.
            for request in Playback.neighbours(state, theme: backend.theme) { clips.prefetch(request) }
            if !stockAskedAtStart, clock() - startedAt >= AppRunner.settleDelay {
                stockAskedAtStart = true
                dispatch(.market(.startUpSettled))
            }
            let watching = (watcher.map { [$0.descriptor] } ?? []) + (mailbox.map { [$0.readDescriptor] } ?? [])
            let events = backend.waitForEvents(
                timeout: secondsToWake(orAt: stockAskedAtStart ? nil : startedAt + AppRunner.settleDelay), watching: watching)
            dispatch(.tick(now: clock()))
            // Keys were typed at the screen last drawn: they act on what it showed (the line shown
            // as selected), and another window's change to the files is taken in after them.
            let isFileChange = { (event: InputEvent) in event == .readable(self.watcher?.descriptor ?? -1) }
            for event in events.filter({ !isFileChange($0) }) + events.filter(isFileChange) {
                handle(event)
                if !state.isRunning || backend.terminationPending() { break }
            }
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

    private func loadSocial() {
        do {
            let (social, recovery) = try socialStore.load()
            dispatch(.social(.loaded(social, recovery: recovery)))
        } catch {
            dispatch(.social(.unreadable("\(error)")))
        }
    }

    private func performSocial(_ effect: SocialEffect) {
        do {
            switch effect {
            case .toggleLike(let postID):
                let (on, social) = try socialStore.toggleLike(postID)
                dispatch(.social(.toggled(effect, on: on, social)))
            case .toggleSave(let postID):
                let (on, social) = try socialStore.toggleSave(postID)
                dispatch(.social(.toggled(effect, on: on, social)))
            case .toggleFollow(let handle):
                let (on, social) = try socialStore.toggleFollow(handle)
                dispatch(.social(.toggled(effect, on: on, social)))
            case .setInterests(let interests):
                let social = try socialStore.setInterests(interests)
                dispatch(.social(.loaded(social, recovery: nil)))
            case .copyLink(let link):
                backend.copyToClipboard(link)
            }
        } catch {
            dispatch(.social(.unsaved("\(error)")))
        }
    }

    private func loadCart() {
        do {
            let (cart, recovery) = try cartStore.load()
            dispatch(.cart(.loaded(cart, recovery: recovery)))
        } catch {
            dispatch(.cart(.failed(.unreadable("\(error)"))))
        }
    }

    private func reloadCart() {
        do {
            let (cart, recovery) = try cartStore.load()
            dispatch(.cart(.changedElsewhere(cart, recovery: recovery)))
        } catch {
            dispatch(.cart(.failed(.unreadable("\(error)"))))
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
        case .cart(let effect):
            performCart(effect)
        }
    }

    /// Performs a cart change on the store; the reducer words the answer (`Reducer.cart`).
    private func performCart(_ effect: CartEffect) {
        do {
            let saved: CartSaved
            switch effect {
            case .add(let productID, let variantID, let quantity):
                let change = try cartStore.add(productID: productID, variantID: variantID, quantity: quantity)
                saved = CartSaved(request: effect, outcome: .added(change.outcome), cart: change.cart, recovery: change.recovery)
            case .adjust(let key, let delta):
                let change = try cartStore.adjust(key, by: delta)
                saved = CartSaved(request: effect, outcome: .quantity(change.outcome), cart: change.cart, recovery: change.recovery)
            case .remove(let key):
                let change = try cartStore.remove(key)
                saved = CartSaved(request: effect, outcome: .removed(change.outcome), cart: change.cart, recovery: change.recovery)
            case .addDeal(let dealID, let variantID, let quantity, let orders, let date):
                let deals = DealDesk(catalog: cartStore.catalog, orders: orders, date: date)
                let change = try cartStore.addDeal(dealID, variantID: variantID, quantity: quantity, deals: deals)
                saved = CartSaved(request: effect, outcome: .added(change.outcome), cart: change.cart, recovery: change.recovery)
            }
            dispatch(.cart(.saved(saved)))
        } catch let error as CartError {
            dispatch(.cart(.failed(.refused(error))))
        } catch {
            dispatch(.cart(.failed(.unsaved("\(error)"))))
        }
    }

    /// How long after start-up the marketplaces are first asked for stock.
    static let settleDelay = 1.0

    /// Seconds until the state next changes by itself (`Wake.next`) or the tour has a step due
    /// (nil: block until input).
    private func secondsToWake(orAt deadline: Double? = nil) -> Double? {
        let tourStep = director.flatMap { $0.nextDeadline }
        let wake = [Wake.next(state, theme: backend.theme, library: clips, tourStep: tourStep), deadline].compactMap { $0 }.min()
        return wake.map { max(0, $0 - clock()) }
    }
}
