/// One poll's outcome without the token (which `AccountLinker` has already stored).
public enum LinkProgress: Sendable, Equatable {
    case pending
    case slowDown(interval: Int)
    case denied
    case expired
    case linked(LinkedAccount)
    case failed(MarketplaceError)
}
