/// Where one screen's state sits in the route stack, and the only place that takes it out of a
/// `Route` and puts it back — TCA's `Scope`: a screen's functions change their own state
/// (`inout CartScreenState`), the root writes it into the stack. No screen file writes
/// `state.routes[…] = …`.
public struct ScreenCase<Screen: Sendable>: Sendable {
    public let extract: @Sendable (Route) -> Screen?
    public let embed: @Sendable (Screen) -> Route

    public init(extract: @escaping @Sendable (Route) -> Screen?, embed: @escaping @Sendable (Screen) -> Route) {
        self.extract = extract
        self.embed = embed
    }
}

extension ScreenCase where Screen == ProductSheetState {
    public static let product = ScreenCase(extract: { if case .product(let s) = $0 { s } else { nil } }, embed: Route.product)
}
extension ScreenCase where Screen == CartScreenState {
    public static let cart = ScreenCase(extract: { if case .cart(let s) = $0 { s } else { nil } }, embed: Route.cart)
}
extension ScreenCase where Screen == AccountsScreenState {
    public static let accounts = ScreenCase(extract: { if case .accounts(let s) = $0 { s } else { nil } }, embed: Route.accounts)
}
extension ScreenCase where Screen == LinkScreenState {
    public static let link = ScreenCase(extract: { if case .link(let s) = $0 { s } else { nil } }, embed: Route.link)
}
extension ScreenCase where Screen == CheckoutState {
    public static let checkout = ScreenCase(extract: { if case .checkout(let s) = $0 { s } else { nil } }, embed: Route.checkout)
}
extension ScreenCase where Screen == OrdersScreenState {
    public static let orders = ScreenCase(extract: { if case .orders(let s) = $0 { s } else { nil } }, embed: Route.orders)
}
extension ScreenCase where Screen == SearchState {
    public static let search = ScreenCase(extract: { if case .search(let s) = $0 { s } else { nil } }, embed: Route.search)
}
extension ScreenCase where Screen == InterestPickerState {
    public static let interests = ScreenCase(extract: { if case .interests(let s) = $0 { s } else { nil } }, embed: Route.interests)
}

extension AppState {
    /// The top screen's state, if the top screen is `screen`.
    public func top<Screen>(_ screen: ScreenCase<Screen>) -> Screen? { routes.last.flatMap(screen.extract) }

    /// Where the last (topmost) `screen` matching `predicate` is in the stack.
    public func index<Screen>(of screen: ScreenCase<Screen>, where predicate: (Screen) -> Bool = { _ in true }) -> Int? {
        routes.lastIndex { route in screen.extract(route).map(predicate) ?? false }
    }

    /// Changes the state of the screen at `index` if it is a `screen`, and writes it back.
    /// Returns what `body` returned, or nil when that route is another screen (or gone).
    @discardableResult
    public mutating func update<Screen, Result>(_ screen: ScreenCase<Screen>, at index: Int, _ body: (inout Screen) -> Result) -> Result? {
        guard routes.indices.contains(index), var child = screen.extract(routes[index]) else { return nil }
        let result = body(&child)
        routes[index] = screen.embed(child)
        return result
    }

    /// Changes the top screen's state if it is a `screen`.
    @discardableResult
    public mutating func updateTop<Screen, Result>(_ screen: ScreenCase<Screen>, _ body: (inout Screen) -> Result) -> Result? {
        update(screen, at: routes.count - 1, body)
    }

    /// Changes every `screen` in the stack (a cart change reaches each cart screen).
    public mutating func updateEach<Screen>(_ screen: ScreenCase<Screen>, _ body: (inout Screen) -> Void) {
        for index in routes.indices { update(screen, at: index, body) }
    }
}

extension Reducer {
    /// Runs the top screen's command function on that screen's own state, then writes the state
    /// back where the screen is — unless the function closed it (back) or replaced it; a page it
    /// opened over it leaves it under that page, changed.
    static func scoped<Screen>(
        _ state: inout AppState, _ screen: ScreenCase<Screen>, _ command: Command,
        _ run: (inout AppState, inout Screen, Command) -> [Effect]
    ) -> [Effect] {
        let index = state.routes.count - 1
        guard var child = state.top(screen) else { return [] }
        let effects = run(&state, &child, command)
        state.update(screen, at: index) { $0 = child }
        return effects
    }
}
