/// Why the storefront cannot take over this terminal; the message says what to do.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
