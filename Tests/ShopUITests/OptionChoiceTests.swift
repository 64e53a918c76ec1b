import Foundation
import ShopCore
import Testing
@testable import ShopUI

/// `a` / `b` on a post never pick a size or colour for the buyer (issue 11, "Trust"): a product
/// with more than one option asks first; a product with one variant is added at once, as before.
@Suite struct OptionChoiceTests {
    let colour = Theme(capability: .ansi256, unicode: true)

    private func sheet(_ state: AppState) -> ProductSheetState? {
        if case .product(let sheet) = state.top { return sheet }
        return nil
    }

    private func adds(_ effects: [Effect]) -> Bool {
        effects.contains {
            switch $0 {
            case .cart(.add), .cart(.addDeal): return true
            default: return false
            }
        }
    }

    @Test func addOnAPostWithSeveralOptionsAsksWhichAndAddsOnlyTheChosenOne() {
        var state = Fixtures.state()
        // The clip comes in Cream (sold out), Tortoise and Black.
        #expect(!adds(state.press("a")), "nothing is added before an option is chosen")
        #expect(sheet(state)?.productID == "clip", "the product sheet opens on its options")
        let asking = AppView.render(state, theme: colour, library: Fixtures.clips)
        #expect(asking.text.contains("Choose a colour"))
        #expect(!adds(state.press("a")), "a again still adds nothing")
        #expect(state.toast?.message == "Choose a colour first: ←/→ picks one.")
        state.send(.key(.right))  // the first colour in stock: Tortoise
        #expect(state.press("a") == [.cart(.add(productID: "clip", variantID: "tortoise", quantity: 1))])
        #expect(state.top == nil, "back on the post it was added from")
    }

    @Test func enterAddsTheChosenOptionWithTheQuantityPicked() {
        var state = Fixtures.state()
        state.press("a")
        state.send(.key(.right), .key(.right))  // Black
        state.press("++")
        #expect(state.send(.key(.enter)) == [.cart(.add(productID: "clip", variantID: "black", quantity: 3))])
    }

    @Test func noOptionIsHighlightedUntilOneIsChosen() {
        var state = Fixtures.state()
        state.press("a")
        let grid = AppView.render(state, theme: colour, library: Fixtures.clips)
        let row = grid.lines.firstIndex { $0.contains("Tortoise") && $0.contains("Black") }
        #expect(row != nil)
        if let row {
            let cells = (0..<grid.width).map { grid[$0, row].style }
            #expect(!cells.contains(colour.selection), "no option looks chosen:\n\(grid.lines[row])")
        }
        #expect(!grid.text.contains("Add to cart ·"), "no price-and-add button before a choice")
    }

    /// Without colour the chosen option is bracketed in place of its padding, so moving the
    /// choice never reflows the row (before, "[ Black · 10 (sold out) ]" pushed the last one off).
    @Test func withoutColourTheChosenOptionIsBracketedAndTheRowKeepsItsWidth() {
        let mono = Theme(capability: .monochrome, unicode: true)
        var state = Fixtures.state()
        state.press("a")
        let before = AppView.render(state, theme: mono, library: Fixtures.clips).lines.first { $0.contains("Tortoise") && $0.contains("Black") }
        state.send(.key(.right))
        let after = AppView.render(state, theme: mono, library: Fixtures.clips).lines.first { $0.contains("Tortoise") && $0.contains("Black") }
        #expect(after?.contains("[Tortoise]") == true, "\(after ?? "")")
        #expect(
            before?.range(of: "Black")?.lowerBound.utf16Offset(in: before ?? "") == after?.range(of: "Black")?.lowerBound.utf16Offset(in: after ?? ""),
            "Black stays where it was")
        #expect(after?.contains("Black") == true && after?.contains("…") == false)
    }

    @Test func buyOnAPostWithSeveralOptionsAsksThenChecksOutTheChosenOne() {
        var state = Fixtures.state()
        state.press("b")
        #expect(state.checkout == nil, "no checkout before an option is chosen")
        #expect(sheet(state)?.productID == "clip")
        state.send(.key(.right), .key(.right))  // Black
        state.send(.key(.enter))
        #expect(state.checkout?.plan.groups.first?.lines.first?.key == CartLineKey(productID: "clip", variantID: "black"))
        state.send(.key(.escape))
        #expect(state.top == nil, "leaving the checkout goes back to the post, not to the sheet")
    }

    @Test func addOnAPostWithOneVariantAddsAtOnce() {
        var state = Fixtures.state()
        state.press("j")  // the mug: one colour
        #expect(state.press("a") == [.cart(.add(productID: "mug", variantID: nil, quantity: 1))])
        #expect(state.top == nil)
        state.press("j")  // the headphones: one variant
        #expect(adds(state.press("a")))
    }

    @Test func aLiveDealOnAProductWithOptionsAsksThenAddsAtTheDealPrice() {
        var state = Fixtures.liveState()
        state.press("3")
        #expect(!adds(state.press("a")))
        #expect(sheet(state)?.productID == "clip")
        let sheetText = AppView.render(state, theme: colour, library: Fixtures.clips).text
        #expect(sheetText.contains("$8.99"), "the sheet shows the deal's price:\n\(sheetText)")
        state.send(.key(.right))
        #expect(
            state.press("a") == [
                .cart(.addDeal(dealID: "live-1/clip", variantID: "tortoise", quantity: 1, orders: state.market.orders, date: state.market.now))
            ])
        #expect(state.top == nil)
    }

    @Test func theOptionNamesThatDifferMakeThePrompt() {
        func product(_ variants: [[String: String]]) -> Product {
            var product = Fixtures.clip
            product.variants = variants.enumerated().map { Variant(id: "v\($0.offset)", options: $0.element, stock: 5) }
            return product
        }
        var state = Fixtures.state()
        let sneaker = product([["colour": "White", "size": "8"], ["colour": "White", "size": "9"], ["colour": "Black", "size": "9"]])
        let boot = product([["size": "US 8", "colour": "Brown"], ["size": "US 9", "colour": "Brown"]])
        let plain = product([[:], [:]])
        let catalog = Catalog(
            directory: Fixtures.catalog.directory, marketplaces: Fixtures.catalog.marketplaces,
            creators: Fixtures.catalog.creators, products: [sneaker], posts: Fixtures.catalog.posts)
        state = AppState(catalog: catalog, size: Size(width: 80, height: 24))
        state.press("a")
        #expect(AppView.render(state, theme: colour, library: Fixtures.clips).text.contains("Choose a colour and size"))
        for (product, prompt) in [(boot, "Choose a size"), (plain, "Choose an option")] {
            let catalog = Catalog(
                directory: Fixtures.catalog.directory, marketplaces: Fixtures.catalog.marketplaces,
                creators: Fixtures.catalog.creators, products: [product], posts: Fixtures.catalog.posts)
            var state = AppState(catalog: catalog, size: Size(width: 80, height: 24))
            state.press("a")
            #expect(AppView.render(state, theme: colour, library: Fixtures.clips).text.contains(prompt))
        }
    }
}
