/// The cart screen: which line is selected.
public struct CartScreenState: Sendable, Equatable {
    public var selection = 0
    public init() {}
}
