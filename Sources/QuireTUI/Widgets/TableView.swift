import QuireRender

/// Cells on demand: a table view asks only for the rows and columns it shows.
protocol TableViewDataSource {
    var columnTitles: [TerminalSafeText] { get }
    var numberOfRows: Int { get }
    /// The text of row `row`, column `column`.
    func cell(row: Int, column: Int) -> TerminalSafeText
    /// Whether row `row` is shown as flagged (a form answer that failed validation).
    func isFlagged(row: Int) -> Bool
}

/// A virtualised table: a header row, one selected row, and columns sized to what they hold (up to
/// ``maximumColumnWidth``), scrolled sideways a column at a time when they do not all fit. Like
/// ``ListView`` it draws only what is on screen, so 10,000 rows cost what a screenful costs.
struct TableView {
    static let maximumColumnWidth = 32
    /// Rows read to size the columns: the header and enough rows for a tall screen.
    static let sizingRows = 200

    var list = ListView(scrollMargin: 2)
    /// The first column on screen (columns left of it are scrolled away).
    private(set) var firstColumn = 0
    /// The column the rows are sorted by, and whether descending, for the header's arrow.
    var sortColumn: Int?
    var sortDescending = false
    /// The column the cursor is on, its title shown selected.
    var currentColumn: Int?

    /// Scrolls sideways by `step` columns, keeping at least one on screen.
    mutating func scrollColumns(by step: Int, columnCount: Int) {
        firstColumn = min(max(0, firstColumn + step), max(0, columnCount - 1))
    }

    /// Scrolls sideways as little as needed for the cursor's column (``currentColumn``) to be
    /// wholly in `width` cells, given each column's width: a wide column shows whole, not just
    /// its first cells. A column wider than the view starts at its left edge.
    mutating func revealCurrentColumn(widths: [Int], width: Int) {
        guard let current = currentColumn, widths.indices.contains(current) else { return }
        if current < firstColumn { firstColumn = current }
        // Each column takes its width and the space after it (a row cut short ends in "…").
        while firstColumn < current, widths[firstColumn...current].reduce(0, +) + (current - firstColumn + 1) > width {
            firstColumn += 1
        }
    }

    /// Column widths from the titles and the first rows, each between 3 and the maximum.
    func columnWidths(_ source: some TableViewDataSource) -> [Int] {
        let titles = source.columnTitles
        let sampled = min(source.numberOfRows, Self.sizingRows)
        return titles.indices.map { column in
            var width = DisplayWidth.of(titles[column].string) + 2
            for row in 0..<sampled {
                width = max(width, DisplayWidth.of(source.cell(row: row, column: column).string))
                if width >= Self.maximumColumnWidth { break }
            }
            return min(max(3, width), Self.maximumColumnWidth)
        }
    }

    /// Draws the header in the first row and the visible rows under it, the columns sized to what they hold.
    func draw(_ source: some TableViewDataSource, in canvas: Canvas) {
        draw(source, widths: columnWidths(source), in: canvas)
    }

    /// Draws the header in the first row and the visible rows under it, the columns `widths` wide.
    func draw(_ source: some TableViewDataSource, widths: [Int], in canvas: Canvas) {
        guard canvas.height > 0 else { return }
        let shown = Array(widths.indices.dropFirst(firstColumn))
        let header = shown.map { column -> DisplaySpan in
            var title = source.columnTitles[column]
            if column == sortColumn { title = title + (sortDescending ? UIText(" ▼") : UIText(" ▲")).safe }
            return DisplaySpan(
                Truncation.fit(title, width: widths[column]) + UIText(" ").safe,
                column == currentColumn ? .rowSelected : .header)
        }
        canvas.fill(row: 0, style: canvas.theme.style(.header))
        canvas.draw(
            Truncation.truncate(DisplayLine(header), toWidth: canvas.width, ambiguousWide: canvas.ambiguousWide),
            row: 0, base: canvas.theme.style(.header))
        let body = canvas.subcanvas(Rect(row: 1, column: 0, height: canvas.height - 1, width: canvas.width))
        list.draw(Rows(source: source, widths: widths, shown: shown), in: body)
    }

    /// The rows of the source as list lines, cut into the columns on screen.
    private struct Rows<Source: TableViewDataSource>: ListViewDataSource {
        let source: Source
        let widths: [Int]
        let shown: [Int]

        var numberOfRows: Int { source.numberOfRows }

        func line(forRow index: Int, width: Int) -> DisplayLine {
            let role: UIRole = source.isFlagged(row: index) ? .error : .row
            return DisplayLine(
                shown.map { column in
                    DisplaySpan(
                        Truncation.fit(source.cell(row: index, column: column), width: widths[column])
                            + UIText(" ").safe, role)
                })
        }
    }
}
