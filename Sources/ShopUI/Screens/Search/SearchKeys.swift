import ShopCore

/// Search (`/`): results as you type over products, creators and hashtags; Enter opens the
/// highlighted one (a product's sheet, a creator's or a hashtag's first post), Esc leaves.
extension Keymaps {
    public static let search = Keymap(
        "Search", typing: ("type", "search as you type", "search"),
        [
            list("choose a result", footer: ("↑/↓", "choose"), vim: false),
            KeyBinding([.enter], "⏎", "open it", footer: ("⏎", "open"), .submit),
            KeyBinding([.escape], "esc", "close", footer: ("esc", "close"), .back),
            KeyBinding([.backspace, .delete], "⌫", "delete a character", .erase),
        ])
}

extension Reducer {
    static let searchResultLimit = 50

    static func openSearch(_ state: inout AppState) {
        if state.searchIndex == nil { state.searchIndex = SearchIndex(catalog: state.catalog) }
        state.routes.append(.search(SearchState()))
    }

    static func searchCommand(_ state: inout AppState, _ search: inout SearchState, _ command: Command) -> [Effect] {
        switch command {
        case .back:
            state.routes.removeLast()
        case .erase:
            guard !search.query.isEmpty else { break }
            search.query.removeLast()
            runSearch(state, &search)
        case .selectNext:
            search.selection = min(search.selection + 1, max(0, search.results.count - 1))
        case .selectPrevious:
            search.selection = max(search.selection - 1, 0)
        case .select(let index) where search.results.indices.contains(index) && index != search.selection:
            search.selection = index
        case .submit, .select:
            guard search.results.indices.contains(search.selection) else { break }
            let result = search.results[search.selection]
            state.routes.removeLast()
            return open(&state, result)
        case .type(let c) where !c.isNewline && c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }):
            guard search.query.count < 60 else { break }
            search.query.append(c)
            runSearch(state, &search)
        default:
            break
        }
        return []
    }

    private static func runSearch(_ state: AppState, _ search: inout SearchState) {
        search.results = state.searchIndex?.search(search.query, limit: searchResultLimit) ?? []
        search.selection = 0
    }

    private static func open(_ state: inout AppState, _ result: SearchIndex.Result) -> [Effect] {
        switch result.kind {
        case .product:
            openProduct(&state, result.id)
            return []
        case .creator:
            return showPost(&state, where: { $0.creatorHandle == result.id }, "@\(result.id) has no posts yet.")
        case .hashtag:
            return showPost(&state, where: { $0.hashtags.contains(result.id) }, "No post carries #\(result.id).")
        }
    }

    /// Goes to the first post matching `predicate` in For You.
    private static func showPost(_ state: inout AppState, where predicate: (Post) -> Bool, _ otherwise: String) -> [Effect] {
        switchTab(&state, to: .forYou)
        guard
            let index = state.feed.items.firstIndex(where: { item in
                if case .post(let id) = item, let post = state.catalog.post(id) { return predicate(post) }
                return false
            })
        else { showToast(&state, otherwise, .info); return [] }
        state.feed.index = index
        return []
    }
}
