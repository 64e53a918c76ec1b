import Foundation
import Testing
@testable import ShopCore

/// The checkout claim's file name: one per idempotency key, safe and bounded for any key the
/// journal file might hold (it is a file on disk, and may have been edited by hand).
@Suite struct ClaimNameTests {
    @Test func aKeyOfOurOwnReadsInTheName() {
        let name = CheckoutJournalStore.claimName("reelshop-3F2A-riverstone")
        #expect(name.hasPrefix(".checkout-reelshop-3F2A-riverstone-") && name.hasSuffix(".claim"), "\(name)")
    }

    @Test func theHashIsFNV1a64AndStableAcrossProcesses() {
        // FNV-1a 64 test vectors: "" and "a".
        #expect(CheckoutJournalStore.claimName("") == ".checkout--cbf29ce484222325.claim")
        #expect(CheckoutJournalStore.claimName("a") == ".checkout-a-af63dc4c8601ec8c.claim")
    }

    @Test(arguments: ["../../etc/passwd", "a/b", "a\u{0}b", "é\u{202E}x", String(repeating: "k", count: 10_000), ".", ".."])
    func anyKeyGivesOneSafeShortName(key: String) {
        let name = CheckoutJournalStore.claimName(key)
        #expect(name.utf8.count <= 90, "\(name.utf8.count)")
        #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }, "\(name)")
        #expect(!name.contains("/") && name != "." && name != "..")
    }

    @Test func keysThatLookAlikeInTheReadablePartStayApart() {
        let long = String(repeating: "x", count: 48)
        let names = Set([long + "1", long + "2", "a/b", "ab", "a.b", "reelshop-1-river", "reelshop-1-river "].map(CheckoutJournalStore.claimName))
        #expect(names.count == 7)
    }
}
