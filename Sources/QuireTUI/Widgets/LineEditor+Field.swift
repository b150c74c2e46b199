import QuireRender

extension LineEditor {
    /// Draws the text as a form or header field: `width` columns from `column` on `row`,
    /// scrolled so the cursor shows; returns the cursor's column in `canvas`.
    @discardableResult
    func drawField(in canvas: Canvas, row: Int, column: Int, width: Int, style: CellStyle) -> Int {
        let room = max(1, width)
        let wide = canvas.ambiguousWide
        let (start, beforeCursor) = fieldScroll(width: room, ambiguousWide: wide)
        canvas.fill(row: row, column: column, count: width, style: style)
        let visible = DisplayWidth.truncate(
            TerminalSafeText(sanitising: String(characters[start...])), to: room, ambiguousWide: wide)
        canvas.draw(visible, row: row, column: column, style: style)
        return column + beforeCursor
    }

    /// The first character shown and the cursor's column within the field when the text is
    /// scrolled so the cursor (and a free column after it) fits in `width` columns.
    func fieldScroll(width: Int, ambiguousWide: Bool) -> (start: Int, cursorColumn: Int) {
        let widths = characters.map { DisplayWidth.of($0, ambiguousWide: ambiguousWide) }
        var start = 0
        var beforeCursor = widths[..<cursor].reduce(0, +)
        while beforeCursor + 1 > max(1, width), start < cursor {
            beforeCursor -= widths[start]
            start += 1
        }
        return (start, beforeCursor)
    }
}
