import QuireRender
import Testing

@testable import QuireTUI

@Suite("TableView")
struct TableViewTests {
    /// Rows of "r<row>c<column>" with a long first cell in row 3 and row 2 flagged; counts what
    /// is read.
    final class Cells: TableViewDataSource {
        let columnTitles: [TerminalSafeText]
        let numberOfRows: Int
        private(set) var rowsRead = Set<Int>()

        init(columns: Int, rows: Int) {
            columnTitles = (0..<columns).map { TerminalSafeText(sanitising: "col\($0)") }
            numberOfRows = rows
        }

        func cell(row: Int, column: Int) -> TerminalSafeText {
            rowsRead.insert(row)
            if row == 3, column == 0 { return TerminalSafeText(sanitising: String(repeating: "x", count: 100)) }
            return TerminalSafeText(sanitising: "r\(row)c\(column)")
        }

        func isFlagged(row: Int) -> Bool { row == 2 }
    }

    @Test("a header with the sort arrow, columns sized to their cells up to the cap, flagged rows in the error role")
    func drawsHeaderAndRows() throws {
        let grid = try makeGrid(rows: 8, columns: 60)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 8, width: 60), theme: .default)
        var table = TableView()
        table.sortColumn = 1
        table.sortDescending = true
        let cells = Cells(columns: 3, rows: 5)
        #expect(table.columnWidths(cells) == [TableView.maximumColumnWidth, 6, 6])
        table.draw(cells, in: canvas)
        let lines = grid.textLines()
        #expect(lines[0].hasPrefix("col0"))
        #expect(lines[0].contains("col1 ▼"))
        #expect(lines[1].hasPrefix("r0c0"))
        #expect(lines[4].hasPrefix(String(repeating: "x", count: TableView.maximumColumnWidth - 1) + "…"))
        let flagged = grid.cell(row: 3, column: 0).style
        let plain = grid.cell(row: 2, column: 0).style
        #expect(flagged != plain)
    }

    @Test("sideways scrolling drops columns on the left and stops at the last one")
    func scrollsSideways() throws {
        let grid = try makeGrid(rows: 6, columns: 40)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 6, width: 40), theme: .default)
        var table = TableView()
        let cells = Cells(columns: 4, rows: 3)
        table.scrollColumns(by: 2, columnCount: 4)
        table.draw(cells, in: canvas)
        #expect(grid.textLines()[0].hasPrefix("col2"))
        #expect(grid.textLines()[1].hasPrefix("r0c2"))
        table.scrollColumns(by: 10, columnCount: 4)
        table.draw(cells, in: canvas)
        #expect(grid.textLines()[0].hasPrefix("col3"))
    }

    @Test("the cursor's column is brought wholly into view by the widths of the columns before it")
    func revealsByWidth() {
        var table = TableView()
        let widths = [10, 28, 5, 25, 8]
        // Moves in order, each from where the one before left the table.
        let moves: [(column: Int, width: Int, first: Int, why: Comment)] = [
            (1, 40, 0, "10 + 1 + 28 + 1 cells fit exactly"),
            (2, 40, 1, "28 + 1 + 5 + 1 fit, 10 + 1 + 28 + 1 + 5 + 1 do not"),
            (3, 40, 2, "5 + 25 and their spaces fit"),
            (4, 40, 3, "5 + 25 + 8 and their spaces are 41 cells: one too many"),
            (3, 40, 3, "already whole: no scrolling"),
            (1, 20, 1, "wider than the view: it starts at the left edge"),
            (0, 40, 0, "back to the first column"),
        ]
        for move in moves {
            table.currentColumn = move.column
            table.revealCurrentColumn(widths: widths, width: move.width)
            #expect(table.firstColumn == move.first, move.why)
        }
    }

    @Test("with 10,000 rows only the sizing sample and the visible rows are read")
    func virtualised() throws {
        let grid = try makeGrid(rows: 24, columns: 80)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 24, width: 80), theme: .default)
        var table = TableView()
        let cells = Cells(columns: 3, rows: 10_000)
        table.list.move(.last, rowCount: 10_000, height: 23)
        table.draw(cells, in: canvas)
        #expect(cells.rowsRead.count <= TableView.sizingRows + 23)
        #expect(cells.rowsRead.contains(9_999))
    }
}
