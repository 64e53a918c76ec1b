import ShopCore

/// The first-run interest picker: tick at least three categories (Space or Enter), then Done
/// (`d`); Esc or `s` skips. Either way the answer is saved and the picker never comes back;
/// `q` quits without answering.
extension Keymaps {
    public static func interests(_ picker: InterestPickerState?) -> Keymap {
        Keymap(
            "Interests",
            [
                KeyBinding([.character(" "), .enter], "space ⏎", "tick or untick", footer: ("space", "pick"), .togglePick),
                list("move", footer: ("↑/↓", "move")),
                KeyBinding([.character("d")], "d", "done (3 or more)", footer: ("d", picker?.canFinish == false ? "done (3+)" : "done"), .finishPicks),
                KeyBinding([.character("s"), .escape], "s esc", "skip", footer: ("s/esc", "skip"), .skipPicks),
                quit.footer(("q", "quit")),
            ], takesEveryKey: true)
    }
}

extension Reducer {
    /// After social.json is read: offer the picker once, to a user who has not answered it.
    static func offerInterestPicker(_ state: inout AppState) {
        guard state.offersInterestPicker, !state.social.onboarded, state.routes.isEmpty else { return }
        let categories = Array(Set(state.catalog.products.map(\.category))).sorted()
        guard categories.count >= InterestPickerState.minimum else { return }
        state.routes.append(.interests(InterestPickerState(categories: categories)))
    }

    static func interestsCommand(_ state: inout AppState, _ picker: inout InterestPickerState, _ command: Command) -> [Effect] {
        switch command {
        case .selectNext:
            picker.cursor = (picker.cursor + 1) % picker.categories.count
        case .selectPrevious:
            picker.cursor = (picker.cursor - 1 + picker.categories.count) % picker.categories.count
        case .select(let index) where picker.categories.indices.contains(index):
            picker.cursor = index
            let category = picker.categories[picker.cursor]
            if picker.picked.contains(category) { picker.picked.remove(category) } else { picker.picked.insert(category) }
        case .togglePick:
            let category = picker.categories[picker.cursor]
            if picker.picked.contains(category) { picker.picked.remove(category) } else { picker.picked.insert(category) }
        case .finishPicks:
            guard picker.canFinish else {
                showToast(&state, "Pick \(InterestPickerState.minimum - picker.picked.count) more, or press s to skip.", .info)
                return []
            }
            return finishInterests(&state, Array(picker.picked).sorted())
        case .skipPicks:
            return finishInterests(&state, [])
        case .quit:
            // Leaving the app is not an answer: the picker is offered again next time.
            state.isRunning = false
            return [.quit]
        default:
            break
        }
        return []
    }

    private static func finishInterests(_ state: inout AppState, _ interests: [String]) -> [Effect] {
        state.routes.removeLast()
        state.social.setInterests(interests)
        recomposeFeed(&state, keeping: nil)
        state.feed.index = 0
        let message =
            interests.isEmpty
            ? "Skipped. For You learns from what you like, save and follow."
            : "For You now starts with \(interests.joined(separator: ", "))."
        showToast(&state, message, .success)
        return [.social(.setInterests(interests))]
    }
}
