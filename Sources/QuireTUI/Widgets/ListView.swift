/// Rows on demand: a list view asks only for the rows it shows.
public protocol ListViewDataSource {
    /// How many rows there are.
    var numberOfRows: Int { get }
    /// Row `index` for a list `width` columns wide. Called only for visible rows.
    func line(forRow index: Int, width: Int) -> DisplayLine
}

/// A virtualised list: a selection and a scroll offset over a data source, drawing only the
/// rows on screen, so a 100,000-row list costs what a screenful costs.
public struct ListView: Sendable, Hashable {
    /// The selected row.
    public private(set) var selection = 0
    /// The first row on screen.
    public private(set) var top = 0
    /// Rows kept visible above and below the selection when scrolling, if the view is tall
    /// enough.
    public var scrollMargin: Int

    public init(scrollMargin: Int = 0) {
        self.scrollMargin = max(0, scrollMargin)
    }

    /// Moves the selection and scrolls to keep it visible.
    public mutating func move(_ motion: Motion, rowCount: Int, height: Int) {
        select(motion.apply(to: selection, count: rowCount, page: height), rowCount: rowCount, height: height)
    }

    /// Selects row `index` (clamped) and scrolls to keep it visible.
    public mutating func select(_ index: Int, rowCount: Int, height: Int) {
        selection = rowCount == 0 ? 0 : min(max(0, index), rowCount - 1)
        scrollToSelection(rowCount: rowCount, height: height)
    }

    /// Keeps the selection valid and visible after rows changed or the view resized.
    public mutating func clamp(rowCount: Int, height: Int) {
        select(selection, rowCount: rowCount, height: height)
    }

    /// The row shown at a screen row of the view (for the mouse), if any.
    public func row(atViewRow viewRow: Int, rowCount: Int, height: Int) -> Int? {
        guard viewRow >= 0, viewRow < height, top + viewRow < rowCount else { return nil }
        return top + viewRow
    }

    /// Draws the visible rows, the selected one in `rowSelected`, and blanks the rest.
    public func draw(_ source: some ListViewDataSource, in canvas: Canvas) {
        let count = source.numberOfRows
        let rowStyle = canvas.theme.style(.row)
        let selectedStyle = canvas.theme.style(.rowSelected).layered(over: rowStyle)
        for viewRow in 0..<canvas.height {
            let index = top + viewRow
            guard index < count else {
                canvas.fill(row: viewRow, style: rowStyle)
                continue
            }
            let base = index == selection ? selectedStyle : rowStyle
            canvas.fill(row: viewRow, style: base)
            let line = Truncation.truncate(
                source.line(forRow: index, width: canvas.width), toWidth: canvas.width,
                ambiguousWide: canvas.ambiguousWide)
            canvas.draw(line, row: viewRow, base: base)
        }
    }

    private mutating func scrollToSelection(rowCount: Int, height: Int) {
        guard height > 0, rowCount > 0 else {
            top = 0
            return
        }
        let margin = min(scrollMargin, (height - 1) / 2)
        if selection - margin < top { top = selection - margin }
        if selection + margin >= top + height { top = selection + margin - height + 1 }
        top = min(max(0, top), max(0, rowCount - height))
    }
}
