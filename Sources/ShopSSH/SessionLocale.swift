/// The locale of a storefront started behind OpenSSH (`reelshop ssh-session`), decided the same
/// way as for `reelshop serve` (`SessionTerminal`): locale variables that are not locale names
/// are dropped, and without any locale the storefront gets `LANG=C.UTF-8`.
public enum SessionLocale {
    /// sshd's environment made into the storefront's, and the names of the variables dropped.
    public static func storefrontEnvironment(from environment: [String: String]) -> (environment: [String: String], dropped: [String]) {
        SessionTerminal.storefrontEnvironment(from: environment)
    }
}
