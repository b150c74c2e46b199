import QuireCore
import QuireRender

extension FormPane {
    public func draw(in canvas: Canvas) {
        let rowStyle = canvas.theme.style(.row)
        canvas.clear(style: rowStyle)
        guard canvas.height > 0, canvas.width > 0 else { return }
        let wide = canvas.ambiguousWide
        let header = DisplayLine([
            DisplaySpan(UIText(" Form  "), .header),
            DisplaySpan(TerminalSafeText(sanitising: formName), .header, attributes: .bold),
            DisplaySpan(
                TerminalSafeText(sanitising: "   field \(current + 1) of \(spec.fields.count)"), .header),
            DisplaySpan(UIText(" · the answers go in a reply"), .header),
        ])
        canvas.fill(row: 0, style: canvas.theme.style(.header))
        canvas.draw(Truncation.truncate(header, toWidth: canvas.width, ambiguousWide: wide), row: 0)
        let layout = fieldLayout(in: canvas)
        for (viewRow, index) in layout.visible.enumerated() {
            drawField(index, row: layout.firstRow + viewRow, labelWidth: layout.labelWidth, in: canvas)
        }
        if canvas.height >= 4 { drawHint(row: canvas.height - 2, in: canvas) }
        if canvas.height >= 2 { drawBottomLine(row: canvas.height - 1, in: canvas) }
    }

    public func cursor(in canvas: Canvas) -> CursorPosition? {
        guard spec.fields.indices.contains(current) else { return nil }
        let field = spec.fields[current]
        switch field.kind {
        case .checkbox, .choice: return nil
        default: break
        }
        let layout = fieldLayout(in: canvas)
        guard let viewRow = layout.visible.firstIndex(of: current) else { return nil }
        let column = layout.labelWidth + 4
        let scroll = editors[current].fieldScroll(
            width: max(1, canvas.width - column), ambiguousWide: canvas.ambiguousWide)
        return canvas.cursor(row: layout.firstRow + viewRow, column: column + scroll.cursorColumn)
    }

    /// Which fields are on screen, from which row, with labels how wide.
    func fieldLayout(in canvas: Canvas) -> (firstRow: Int, visible: Range<Int>, labelWidth: Int) {
        let firstRow = min(2, canvas.height)
        let room = max(0, canvas.height - firstRow - 3)
        let count = spec.fields.count
        let top = max(0, min(current - room + 2, count - room))
        let widest = spec.fields.map { DisplayWidth.of(TerminalSafeText(sanitising: $0.label)) + 1 }.max() ?? 0
        let labelWidth = max(6, min(widest, canvas.width / 3))
        return (firstRow, top..<min(count, top + room), labelWidth)
    }

    private func drawField(_ index: Int, row: Int, labelWidth: Int, in canvas: Canvas) {
        let field = spec.fields[index]
        let wide = canvas.ambiguousWide
        let isCurrent = index == current
        let labelRole: UIRole = problems[field.model] != nil ? .error : isCurrent ? .rowSelected : .header
        canvas.draw(isCurrent ? UIText(" › ") : UIText("   "), row: row, column: 0, role: .mark)
        let label = TerminalSafeText(sanitising: field.label) + (field.required ? UIText("*").safe : .empty)
        canvas.draw(
            Truncation.fit(label, width: labelWidth, ambiguousWide: wide), row: row, column: 3,
            style: canvas.theme.style(labelRole))
        let column = labelWidth + 4
        let width = max(0, canvas.width - column)
        var valueWidth = 0
        switch field.kind {
        case .checkbox:
            valueWidth = canvas.draw(
                checks[index] ? UIText("[x] yes") : UIText("[ ] no"), row: row, column: column, role: .row)
        case .choice(let options):
            if let choice = choices[index] {
                valueWidth = canvas.draw(
                    Truncation.truncate(
                        TerminalSafeText(sanitising: "‹ \(options[choice]) ›"), toWidth: width, ambiguousWide: wide),
                    row: row, column: column, style: canvas.theme.style(.row))
            } else {
                valueWidth = canvas.draw(UIText("‹ choose ›"), row: row, column: column, role: .rowDetail)
            }
        default:
            if isCurrent {
                let style = canvas.theme.style(.commandLine)
                editors[index].drawField(
                    in: canvas, row: row, column: column, width: min(width, max(20, width / 2)), style: style)
                valueWidth = min(width, max(20, width / 2))
            } else {
                let text = TerminalSafeText(sanitising: editors[index].text)
                valueWidth = canvas.draw(
                    Truncation.truncate(text, toWidth: width, ambiguousWide: wide), row: row, column: column,
                    style: canvas.theme.style(.row))
            }
        }
        if let problem = problems[field.model] {
            canvas.draw(
                TerminalSafeText(sanitising: "  ← " + problem), row: row, column: column + valueWidth,
                style: canvas.theme.style(.error))
        }
    }

    private func drawHint(row: Int, in canvas: Canvas) {
        guard spec.fields.indices.contains(current) else { return }
        let field = spec.fields[current]
        var line = DisplayLine()
        switch field.kind {
        case .choice(let options):
            for (number, option) in options.enumerated() {
                let role: UIRole = choices[current] == number ? .completionSelected : .completion
                line.append(DisplaySpan(TerminalSafeText(sanitising: " \(number + 1) \(option) "), role))
                line.append(DisplaySpan(UIText(" "), .row))
            }
        case .checkbox:
            line.append(DisplaySpan(UIText(" Space toggles · y yes · n no"), .rowDetail))
        case .number(let minimum, let maximum):
            var text = " a number"
            if let minimum { text += " from \(FormPane.format(minimum))" }
            if let maximum { text += " up to \(FormPane.format(maximum))" }
            line.append(DisplaySpan(TerminalSafeText(sanitising: text), .rowDetail))
        default:
            break
        }
        if let hint = field.hint, !hint.isEmpty {
            line.append(DisplaySpan(TerminalSafeText(sanitising: "  " + AddressBookPane.oneLine(hint)), .rowDetail))
        }
        canvas.draw(Truncation.truncate(line, toWidth: canvas.width, ambiguousWide: canvas.ambiguousWide), row: row)
    }

    private func drawBottomLine(row: Int, in canvas: Canvas) {
        PaneHintLine.draw(
            message, hint: UIText("Enter next (on the last field: reply with it) · ↑/↓ move · Esc cancel"), row: row,
            in: canvas, role: .statusLine)
    }
}
