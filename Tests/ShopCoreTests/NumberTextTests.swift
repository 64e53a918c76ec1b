import Testing
import ShopCore

@Suite struct NumberTextTests {
    @Test func groupsDigitsInThreesFromTheRight() {
        #expect(NumberText.grouped(0) == "0")
        #expect(NumberText.grouped(999) == "999")
        #expect(NumberText.grouped(1000) == "1,000")
        #expect(NumberText.grouped(1_234_567) == "1,234,567")
        #expect(NumberText.grouped(UInt.max) == "18,446,744,073,709,551,615")
    }

    @Test func negativeNumbersKeepTheirSignAndIntMinDoesNotTrap() {
        #expect(NumberText.grouped(-1204) == "-1,204")
        #expect(NumberText.grouped(Int.min) == "-9,223,372,036,854,775,808")
    }
}
