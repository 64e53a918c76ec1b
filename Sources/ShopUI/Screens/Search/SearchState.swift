import ShopCore

/// The search page (`/`): what has been typed, its results and the highlighted one.
public struct SearchState: Sendable, Equatable {
    public var query = ""
    public var results: [SearchIndex.Result] = []
    public var selection = 0

    public init() {}
}
