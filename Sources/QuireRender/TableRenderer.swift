/// Draws GFM tables with box-drawing borders, fitting the columns to the width.
///
/// Columns keep their natural width when the table fits; otherwise the widest columns give up
/// space first (water-filling), and cells wrap. A table too wide for even three columns of
/// text per column is shown as records: one `header: value` line per cell.
struct TableRenderer {
    let context: RenderContext

    private var glyphs: Glyphs { context.glyphs }
    private var ambiguousWide: Bool { context.options.ambiguousWide }

    /// Columns drawn; later ones are left out (no terminal shows hundreds of columns).
    static let maximumColumns = 64

    private struct Row {
        var cells: [[StyledSpan]]
        var isHeader: Bool
    }

    func render(_ table: MarkdownNode, alignments: [MarkdownNode.TableAlignment], width: Int) -> [StyledLine] {
        let inline = InlineRenderer(context: context)
        let rows = table.children.map { row in
            var isHeader = false
            if case .tableRow(let header) = row.kind { isHeader = header }
            let base = Style(isHeader ? .tableHeader : .plain, attributes: isHeader ? .bold : [])
            if case .flattened = row.kind { return Row(cells: [inline.render([row])], isHeader: false) }
            return Row(cells: row.children.map { inline.render($0.children, base: base) }, isHeader: isHeader)
        }
        let columnCount = min(Self.maximumColumns, max(alignments.count, rows.map(\.cells.count).max() ?? 0))
        guard columnCount > 0 else { return [] }
        let available = width - 3 * columnCount - 1
        guard available >= 3 * columnCount else { return records(rows, columnCount: columnCount, width: width) }
        var natural = [Int](repeating: 1, count: columnCount)
        for row in rows {
            for (column, cell) in row.cells.enumerated() where column < columnCount {
                natural[column] = max(natural[column], min(available, naturalWidth(of: cell)))
            }
        }
        let widths = fit(natural, into: available)
        var lines: [StyledLine] = [border(widths, left: glyphs.topLeft, middle: glyphs.topTee, right: glyphs.topRight)]
        let wrappedRows = rows.map { row in
            (0..<columnCount).map { column -> [StyledLine] in
                let cell = column < row.cells.count ? row.cells[column] : []
                return LineWrapper(width: widths[column], ambiguousWide: ambiguousWide).wrap(cell)
            }
        }
        let separateBodyRows = zip(rows, wrappedRows).contains { !$0.isHeader && $1.contains { $0.count > 1 } }
        for (index, (row, cells)) in zip(rows, wrappedRows).enumerated() {
            let height = max(1, cells.map(\.count).max() ?? 1)
            for lineIndex in 0..<height {
                var spans = [StyledSpan(glyph: glyphs.vertical, .tableBorder)]
                for column in 0..<columnCount {
                    let line = lineIndex < cells[column].count ? cells[column][lineIndex] : .blank
                    let alignment = column < alignments.count ? alignments[column] : .none
                    spans.append(StyledSpan(glyph: " ", .plain))
                    spans.append(contentsOf: padded(line, to: widths[column], alignment: alignment))
                    spans.append(StyledSpan(glyph: " ", .plain))
                    spans.append(StyledSpan(glyph: glyphs.vertical, .tableBorder))
                }
                lines.append(StyledLine(spans))
            }
            let isLast = index == rows.count - 1
            if row.isHeader && !isLast {
                lines.append(
                    border(
                        widths, left: glyphs.headerLeftTee, middle: glyphs.headerCross, right: glyphs.headerRightTee,
                        fill: glyphs.headerHorizontal
                    )
                )
            } else if separateBodyRows && !isLast {
                lines.append(border(widths, left: glyphs.leftTee, middle: glyphs.cross, right: glyphs.rightTee))
            }
        }
        lines.append(border(widths, left: glyphs.bottomLeft, middle: glyphs.bottomTee, right: glyphs.bottomRight))
        return lines
    }

    /// The widest line of the cell when nothing wraps.
    private func naturalWidth(of cell: [StyledSpan]) -> Int {
        var widest = 0
        var current = 0
        for span in cell {
            for (index, part) in span.text.string.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            {
                if index > 0 {
                    widest = max(widest, current)
                    current = 0
                }
                current += DisplayWidth.of(String(part), ambiguousWide: ambiguousWide)
            }
        }
        return max(widest, current)
    }

    /// Caps every column at the largest common limit that fits, then hands out what is left.
    private func fit(_ natural: [Int], into available: Int) -> [Int] {
        if natural.reduce(0, +) <= available { return natural }
        var low = 1
        var high = natural.max() ?? 1
        while low < high {
            let cap = (low + high + 1) / 2
            if natural.reduce(0, { $0 + min($1, cap) }) <= available { low = cap } else { high = cap - 1 }
        }
        var widths = natural.map { min($0, low) }
        var spare = available - widths.reduce(0, +)
        for column in widths.indices where spare > 0 && widths[column] < natural[column] {
            widths[column] += 1
            spare -= 1
        }
        return widths
    }

    private func padded(_ line: StyledLine, to width: Int, alignment: MarkdownNode.TableAlignment) -> [StyledSpan] {
        let room = max(0, width - line.width(ambiguousWide: ambiguousWide))
        let (left, right): (Int, Int)
        switch alignment {
        case .right: (left, right) = (room, 0)
        case .center: (left, right) = (room / 2, room - room / 2)
        case .left, .none: (left, right) = (0, room)
        }
        var spans: [StyledSpan] = []
        if left > 0 { spans.append(StyledSpan(glyph: String(repeated: " ", count: left), .plain)) }
        spans.append(contentsOf: line.spans)
        if right > 0 { spans.append(StyledSpan(glyph: String(repeated: " ", count: right), .plain)) }
        return spans
    }

    private func border(
        _ widths: [Int], left: String, middle: String, right: String, fill: String? = nil
    ) -> StyledLine {
        let segment = fill ?? glyphs.horizontal
        let text = left + widths.map { String(repeated: segment, count: $0 + 2) }.joined(separator: middle) + right
        return StyledLine([StyledSpan(glyph: text, .tableBorder)])
    }

    /// The narrow-view fallback: each body row as `header: value` lines under a rule.
    private func records(_ rows: [Row], columnCount: Int, width: Int) -> [StyledLine] {
        let headers = rows.first(where: \.isHeader)?.cells ?? []
        var lines: [StyledLine] = []
        for row in rows where !row.isHeader {
            lines.append(
                StyledLine([StyledSpan(glyph: String(repeated: glyphs.horizontal, count: width), .tableBorder)]))
            for (column, cell) in row.cells.prefix(columnCount).enumerated() {
                var spans: [StyledSpan] = []
                if column < headers.count {
                    spans = headers[column].map { span in
                        var span = span
                        span.style = Style(.tableHeader, attributes: .bold)
                        return span
                    }
                    spans.append(StyledSpan(glyph: ": ", .tableHeader))
                }
                spans.append(contentsOf: cell)
                lines.append(contentsOf: LineWrapper(width: width, ambiguousWide: ambiguousWide).wrap(spans))
            }
        }
        if !lines.isEmpty {
            lines.append(
                StyledLine([StyledSpan(glyph: String(repeated: glyphs.horizontal, count: width), .tableBorder)]))
        }
        return lines
    }
}
