import QuireRender

/// The bar of site tabs: every site's name stays visible, with its unread count and link
/// state; the current one is highlighted. When the tabs do not fit, each is cut to an equal
/// share of the width rather than dropping sites.
public struct TopBar: Sendable, Hashable {
    public var tabs: [SiteTab]
    public var current: Int

    public init(tabs: [SiteTab], current: Int) {
        self.tabs = tabs
        self.current = current
    }

    /// Draws the bar on row 0 of `canvas`.
    public func draw(in canvas: Canvas) {
        let base = canvas.theme.style(.topBar)
        canvas.fill(row: 0, style: base)
        guard !tabs.isEmpty else {
            canvas.draw(UIText(" quire: no sites yet, press : and type add-site"), row: 0, column: 0, role: .topBar)
            return
        }
        let rendered = tabs.enumerated().map { index, tab in line(for: tab, isCurrent: index == current) }
        let wide = canvas.ambiguousWide
        let natural = rendered.reduce(0) { $0 + $1.width(ambiguousWide: wide) }
        let share = natural <= canvas.width ? Int.max : max(1, canvas.width / rendered.count)
        var column = 0
        for (index, tabLine) in rendered.enumerated() where column < canvas.width {
            let fitted = share == Int.max ? tabLine : Truncation.truncate(tabLine, toWidth: share, ambiguousWide: wide)
            let style = index == current ? canvas.theme.style(.tabActive).layered(over: base) : base
            column += canvas.draw(fitted, row: 0, column: column, base: style)
        }
    }

    private func line(for tab: SiteTab, isCurrent: Bool) -> DisplayLine {
        var line = DisplayLine([DisplaySpan(UIText(" "), .topBar)])
        let marker: UIText
        let role: UIRole
        switch tab.link {
        case .online:
            marker = "●"
            role = .linkOnline
        case .connecting:
            marker = "◌"
            role = .linkConnecting
        case .offline:
            marker = "○"
            role = .linkOffline
        }
        line.append(DisplaySpan(marker, role))
        line.append(DisplaySpan(UIText(" "), .topBar))
        line.append(DisplaySpan(tab.name, isCurrent ? .tabActive : .topBar))
        if tab.unread > 0 {
            line.append(DisplaySpan(TerminalSafeText.formatted(" (\(tab.unread))"), isCurrent ? .tabActive : .topBar))
        }
        if case .offline(let reason) = tab.link, !reason.isEmpty {
            line.append(DisplaySpan(UIText(" offline: "), .linkOffline))
            line.append(DisplaySpan(reason, .linkOffline))
        } else if case .connecting = tab.link {
            line.append(DisplaySpan(UIText(" connecting"), .linkConnecting))
        }
        line.append(DisplaySpan(UIText(" "), .topBar))
        return line
    }
}
