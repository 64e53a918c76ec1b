import Foundation
import ShopCore

/// Order history: status per order and the selected order's tracking timeline.
enum OrdersScreen {
    /// `orders` oldest first, as the store keeps them (shown newest first); `loading`: a refresh
    /// is on its way.
    static func draw(_ grid: inout Grid, screen: OrdersScreenState, orders: [Order], loading: Bool, theme: Theme) {
        let g = theme.glyphs
        let orders = Array(orders.reversed())
        let fullHeight = orders.count * 2 + OrderTimeline.milestones.count + 4
        let area = Overlay.panel(&grid, maxWidth: 86, maxHeight: max(fullHeight, 8), theme: theme, title: "Orders \(g.separator) \(orders.count)")
        guard !orders.isEmpty else {
            let text = loading ? "Loading orders\(g.ellipsis)" : "No orders yet. Press b on a product to buy it now."
            grid.put(text, x: area.x + max(0, (area.width - TextWidth.of(text)) / 2), y: area.y + area.height / 2, style: theme.muted, maxWidth: area.width)
            return
        }
        let selection = min(max(screen.selection, 0), orders.count - 1)
        // The whole timeline when the list leaves room for it (one order: the demo's last frame),
        // else half the panel each.
        let timelineHeight = min(OrderTimeline.milestones.count + 1, max(area.height / 2, area.height - orders.count * 2 - 1))
        var rows: [PanelRow] = []
        var focus = 0
        for (index, order) in orders.enumerated() {
            let selected = index == selection
            if selected { focus = rows.count }
            rows.append(
                PanelRow(
                    [
                        (selected ? g.pointer + " " : "  ", theme.text), (order.marketplaceName, theme.accent.with(.bold)),
                        ("  \(order.id)", theme.muted),
                    ],
                    right: ("\(order.status.label)  \(order.total.formatted)", statusStyle(order.status, theme: theme)),
                    fill: selected ? theme.selection : nil))
            let items = order.lines.map { "\($0.title) \u{00D7} \($0.quantity)" }.joined(separator: ", ")
            let arrival = order.status == .delivered ? "Delivered" : Quote.arrivalLabel(order.deliveryEstimate)
            rows.append(PanelRow("\(arrival) \(g.separator) \(items)", theme.muted, indent: 4))
            // A click on either row shows that order's tracking, as j/k reaching it would.
            rows[rows.count - 2].command = .select(index)
            rows[rows.count - 1].command = .select(index)
        }
        PanelRows.draw(&grid, rows, in: Rect(x: area.x, y: area.y, width: area.width, height: area.height - timelineHeight), focus: focus, theme: theme)

        let order = orders[selection]
        var timeline = [PanelRow("Tracking \(order.id)", theme.strong)]
        for milestone in OrderTimeline.milestones {
            let event = order.timeline.first { $0.status == milestone.status }
            let mark = event == nil ? (g.isUnicode ? "○" : "o") : g.check
            let when = event.map { " \(g.separator) " + time($0.at) } ?? ""
            timeline.append(
                PanelRow(
                    [
                        (mark + " ", event == nil ? theme.muted : theme.success),
                        (milestone.status.label, event == nil ? theme.muted : theme.text), (when, theme.muted),
                    ], indent: 2))
        }
        PanelRows.draw(&grid, timeline, in: Rect(x: area.x, y: area.maxY - timelineHeight, width: area.width, height: timelineHeight), theme: theme)
    }

    private static func statusStyle(_ status: OrderStatus, theme: Theme) -> Style {
        status == .delivered ? theme.success : status == .placed ? theme.text : theme.accent
    }

    private static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MMM d, HH:mm:ss"
        return formatter.string(from: date)
    }
}
