import QuireRender
import Testing

@testable import QuireTUI

@Suite("ListView")
struct ListViewTests {
    @Test("with 100,000 rows only the visible rows are asked for, wherever the list is scrolled")
    func virtualisation() throws {
        let grid = try makeGrid(rows: 24, columns: 80)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 1, column: 0, height: 20, width: 80), theme: .default)
        var list = ListView()
        let source = CountingSource(rows: 100_000)
        list.draw(source, in: canvas)
        #expect(source.requested == Array(0..<20))

        let last = CountingSource(rows: 100_000)
        list.move(.last, rowCount: 100_000, height: 20)
        list.draw(last, in: canvas)
        #expect(last.requested == Array(99_980..<100_000))
        #expect(list.selection == 99_999)
        #expect(grid.textLines()[20].hasPrefix("row 99999"))

        let middle = CountingSource(rows: 100_000)
        list.select(50_000, rowCount: 100_000, height: 20)
        list.draw(middle, in: canvas)
        #expect(middle.requested.count == 20)
        #expect(middle.requested.contains(50_000))
    }

    @Test("moves keep the selection on screen and inside the list")
    func moves() {
        var list = ListView()
        list.move(.down, rowCount: 100, height: 10)
        #expect(list.selection == 1 && list.top == 0)
        list.move(.pageDown, rowCount: 100, height: 10)
        #expect(list.selection == 11 && list.top == 2)
        list.move(.halfPageDown, rowCount: 100, height: 10)
        #expect(list.selection == 16 && list.top == 7)
        list.move(.first, rowCount: 100, height: 10)
        #expect(list.selection == 0 && list.top == 0)
        list.move(.up, rowCount: 100, height: 10)
        #expect(list.selection == 0)
        list.move(.last, rowCount: 100, height: 10)
        #expect(list.selection == 99 && list.top == 90)
        list.clamp(rowCount: 40, height: 10)
        #expect(list.selection == 39 && list.top == 30)
        list.clamp(rowCount: 0, height: 10)
        #expect(list.selection == 0 && list.top == 0)
    }

    @Test("a scroll margin keeps rows visible around the selection")
    func margin() {
        var list = ListView(scrollMargin: 2)
        for _ in 0..<8 { list.move(.down, rowCount: 100, height: 10) }
        #expect(list.selection == 8 && list.top == 1)
    }

    @Test("the selected row is drawn in the selection style across the full width; rows past the end are blank")
    func drawing() throws {
        let grid = try makeGrid(rows: 5, columns: 10)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 5, width: 10), theme: .default)
        var list = ListView()
        list.select(1, rowCount: 3, height: 5)
        list.draw(CountingSource(rows: 3), in: canvas)
        let selected = UITheme.default.style(.rowSelected)
        #expect(grid.cell(row: 1, column: 9).style.background == selected.background)
        #expect(grid.cell(row: 0, column: 9).style.background == nil)
        #expect(grid.textLines()[3] == String(repeating: " ", count: 10))
        #expect(list.row(atViewRow: 2, rowCount: 3, height: 5) == 2)
        #expect(list.row(atViewRow: 3, rowCount: 3, height: 5) == nil)
    }

    @Test("rows of CJK and emoji senders keep later columns aligned")
    func alignment() throws {
        let senders = ["alice", "張偉", "😀 emoji fan", "Zoë", "김민준"]
        let grid = try makeGrid(rows: 5, columns: 40)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 5, width: 40), theme: .default)
        let source = CountingSource(rows: senders.count) { index in
            DisplayLine([
                DisplaySpan(Truncation.fit(safe(senders[index]), width: 8), .rowUnread),
                DisplaySpan(safe(" | subject"), .row),
            ])
        }
        ListView().draw(source, in: canvas)
        for line in grid.textLines() {
            let bar = try #require(line.firstIndex(of: "|"))
            #expect(DisplayWidth.of(String(line[..<bar])) == 9)
        }
    }
}
