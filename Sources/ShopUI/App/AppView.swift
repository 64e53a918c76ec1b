/// Draws the whole screen from the state: the only way anything reaches the terminal.
public enum AppView {
    /// `library` is where the clips come from: the storefront's own, or a test's.
    public static func render(_ state: AppState, theme: Theme, library: ClipLibrary) -> Grid {
        if let caption = state.demo,
            let framed = DemoCaptionBar.frame(state, caption: caption, theme: theme, library: library)
        {
            return framed
        }
        var grid = Grid(width: state.size.width, height: state.size.height, asciiOnly: !theme.glyphs.isUnicode)
        if state.isTooSmall {
            TooSmallScreen.draw(&grid, theme: theme)
            return grid
        }
        Chrome.header(&grid, state: state, theme: theme)
        if let route = state.top {
            // Pages over the feed take the whole area between the header and the footer.
            switch route {
            case .product(let sheet):
                ProductSheet.draw(&grid, sheet: sheet, scene: FeedScene(state), theme: theme, library: library)
            case .cart(let screen):
                CartScreen.draw(
                    &grid, screen: screen, summary: state.cartSummary, itemCount: state.cart.itemCount, deals: state.deals, theme: theme)
            case .help:
                HelpOverlay.draw(&grid, here: HelpOverlay.keysUnder(state), scroll: state.helpScroll, graphics: state.graphics, theme: theme)
            case .accounts(let screen):
                AccountsScreen.draw(&grid, screen: screen, marketplaces: state.catalog.marketplaces, market: state.market, theme: theme)
            case .link(let screen):
                LinkScreen.draw(
                    &grid, screen: screen, name: Reducer.marketplaceName(state, screen.marketplaceID), now: state.market.now, theme: theme)
            case .checkout(let checkout):
                CheckoutSheet.draw(&grid, screen: checkout, theme: theme)
            case .orders(let screen):
                OrdersScreen.draw(&grid, screen: screen, orders: state.market.orders, loading: state.market.ordersLoading, theme: theme)
            case .search(let search):
                SearchScreen.draw(&grid, search: search, theme: theme)
            case .interests(let picker):
                InterestPicker.draw(&grid, picker: picker, theme: theme)
            }
        } else {
            FeedScreen.draw(&grid, scene: FeedScene(state), theme: theme, library: library)
        }
        Chrome.footer(&grid, hints: Keymaps.of(state).footer, theme: theme)
        Chrome.toast(&grid, toast: state.toast, theme: theme)
        return grid
    }
}
