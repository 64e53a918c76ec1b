import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fault injection for the exactly-once tests, and nothing else: with
/// `REELSHOP_DEBUG_KILL_AT=<point>` in its environment the process sends itself SIGKILL the
/// moment a checkout reaches that point, so a test can restart it and count the orders.
///
/// Read only by `fromEnvironment()`, which the executable calls once when it wires the
/// checkout; without the variable there is no switch and nothing is checked.
public struct DebugKillSwitch: Sendable {
    public static let environmentVariable = "REELSHOP_DEBUG_KILL_AT"

    /// The moments of placing an order, in the order they happen.
    public enum Point: String, CaseIterable, Sendable {
        /// The intents are in checkout-journal.json; the marketplace has not been asked.
        case intentWritten = "intent-written"
        /// The marketplace confirmed the order; orders.json does not have it yet.
        case marketplaceConfirmed = "marketplace-confirmed"
        /// orders.json has the order; the cart still has its lines.
        case ordersWritten = "orders-written"
        /// cart.json no longer has the lines; the intent is still in the journal.
        case cartWritten = "cart-written"
    }

    public let point: Point
    private let action: @Sendable () -> Void

    /// `action` defaults to SIGKILL of this process (tests of the wiring pass their own).
    public init(point: Point, action: @escaping @Sendable () -> Void = { _ = kill(getpid(), SIGKILL) }) {
        self.point = point
        self.action = action
    }

    /// The switch named by `REELSHOP_DEBUG_KILL_AT`: nil when unset; an unknown name is an error
    /// that lists the known ones.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(DebugKillSwitchError) -> DebugKillSwitch? {
        guard let name = environment[environmentVariable], !name.isEmpty else { return nil }
        guard let point = Point(rawValue: name) else { throw DebugKillSwitchError(name: name) }
        return DebugKillSwitch(point: point)
    }

    /// Called by the checkout at each point; acts only at the named one.
    func reached(_ point: Point) {
        if point == self.point { action() }
    }
}

public struct DebugKillSwitchError: Error, CustomStringConvertible, Sendable {
    public var name: String
    public var description: String {
        "\(DebugKillSwitch.environmentVariable)=\(name) is not a kill point; use one of "
            + DebugKillSwitch.Point.allCases.map(\.rawValue).joined(separator: ", ") + "."
    }
}
