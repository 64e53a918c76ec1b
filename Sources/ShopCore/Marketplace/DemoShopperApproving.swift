/// A marketplace whose verification page can be answered by Reelshop itself, as the
/// marketplace's demo shopper: the storefront's `a` ("approve here"), `reelshop accounts
/// approve CODE` and the demo director. It goes through the same page a phone opens, so what
/// it proves is what a person would see; a real marketplace simply does not conform.
public protocol DemoShopperApproving: Sendable {
    /// Answers the verification page for `userCode`: approve or deny. Fails with `.invalidCode`
    /// when the marketplace does not know the code (wrong, used or expired).
    func answerAsDemoShopper(userCode: UserCode, approve: Bool) async throws(MarketplaceError)
}
