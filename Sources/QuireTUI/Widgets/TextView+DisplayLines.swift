import QuireRender

extension TextView {
    /// Draws lines of mixed chrome and rendered text (the reader, help), blanking the rest.
    func draw(_ lines: [DisplayLine], in canvas: Canvas, base: CellStyle = .plain) {
        for viewRow in 0..<canvas.height {
            canvas.fill(row: viewRow, style: base)
            let index = top + viewRow
            guard index < lines.count else { continue }
            let line = Truncation.truncate(lines[index], toWidth: canvas.width, ambiguousWide: canvas.ambiguousWide)
            canvas.draw(line, row: viewRow, base: base)
        }
    }
}
