import QuireRender

/// A table's scroll position, kept in a reference so a pane's drawing (which cannot mutate the
/// pane) keeps it steady: the rows scroll with the cursor instead of jumping back each frame.
final class TableScroll {
    var view = TableView()
    /// The rows the table showed when last drawn, for page-sized moves.
    var height = 20

    /// The commands every table pane takes alike (moving, sideways scrolling, closing); nil for the
    /// rest, which the pane decides.
    func handle(_ command: Command, rowCount: Int, columnCount: Int) -> PaneOutcome? {
        switch command {
        case .move(let motion):
            view.list.move(motion, rowCount: rowCount, height: height)
            return .handled
        case .moveColumn(let step):
            view.scrollColumns(by: step, columnCount: columnCount)
            return .handled
        case .close, .edit(.cancel):
            return .close
        default:
            return nil
        }
    }

    /// Draws a pane of one table: `summary` on a header line, the table under it, and `empty`
    /// in place of rows when there are none.
    func drawPane(summary: TerminalSafeText, _ source: some TableViewDataSource, empty: UIText, in canvas: Canvas) {
        canvas.clear(style: canvas.theme.style(.row))
        guard canvas.height > 1, canvas.width > 0 else { return }
        canvas.fill(row: 0, style: canvas.theme.style(.header))
        canvas.draw(summary, row: 0, column: 0, style: canvas.theme.style(.header))
        let area = canvas.subcanvas(Rect(row: 1, column: 0, height: canvas.height - 1, width: canvas.width))
        height = max(1, area.height - 1)
        view.list.clamp(rowCount: source.numberOfRows, height: height)
        let widths = view.columnWidths(source)
        view.revealCurrentColumn(widths: widths, width: area.width)
        view.draw(source, widths: widths, in: area)
        if source.numberOfRows == 0, area.height > 1 {
            area.draw(empty.safe, row: 1, column: 0, style: canvas.theme.style(.rowDetail))
        }
    }
}
