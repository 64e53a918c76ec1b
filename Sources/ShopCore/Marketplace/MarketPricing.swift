import Foundation

/// How a marketplace prices an order: catalog prices (or a running flash deal's), vouchers
/// (REEL10, FREESHIP), the persona's tax, shipping and membership, and a delivery estimate on the
/// demo's fast clock. Pure, so the reference server (ShopMarketServer) and any in-process
/// marketplace charge exactly the same; stock is the caller's business (the server keeps it in
/// its database).
public enum MarketPricing {
    /// Prices `lines` at `marketplace`. `dealPrice` answers (by the line's index) the deal price for a line that names a
    /// deal, or nil when the deal does not honour it now (the regular price applies).
    public static func price(
        _ lines: [OrderLine], shipTo: ShippingAddress, voucherCode: String?, at date: Date,
        marketplace: Marketplace, catalog: Catalog, persona: DemoPersona, speed: Double,
        dealPrice: (_ index: Int, OrderLine, Product, Variant) -> Money? = { _, _, _, _ in nil }
    ) throws(MarketplaceError) -> Quote {
        let name = marketplace.name
        guard !lines.isEmpty else { throw MarketplaceError(.invalidRequest, "There is nothing to order from \(name).") }
        var priced: [OrderLine] = []
        for (index, line) in lines.enumerated() {
            guard let product = catalog.product(line.productID), product.marketplaceID == marketplace.id else {
                throw MarketplaceError(.unknownProduct, "\(name) does not sell \"\(line.title)\".")
            }
            guard let variant = product.variant(line.variantID) else {
                throw MarketplaceError(.unknownProduct, "\"\(product.title)\" has no option \"\(line.variantLabel)\" any more.")
            }
            guard Cart.quantityRange.contains(line.quantity) else {
                throw MarketplaceError(.invalidRequest, "A quantity must be from 1 to 99; \"\(product.title)\" asks for \(line.quantity).")
            }
            let deal = line.dealID == nil ? nil : dealPrice(index, line, product, variant)
            priced.append(
                OrderLine(
                    productID: product.id, variantID: variant.id, title: product.title, variantLabel: variant.label,
                    quantity: line.quantity, unitPrice: deal ?? product.price, dealID: line.dealID))
        }
        // Checked before any sum: `Money.+` traps on mixed currencies.
        let currency = priced[0].unitPrice.currency
        guard priced.allSatisfy({ $0.unitPrice.currency == currency }) else {
            throw MarketplaceError(.invalidRequest, "\(name) cannot charge several currencies in one order; order the lines separately.")
        }
        let subtotal = priced.reduce(Money.zero(currency)) { $0 + $1.total }
        var discount = Money.zero(currency)
        var freeShipping = persona.membership?.freeShipping ?? false
        var voucher: AppliedVoucher?
        if let raw = voucherCode?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            switch raw.uppercased() {
            case "REEL10":
                discount = Money(minorUnits: percent(subtotal.minorUnits, basisPoints: 1000), currency: currency)
                voucher = AppliedVoucher(code: "REEL10", summary: "10% off the items")
            case "FREESHIP":
                freeShipping = true
                voucher = AppliedVoucher(code: "FREESHIP", summary: "Free shipping")
            default:
                throw MarketplaceError(.voucherRejected, "\(name) does not accept the voucher \"\(raw.prefix(40))\"; check the code or leave it empty.")
            }
        }
        let items = subtotal - discount
        let shipping =
            freeShipping || items.minorUnits >= persona.freeShippingThreshold
            ? Money.zero(currency) : Money(minorUnits: persona.shippingFee, currency: currency)
        let tax = Money(minorUnits: percent(items.minorUnits, basisPoints: persona.taxBasisPoints), currency: currency)
        let days = persona.membership.map { min($0.deliveryDays, marketplace.deliveryDays) } ?? marketplace.deliveryDays
        // Orders move `speed` times faster than the clock, so the arrival is that much sooner.
        let speed = speed > 0 && speed.isFinite ? speed : 1
        let delivery = Double(max(days, 1)) * 86_400 / speed
        return Quote(
            marketplaceID: marketplace.id, lines: priced, shipTo: shipTo, subtotal: subtotal, discount: discount, shipping: shipping,
            tax: tax, total: items + shipping + tax, deliveryEstimate: date.addingTimeInterval(delivery), voucher: voucher)
    }

    /// `amount × basisPoints / 10000`, rounded half up, in integers.
    public static func percent(_ amount: Int, basisPoints: Int) -> Int {
        (amount * basisPoints + 5_000) / 10_000
    }
}
