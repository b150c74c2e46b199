import QuireRender
import Testing

@testable import QuireTUI

/// A store stand-in that makes rows on demand and records what was asked.
final class SyntheticThreads: ThreadListSource {
    let threadCount: Int
    private(set) var requested: [Int] = []
    static let senders = [
        "Ann Lee", "張偉", "😀 Emoji Fan", "김민준", "Zoë Ångström", "a-very-long-sender-name-that-goes-on",
    ]
    static let subjects = [
        "Quarterly numbers, with a table", "会議の議事録と次回の予定について", "Party 🎉 on Friday? 🍕🍕🍕",
        "안녕하세요, 슬라이드 덱을 보내드립니다", "Re: form to fill in before the trip", "short",
    ]
    static let now: Int64 = 1_795_942_800  // 2026-11-29 09:00 UTC, a Sunday

    init(count: Int) {
        threadCount = count
    }

    func thread(at index: Int) -> ThreadRow? {
        requested.append(index)
        guard index < threadCount else { return nil }
        let kind = index % SyntheticThreads.senders.count
        let marks: [ThreadRow.Marks] = [[.attachment], [], [.marked, .form], [], [.draft], []]
        return ThreadRow(
            unread: index % 3 == 0,
            senderAlias: safe(SyntheticThreads.senders[kind]),
            subject: safe(SyntheticThreads.subjects[kind]),
            lastActivity: SyntheticThreads.now - Int64(index) * 40_000,
            messageCount: kind * 2 + 1,
            tags: kind == 0 ? [safe("#todo")] : kind == 4 ? [safe("#travel"), safe("#forms")] : [],
            marks: marks[kind])
    }
}

@Suite("Thread list pane")
struct ThreadListPaneTests {
    @Test("relative dates: time today, weekday this week, month and day this year, else the year")
    func dates() {
        let dates = RelativeDate(now: SyntheticThreads.now, utcOffset: 0)
        #expect(dates.format(SyntheticThreads.now - 60) == "08:59")
        #expect(dates.format(SyntheticThreads.now - 9 * 3_600) == "00:00")
        #expect(dates.format(SyntheticThreads.now - 9 * 3_600 - 1) == "Sat")
        #expect(dates.format(SyntheticThreads.now - 6 * 86_400) == "Mon")
        #expect(dates.format(SyntheticThreads.now - 7 * 86_400) == "Nov 22")
        #expect(dates.format(SyntheticThreads.now - 200 * 86_400) == "May 13")
        #expect(dates.format(SyntheticThreads.now - 400 * 86_400) == "2025")
        let tokyo = RelativeDate(now: SyntheticThreads.now, utcOffset: 9 * 3_600)
        #expect(tokyo.format(SyntheticThreads.now - 60) == "17:59")
        for offset in stride(from: Int64(0), to: 800 * 86_400, by: 13_000) {
            #expect(dates.format(SyntheticThreads.now - offset).count <= RelativeDate.width)
        }
    }

    @Test("every row is exactly as wide as the list, at many widths, with CJK and emoji")
    func rowWidths() {
        let source = SyntheticThreads(count: 6)
        let dates = RelativeDate(now: SyntheticThreads.now, utcOffset: 0)
        for width in 30...140 {
            for index in 0..<6 {
                let thread = source.thread(at: index)
                let line = thread.map { ThreadListPane.line(for: $0, width: width, dates: dates, ambiguousWide: false) }
                #expect(line?.width() == width, "width \(width) row \(index)")
            }
        }
    }

    @Test("100,000 threads: only the visible rows are read, at the top and at the end")
    func virtualised() throws {
        let grid = try makeGrid(rows: 40, columns: 120)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 1, column: 0, height: 37, width: 120), theme: .default)
        var pane = ThreadListPane(viewName: safe("All"))
        let dates = RelativeDate(now: SyntheticThreads.now, utcOffset: 0)
        let top = SyntheticThreads(count: 100_000)
        pane.draw(top, in: canvas, dates: dates)
        #expect(top.requested == Array(0..<37))
        let moved = pane.handle(.move(.last), rowCount: 100_000, height: 37)
        #expect(moved)
        let end = SyntheticThreads(count: 100_000)
        pane.draw(end, in: canvas, dates: dates)
        #expect(end.requested == Array(99_963..<100_000))
        #expect(pane.position(rowCount: 100_000).string == "All 100000/100000")
        let handled = pane.handle(.reply, rowCount: 100_000, height: 37)
        #expect(!handled)
    }

    @Test("mouse: a click selects the row under it, the wheel scrolls")
    func mouse() {
        var pane = ThreadListPane(viewName: safe("All"))
        let rect = Rect(row: 1, column: 0, height: 10, width: 80)
        pane.handle(MouseEvent(.press(button: 1), row: 4, column: 10), in: rect, rowCount: 50)
        #expect(pane.selection == 3)
        pane.handle(MouseEvent(.wheelDown, row: 4, column: 10), in: rect, rowCount: 50)
        #expect(pane.selection == 6)
        pane.handle(MouseEvent(.press(button: 1), row: 30, column: 10), in: rect, rowCount: 50)
        #expect(pane.selection == 6)
    }

    @Test("snapshots at 80x24 and 120x40", arguments: [(24, 80), (40, 120)])
    func snapshots(rows: Int, columns: Int) throws {
        let grid = try makeGrid(rows: rows, columns: columns)
        let layout = ScreenLayout(size: grid.size, split: .listOnly)
        var pane = ThreadListPane(viewName: safe("All"))
        let source = SyntheticThreads(count: 30)
        _ = pane.handle(.move(.down), rowCount: source.threadCount, height: layout.list.height)
        let theme = UITheme.default
        TopBar(tabs: ScreenSnapshotTests.tabs, current: 0).draw(
            in: Canvas(terminal: grid, rect: layout.topBar, theme: theme))
        pane.draw(
            source, in: Canvas(terminal: grid, rect: layout.list, theme: theme),
            dates: RelativeDate(now: SyntheticThreads.now, utcOffset: 0))
        StatusLine(mode: "list", right: pane.position(rowCount: source.threadCount))
            .draw(in: Canvas(terminal: grid, rect: layout.statusLine, theme: theme))
        for line in grid.textLines() { #expect(DisplayWidth.of(line) == columns) }
        try Snapshot.verify(grid, named: "thread-list-\(columns)x\(rows)")
    }
}
