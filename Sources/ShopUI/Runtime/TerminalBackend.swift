/// What the run loop needs from a terminal. `NcursesBackend` is the real one; tests use
/// `ShopTesting.TestBackend`, which records every Grid drawn.
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    /// The styles and symbols that suit this terminal (colours, Unicode or ASCII).
    var theme: Theme { get }
    /// Shows a Grid; only cells that changed since the last one need to reach the terminal.
    func draw(_ grid: Grid)
    /// Blocks until input arrives, one of `watching` becomes readable, or `timeout` seconds
    /// pass (nil: no timeout). An idle app spends its time here, using no CPU.
    func waitForEvents(timeout: Double?, watching: [Int32]) -> [InputEvent]
    /// Puts text on the terminal's clipboard where it accepts that (OSC 52); may do nothing.
    func copyToClipboard(_ text: String)
    /// True once SIGINT, SIGTERM or SIGHUP arrived and the next `waitForEvents` will report it:
    /// the loop stops working through a batch of keys (a flood of input must not delay it).
    func terminationPending() -> Bool
    /// The graphics mode this terminal draws pictures with (cells unless the backend was
    /// started with a pixel mode): the view then reports the clip box in `Grid.picture`.
    var graphics: GraphicsStatus { get }
}

extension TerminalBackend {
    public func copyToClipboard(_ text: String) {}
    public func terminationPending() -> Bool { false }
    public var graphics: GraphicsStatus { .cells }
}

/// What the backend reports.
public enum InputEvent: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// A watched descriptor is readable.
    case readable(Int32)
    /// SIGINT, SIGTERM, SIGHUP, or the terminal is gone.
    case terminate
}
