/// The answer to one poll, as the marketplace gives it (RFC 8628 §3.5). `.linked` carries the
/// new token, so this value belongs to the effect runner; the reducer sees `LinkProgress`.
public enum LinkPollResult: Sendable, Equatable {
    /// `authorization_pending`: ask again after the interval.
    case pending
    /// `slow_down`: asked too soon; the interval is now `interval` seconds.
    case slowDown(interval: Int)
    /// `access_denied`.
    case denied
    /// `expired_token`: the code lived out its ten minutes.
    case expired
    case linked(AccessToken)
}
