import Foundation

/// Where LIVE flash deals stand at one moment, for this buyer: the single place that decides
/// whether a unit can be had at a deal price (the product sheet, add-to-cart and checkout all ask
/// it, and the demo marketplace asks it again when an order is placed).
///
/// Streams run on the wall clock, like a real broadcast that every viewer sees at the same point:
/// a stream's deals repeat every `LiveStream.dealCycleSeconds`, so a deal's countdown is the same
/// in every window and in the marketplace. Units go to other viewers at a steady pace while a deal
/// runs (`FlashDeal.claimedByOthers`), plus the units this buyer ordered.
public struct DealDesk: Sendable {
    public let catalog: Catalog
    /// Orders placed from this state directory (the buyer's own purchases).
    public let orders: [Order]
    public let date: Date

    public init(catalog: Catalog, orders: [Order], date: Date) {
        self.catalog = catalog
        self.orders = orders
        self.date = date
    }

    /// One deal of one stream, as it stands now.
    public struct Offer: Sendable, Equatable {
        public var id: String
        public var live: LiveStream
        public var deal: FlashDeal
        public var status: FlashDeal.Status
        /// When the current run of this deal's cycle began (orders before it do not count).
        public var cycleStart: Date
        /// Units this buyer ordered in this run of the deal.
        public var orderedByBuyer: Int
    }

    /// The id cart and order lines carry: "<live id>/<product id>".
    public static func dealID(live: LiveStream, deal: FlashDeal) -> String { "\(live.id)/\(deal.productID)" }

    /// The deal a stream features now: the running one, else the next to start, else the last.
    public func featured(in live: LiveStream) -> Offer? {
        let offers = live.deals.map { offer(live: live, deal: $0) }
        return offers.first { if case .active = $0.status { true } else { false } }
            ?? offers.first { if case .soldOut = $0.status { true } else { false } }
            ?? offers.first { if case .upcoming = $0.status { true } else { false } }
            ?? offers.first
    }

    /// A deal by the id cart lines carry.
    public func offer(id: String) -> Offer? {
        for live in catalog.lives {
            for deal in live.deals where DealDesk.dealID(live: live, deal: deal) == id { return offer(live: live, deal: deal) }
        }
        return nil
    }

    /// Why `quantity` more units cannot be had at the deal price, or nil when they can.
    /// `inCart` counts this deal's units already in the cart (they count toward the limit).
    public func refusal(dealID: String, quantity: Int, inCart: Int) -> String? {
        guard let offer = offer(id: dealID) else { return "That flash deal is not running." }
        let position = offer.live.dealCyclePosition(at: date)
        let sold = offer.deal.claimedByOthers(at: position) + offer.orderedByBuyer
        return offer.deal.refusal(quantity: quantity, at: position, sold: sold, boughtByThisBuyer: offer.orderedByBuyer + inCart)
    }

    /// The price a deal line is sold at now: the deal price while the deal honours all of its
    /// units, else nil (the product's regular price applies, and checkout asks to confirm it).
    public func unitPrice(for line: CartLine) -> Money? {
        guard let id = line.dealID, let offer = offer(id: id), offer.deal.productID == line.productID else { return nil }
        return refusal(dealID: id, quantity: line.quantity, inCart: 0) == nil ? offer.deal.dealPrice : nil
    }

    private func offer(live: LiveStream, deal: FlashDeal) -> Offer {
        let id = DealDesk.dealID(live: live, deal: deal)
        let position = live.dealCyclePosition(at: date)
        let cycleStart = date.addingTimeInterval(-position)
        let ordered = orders.filter { $0.placedAt >= cycleStart && $0.placedAt <= date }
            .flatMap(\.lines).filter { $0.dealID == id }.reduce(0) { $0 + $1.quantity }
        let status = deal.status(at: position, sold: deal.claimedByOthers(at: position) + ordered)
        return Offer(id: id, live: live, deal: deal, status: status, cycleStart: cycleStart, orderedByBuyer: ordered)
    }
}

extension LiveStream {
    /// How often the stream's deals come round: the end of its last deal (at least its chat loop).
    public var dealCycleSeconds: Double {
        max(Double(loopSeconds), deals.map { $0.startOffset + $0.duration }.max() ?? 0)
    }

    /// Seconds into the current deal cycle at `date`.
    public func dealCyclePosition(at date: Date) -> Double {
        let cycle = dealCycleSeconds
        let position = date.timeIntervalSince1970.truncatingRemainder(dividingBy: cycle)
        return position < 0 ? position + cycle : position
    }

    /// The chat at `date`: the scripted lines, and "just bought" lines for `orders` placed in the
    /// last loop, in the order they happened, newest last.
    public func chat(at date: Date, orders: [Order], catalog: Catalog, limit: Int) -> [ChatLine] {
        let elapsed = date.timeIntervalSince1970
        let scripted = chatLines(at: elapsed, limit: limit).map { line -> (Double, ChatLine) in
            // The wall time a scripted line appeared: this loop's start plus its offset, or the previous loop's.
            let loopStart = (elapsed / Double(loopSeconds)).rounded(.down) * Double(loopSeconds)
            let at = loopStart + line.at
            return (at <= elapsed ? at : at - Double(loopSeconds), line)
        }
        let since = elapsed - Double(loopSeconds)
        let bought = orders.filter { $0.placedAt.timeIntervalSince1970 > since && $0.placedAt <= date }.flatMap { order in
            order.lines.map { line -> (Double, ChatLine) in
                let buyer = order.shipTo.name.split(separator: " ").first.map(String.init) ?? "you"
                let title = catalog.product(line.productID)?.title ?? line.title
                return (
                    order.placedAt.timeIntervalSince1970,
                    ChatLine(at: 0, user: buyer.lowercased(), text: "just bought \(title) \u{1F6CD}", isPurchase: true)
                )
            }
        }
        return Array((scripted + bought).sorted { $0.0 < $1.0 }.map(\.1).suffix(limit))
    }
}
