/// What the demo's caption bar shows: which step of how many, and what it says.
public struct DemoCaption: Sendable, Equatable {
    /// 1-based, as shown ("3/12").
    public var step: Int
    public var count: Int
    public var text: String

    public init(step: Int, count: Int, text: String) {
        self.step = step
        self.count = count
        self.text = text
    }
}
