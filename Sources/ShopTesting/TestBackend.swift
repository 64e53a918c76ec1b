import ShopUI

/// A terminal double for tests: replays scripted events and keeps every Grid drawn.
public final class TestBackend: TerminalBackend {
    public var size: Size
    public let theme: Theme
    public private(set) var grids: [Grid] = []
    /// The timeout of every wait, in order (nil: blocked until input).
    public private(set) var timeouts: [Double?] = []
    private var script: [[InputEvent]]

    /// Each element of `script` is what one wait returns; when it runs out, `.terminate`.
    public init(size: Size, theme: Theme = Theme(capability: .ansi256, unicode: true), script: [[InputEvent]]) {
        self.size = size
        self.theme = theme
        self.script = script
    }

    public var lastGrid: Grid? { grids.last }

    public func draw(_ grid: Grid) { grids.append(grid) }

    /// What the app put on the clipboard, in order.
    public private(set) var clipboard: [String] = []

    public func copyToClipboard(_ text: String) { clipboard.append(text) }

    public func waitForEvents(timeout: Double?, watching: [Int32]) -> [InputEvent] {
        timeouts.append(timeout)
        guard !script.isEmpty else { return [.terminate] }
        let events = script.removeFirst()
        for case .resize(let newSize) in events { size = newSize }
        return events
    }
}
