import QuireRender
import Testing

@testable import QuireTUI

/// Whole screens drawn from the foundation widgets, checked against snapshot files.
@Suite("Screen snapshots")
struct ScreenSnapshotTests {
    struct Thread {
        var unread: Bool
        var sender: String
        var subject: String
        var date: String
        var count: Int
        var tags: String
    }

    static let threads = [
        Thread(
            unread: true, sender: "Ann Lee", subject: "Quarterly numbers, with a table", date: "10:42", count: 3,
            tags: "#todo"),
        Thread(unread: false, sender: "張偉", subject: "会議の議事録と次回の予定について", date: "09:15", count: 12, tags: ""),
        Thread(
            unread: true, sender: "😀 Emoji Fan", subject: "Party 🎉 on Friday? 🍕🍕🍕", date: "Mon", count: 1, tags: "#fun"),
        Thread(unread: false, sender: "김민준", subject: "안녕하세요, 슬라이드 덱을 보내드립니다", date: "Sun", count: 2, tags: ""),
        Thread(
            unread: false, sender: "Zoë Ångström", subject: "Re: form to fill in before the trip", date: "Nov 20",
            count: 5, tags: "#travel"),
        Thread(
            unread: false, sender: "a-very-long-sender-name-that-goes-on", subject: "short", date: "Nov 2", count: 1,
            tags: ""),
    ]

    struct Rows: ListViewDataSource {
        var numberOfRows: Int { ScreenSnapshotTests.threads.count }

        func line(forRow index: Int, width: Int) -> DisplayLine {
            let thread = ScreenSnapshotTests.threads[index]
            let senderWidth = width >= 100 ? 20 : 14
            let main: UIRole = thread.unread ? .rowUnread : .row
            var line = DisplayLine([
                DisplaySpan(thread.unread ? UIText("●") : UIText(" "), main),
                DisplaySpan(UIText(" "), .row),
                DisplaySpan(Truncation.fit(safe(thread.sender), width: senderWidth), main),
                DisplaySpan(UIText(" "), .row),
            ])
            let tail = safe(" \(thread.count) \(thread.date)")
            let tags = thread.tags.isEmpty ? TerminalSafeText.empty : safe(" " + thread.tags)
            let subjectWidth = max(0, width - senderWidth - 3 - DisplayWidth.of(tail) - DisplayWidth.of(tags))
            line.append(DisplaySpan(Truncation.fit(safe(thread.subject), width: subjectWidth), main))
            line.append(DisplaySpan(tags, .tag))
            line.append(DisplaySpan(tail, .rowDetail))
            return line
        }
    }

    static let message: [StyledLine] = [
        StyledLine([StyledSpan(safe("Quarterly numbers"), style: Style(.heading(1)))]),
        StyledLine(),
        StyledLine([
            StyledSpan(safe("Revenue is "), style: Style(.plain)), StyledSpan(safe("up"), style: Style(.strong)),
            StyledSpan(safe(" again; see "), style: Style(.plain)), StyledSpan(safe("the chart"), style: Style(.link)),
            StyledSpan(safe("[1]"), style: Style(.linkRef)),
        ]),
        StyledLine([StyledSpan(safe("┌────────┬───────┐"), style: Style(.tableBorder))]),
        StyledLine([
            StyledSpan(safe("│ "), style: Style(.tableBorder)), StyledSpan(safe("区域    "), style: Style(.tableHeader)),
            StyledSpan(safe(" │ "), style: Style(.tableBorder)), StyledSpan(safe("Total"), style: Style(.tableHeader)),
            StyledSpan(safe(" │"), style: Style(.tableBorder)),
        ]),
        StyledLine([StyledSpan(safe("└────────┴───────┘"), style: Style(.tableBorder))]),
        StyledLine([StyledSpan(safe("> quoted reply 日本語"), style: Style(.quote))]),
        StyledLine([StyledSpan(safe("#todo"), style: Style(.hashtag))]),
    ]

    static let tabs = [
        SiteTab(name: safe("home.example"), unread: 3, link: .online),
        SiteTab(name: safe("work"), unread: 0, link: .connecting),
        SiteTab(name: safe("旅行クラブ"), unread: 12, link: .offline(reason: safe("no route"))),
    ]

    /// Draws a main screen the way the app will: bars, list, divider, reader, status, prompt.
    static func drawScreen(on grid: GridTerminal, theme: UITheme, prompt: LineEditor? = nil) {
        let layout = ScreenLayout(size: grid.size, split: .automatic(for: grid.size))
        grid.clear()
        let canvas = { (rect: Rect) in Canvas(terminal: grid, rect: rect, theme: theme) }
        TopBar(tabs: tabs, current: 0).draw(in: canvas(layout.topBar))
        var list = ListView()
        list.select(2, rowCount: threads.count, height: layout.list.height)
        list.draw(Rows(), in: canvas(layout.list))
        let divider = canvas(layout.divider)
        let dividerStyle = theme.style(.divider)
        if layout.divider.width == 1 {
            for row in 0..<divider.height { divider.draw(UIText("│"), row: row, column: 0, role: .divider) }
        } else {
            divider.fill(row: 0, style: dividerStyle)
            divider.draw(
                Truncation.fit(safe(String(repeating: "─", count: divider.width)), width: divider.width), row: 0,
                column: 0, style: dividerStyle)
        }
        TextView().draw(message, in: canvas(layout.reader))
        StatusLine(
            mode: "list", message: .info(safe("3 new threads")), pendingKeys: [.character("g")], outboxCount: 1,
            right: safe("3/6")
        ).draw(in: canvas(layout.statusLine))
        let commandLine = canvas(layout.commandLine)
        if let prompt {
            grid.setCursor(prompt.draw(prompt: ":", in: commandLine))
        } else {
            commandLine.fill(row: 0, style: theme.style(.commandLine))
            grid.setCursor(nil)
        }
        grid.flush()
    }

    @Test("main screen at 80x24 (stacked) and 120x40 (side by side)", arguments: [(24, 80), (40, 120)])
    func mainScreen(rows: Int, columns: Int) throws {
        let grid = try makeGrid(rows: rows, columns: columns)
        var prompt = LineEditor()
        prompt.insert("tag 旅行")
        ScreenSnapshotTests.drawScreen(on: grid, theme: .default, prompt: prompt)
        for line in grid.textLines() { #expect(DisplayWidth.of(line) == columns) }
        try Snapshot.verify(grid, named: "main-\(columns)x\(rows)")
    }

    @Test("mono theme on a terminal without colour")
    func monoScreen() throws {
        let grid = try makeGrid(rows: 24, columns: 80, capability: .none)
        let theme = try #require(UITheme.builtIn(named: "default")).lowered(to: .none)
        ScreenSnapshotTests.drawScreen(on: grid, theme: theme)
        try Snapshot.verify(grid, named: "main-80x24-nocolour")
    }

    @Test("a resize redraws the whole screen at the new size with nothing left over")
    func resize() throws {
        let grid = try makeGrid(rows: 40, columns: 120)
        ScreenSnapshotTests.drawScreen(on: grid, theme: .default)
        grid.resize(to: TerminalSize(rows: 24, columns: 80))
        guard case .resize(let size)? = grid.nextEvent(timeoutMilliseconds: 0) else {
            Issue.record("no resize event")
            return
        }
        #expect(size == TerminalSize(rows: 24, columns: 80))
        ScreenSnapshotTests.drawScreen(on: grid, theme: .default)
        let fresh = try makeGrid(rows: 24, columns: 80)
        ScreenSnapshotTests.drawScreen(on: fresh, theme: .default)
        #expect(grid.snapshot() == fresh.snapshot())

        for (rows, columns) in [(1, 80), (2, 10), (3, 20), (5, 5), (10, 40), (30, 200)] {
            grid.resize(to: TerminalSize(rows: rows, columns: columns))
            ScreenSnapshotTests.drawScreen(on: grid, theme: .default)
            #expect(grid.textLines().count == rows)
            for line in grid.textLines() { #expect(DisplayWidth.of(line) == columns) }
        }
    }

    @Test("layout: bars on top and bottom, split by width, tiny terminals keep the command line")
    func layout() {
        let wide = ScreenLayout(
            size: TerminalSize(rows: 40, columns: 120), split: .automatic(for: TerminalSize(rows: 40, columns: 120)))
        #expect(wide.topBar == Rect(row: 0, column: 0, height: 1, width: 120))
        #expect(wide.list == Rect(row: 1, column: 0, height: 37, width: 54))
        #expect(wide.divider == Rect(row: 1, column: 54, height: 37, width: 1))
        #expect(wide.reader == Rect(row: 1, column: 55, height: 37, width: 65))
        #expect(wide.statusLine == Rect(row: 38, column: 0, height: 1, width: 120))
        #expect(wide.commandLine == Rect(row: 39, column: 0, height: 1, width: 120))
        let narrow = ScreenLayout(
            size: TerminalSize(rows: 24, columns: 80), split: .automatic(for: TerminalSize(rows: 24, columns: 80)))
        #expect(narrow.list == Rect(row: 1, column: 0, height: 8, width: 80))
        #expect(narrow.divider == Rect(row: 9, column: 0, height: 1, width: 80))
        #expect(narrow.reader == Rect(row: 10, column: 0, height: 12, width: 80))
        let tiny = ScreenLayout(size: TerminalSize(rows: 1, columns: 80), split: .listOnly)
        #expect(tiny.commandLine == Rect(row: 0, column: 0, height: 1, width: 80))
        #expect(tiny.list.isEmpty && tiny.topBar.isEmpty && tiny.statusLine.isEmpty)
    }
}
