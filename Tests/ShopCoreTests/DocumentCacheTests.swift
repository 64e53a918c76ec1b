import Foundation
import Testing
@testable import ShopCore

/// The store keeps the document it last read or wrote, by the file's stamp (issue 15: a change
/// of a 1,000-line cart decoded the file three times). What it hands back must always be what a
/// fresh read of the file gives.
@Suite struct DocumentCacheTests {
    private func store(_ temp: TemporaryDirectory, now: @escaping @Sendable () -> Date = { Date() }) throws -> CartStore {
        let state = StateDirectory(url: temp.appending("state"))
        try state.create()
        return CartStore(stateDirectory: state, catalog: try Catalog.load(from: bundledCatalogDirectory), now: now)
    }

    @Test(arguments: [0.0, 0.25, 0.5, 0.75, 0.999_999, 0.000_001])
    func aCartsStoredFormIsWhatItsFileDecodesTo(fraction: Double) throws {
        var cart = Cart.empty
        for (index, seconds) in [1_700_000_000.0, 1_800_000_123.0, 86_399.0].enumerated() {
            _ = cart.add(
                CartLineKey(productID: "p\(index)", variantID: "v"), quantity: index + 1,
                unitPrice: Money(minorUnits: 100 * (index + 1), currency: "USD"), at: Date(timeIntervalSince1970: seconds + fraction))
        }
        let data = try JSONDocumentStore<Cart>.encode(cart)
        guard case .success(let decoded) = JSONDocumentStore<Cart>.decode(data) else {
            Issue.record("the encoding does not decode")
            return
        }
        #expect(cart.storedForm(encoded: data) == decoded)
    }

    @Test func anotherProcessesWriteIsSeenAtOnce() throws {
        let temp = try TemporaryDirectory("doc-cache")
        defer { temp.remove() }
        let mine = try store(temp)
        let theirs = CartStore(stateDirectory: StateDirectory(url: temp.appending("state")), catalog: mine.catalog)
        _ = try mine.add(productID: "lip-oil")
        #expect(try mine.load().cart.lines.count == 1)
        _ = try theirs.add(productID: "claw-clip", variantID: "tortoise")
        #expect(try mine.load().cart.lines.count == 2, "their line is seen, not our cached cart")
        _ = try mine.remove(productID: "lip-oil")
        let fresh = CartStore(stateDirectory: StateDirectory(url: temp.appending("state")), catalog: mine.catalog)
        #expect(try fresh.load().cart.lines.map(\.productID) == ["claw-clip"], "a change builds on the file, not on a stale copy")
    }

    @Test func whatTheStoreHandsBackEqualsAFreshRead() throws {
        let temp = try TemporaryDirectory("doc-cache-fresh")
        defer { temp.remove() }
        let mine = try store(temp)
        let change = try mine.add(productID: "lip-oil", quantity: 3)
        let fresh = CartStore(stateDirectory: StateDirectory(url: temp.appending("state")), catalog: mine.catalog)
        #expect(change.cart == (try fresh.load().cart))
        #expect(try mine.load().cart == (try fresh.load().cart))
    }

    @Test func aFileReplacedByHandIsReadAgain() throws {
        let temp = try TemporaryDirectory("doc-cache-hand")
        defer { temp.remove() }
        let mine = try store(temp)
        _ = try mine.add(productID: "lip-oil")
        // Rewritten in place (same inode), as an editor might: the size and time differ.
        let url = mine.url
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"quantity\" : 1", with: "\"quantity\" : 7")
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        #expect(try mine.load().cart.lines.first?.quantity == 7)
    }
}
