import ShopCore

/// The demo tour's half of the reducer: the caption bar, and approving a link code the way the
/// phone would. The tour's keys need nothing here: they arrive as ordinary `.key` actions.
extension Reducer {
    static func demo(_ state: inout AppState, _ action: DemoAction) -> [Effect] {
        switch action {
        case .caption(let caption):
            state.demo = caption
            return []
        case .ended:
            state.demo = nil
            return []
        case .approvePendingLink:
            guard let authorization = pendingDemoApproval(state) else { return [] }
            return [.market(.approveOnThisDevice(authorization))]
        }
    }

    /// The link code on screen that has not been approved yet, if any.
    public static func pendingDemoApproval(_ state: AppState) -> DeviceAuthorization? {
        guard case .link(let screen) = state.top, !screen.approvedHere else { return nil }
        return screen.authorization
    }
}
