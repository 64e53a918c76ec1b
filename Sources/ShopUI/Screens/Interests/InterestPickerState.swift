/// The first-run interest picker: categories on offer, which are ticked, and the cursor.
public struct InterestPickerState: Sendable, Equatable {
    /// The fewest interests "Done" accepts (skipping is always allowed).
    public static let minimum = 3

    public var categories: [String]
    public var picked: Set<String> = []
    public var cursor = 0

    public init(categories: [String]) { self.categories = categories }

    public var canFinish: Bool { picked.count >= InterestPickerState.minimum }
}
