import QuireRender

/// The bottom line of a modal pane: its message when it has one, else a hint of its keys.
enum PaneHintLine {
    /// Draws on `row` of `canvas` over `role`'s colours; with neither message nor hint the row
    /// is only cleared.
    static func draw(_ message: StatusLine.Message?, hint: UIText?, row: Int, in canvas: Canvas, role: UIRole) {
        let base = canvas.theme.style(role)
        canvas.fill(row: row, style: base)
        let line: DisplayLine
        switch message {
        case .error(let text)?: line = DisplayLine([DisplaySpan(text, .error)])
        case .info(let text)?: line = DisplayLine([DisplaySpan(text, .notice)])
        case nil:
            guard let hint else { return }
            line = DisplayLine([DisplaySpan(hint, .statusLine)])
        }
        canvas.draw(
            Truncation.truncate(line, toWidth: canvas.width, ambiguousWide: canvas.ambiguousWide), row: row, base: base)
    }
}
