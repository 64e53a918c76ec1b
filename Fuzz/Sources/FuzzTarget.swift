import Foundation

/// One fuzz target: its name (also its corpus folder, Fuzz/corpus/<name>) and what it does with an input.
struct FuzzTarget: Sendable {
    let name: String
    /// Whether the target draws screens or rasters (and so needs the catalog and colour tables).
    var draws = false
    let run: @Sendable ([UInt8]) -> Void

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "catalog", draws: true, run: CatalogFuzz.run),
        FuzzTarget(name: "cart", draws: true, run: DocumentFuzz.cart),
        FuzzTarget(name: "accounts", draws: true, run: DocumentFuzz.accounts),
        FuzzTarget(name: "orders", draws: true, run: DocumentFuzz.orders),
        FuzzTarget(name: "social", draws: true, run: DocumentFuzz.social),
        FuzzTarget(name: "market-wire", run: DocumentFuzz.marketWire),
        FuzzTarget(name: "checkout-journal", run: DocumentFuzz.checkoutJournal),
        FuzzTarget(name: "demo-tour", run: DocumentFuzz.demoTour),
        FuzzTarget(name: "keys", run: KeyFuzz.run),
        FuzzTarget(name: "png", draws: true, run: MediaFuzz.png),
        FuzzTarget(name: "gif", draws: true, run: MediaFuzz.gif),
        FuzzTarget(name: "authorized-keys", run: SSHFuzz.authorizedKeys),
        FuzzTarget(name: "ssh-terminal", run: SSHFuzz.sessionTerminal),
        FuzzTarget(name: "proxy-header", run: SSHFuzz.proxyHeader),
        FuzzTarget(name: "terminal-replies", run: GraphicsFuzz.terminalReplies),
    ]
}

/// Stops the run when a property does not hold: libFuzzer saves the input as a crash.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("property failed: \(message())") }
}
