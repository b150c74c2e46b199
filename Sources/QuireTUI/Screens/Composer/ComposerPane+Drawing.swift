import QuireRender

extension ComposerPane {
    /// Columns taken by the field labels (`Subject: `).
    static let labelWidth = 9
    /// Rows above the body: To, Subject, Attachments, and the divider.
    static let headerRows = 4

    public func draw(in canvas: Canvas) {
        let rowStyle = canvas.theme.style(.row)
        canvas.clear(style: rowStyle)
        guard canvas.height > 0, canvas.width > 0 else { return }
        drawField(.to, label: "To:", row: 0, in: canvas)
        drawField(.subject, label: "Subject:", row: 1, in: canvas)
        drawField(.attachments, label: "Attach:", row: 2, in: canvas)
        drawDivider(row: 3, in: canvas)
        let bodyArea = bodyRect(in: canvas)
        if bodyArea.height > 0 {
            let bodyCanvas = canvas.subcanvas(bodyArea)
            if isPreviewing {
                drawPreview(in: bodyCanvas)
            } else {
                var editor = body
                editor.draw(in: bodyCanvas, base: rowStyle)
            }
        }
        drawMessage(in: canvas)
        drawCompletion(in: canvas)
    }

    public func cursor(in canvas: Canvas) -> CursorPosition? {
        guard !isPreviewing, !isConfirmingCancel, canvas.height > 0 else { return nil }
        let fieldWidth = max(1, canvas.width - ComposerPane.labelWidth)
        switch focus {
        case .to:
            let scroll = to.fieldScroll(width: fieldWidth, ambiguousWide: canvas.ambiguousWide)
            return canvas.cursor(row: 0, column: ComposerPane.labelWidth + scroll.cursorColumn)
        case .subject:
            let scroll = subject.fieldScroll(width: fieldWidth, ambiguousWide: canvas.ambiguousWide)
            return canvas.cursor(row: 1, column: ComposerPane.labelWidth + scroll.cursorColumn)
        case .attachments:
            guard !attachPath.text.isEmpty else { return nil }
            let scroll = attachPath.fieldScroll(width: fieldWidth, ambiguousWide: canvas.ambiguousWide)
            return canvas.cursor(row: 2, column: ComposerPane.labelWidth + scroll.cursorColumn)
        case .body:
            let area = bodyRect(in: canvas)
            guard area.height > 0 else { return nil }
            let (row, column) = bodyCursor(width: area.width, ambiguousWide: canvas.ambiguousWide)
            let top = max(0, row - area.height + 1)
            return canvas.cursor(row: area.row + row - top, column: column)
        }
    }

    func bodyRect(in canvas: Canvas) -> Rect {
        let top = min(ComposerPane.headerRows, canvas.height)
        return Rect(row: top, column: 0, height: max(0, canvas.height - top - 1), width: canvas.width)
    }

    /// The body cursor's visual row and column, soft-wrapped as ``TextEditor`` draws it.
    func bodyCursor(width: Int, ambiguousWide: Bool) -> (row: Int, column: Int) {
        var row = 0
        for (index, line) in body.lines.enumerated() {
            let segments = TextEditor.wrap(line, width: max(1, width), ambiguousWide: ambiguousWide)
            guard index == body.cursor.line else {
                row += segments.count
                continue
            }
            for (number, segment) in segments.enumerated() {
                let isLast = number == segments.count - 1
                if segment.contains(body.cursor.column) || (isLast && body.cursor.column == segment.upperBound) {
                    let columns = line[segment.lowerBound..<body.cursor.column].reduce(0) {
                        $0 + DisplayWidth.of($1, ambiguousWide: ambiguousWide)
                    }
                    return (row, columns)
                }
                row += 1
            }
        }
        return (row, 0)
    }

    private func labelRole(_ field: ComposerField) -> UIRole {
        if problems.contains(field) { return .error }
        return focus == field && !isPreviewing ? .rowSelected : .header
    }

    private func drawField(_ field: ComposerField, label: UIText, row: Int, in canvas: Canvas) {
        guard row < canvas.height else { return }
        let role = labelRole(field)
        canvas.fill(row: row, column: 0, count: ComposerPane.labelWidth - 1, style: canvas.theme.style(role))
        canvas.draw(label, row: row, column: 0, role: role)
        let column = ComposerPane.labelWidth
        let width = max(0, canvas.width - column)
        let rowStyle = canvas.theme.style(.row)
        let wide = canvas.ambiguousWide
        switch field {
        case .to where isReply:
            var line = DisplayLine()
            line.append(DisplaySpan(TerminalSafeText(sanitising: participants.joined(separator: ", ")), .row))
            line.append(DisplaySpan(UIText("  (everyone on the thread)"), .rowDetail))
            canvas.draw(Truncation.truncate(line, toWidth: width, ambiguousWide: wide), row: row, column: column)
        case .to:
            to.drawField(in: canvas, row: row, column: column, width: width, style: rowStyle)
        case .subject where isReply:
            canvas.draw(
                Truncation.truncate(TerminalSafeText(sanitising: subject.text), toWidth: width, ambiguousWide: wide),
                row: row, column: column, style: canvas.theme.style(.rowDetail))
        case .subject:
            subject.drawField(in: canvas, row: row, column: column, width: width, style: rowStyle)
        case .attachments where focus == .attachments && !attachPath.text.isEmpty:
            attachPath.drawField(in: canvas, row: row, column: column, width: width, style: rowStyle)
        case .attachments:
            canvas.draw(
                Truncation.truncate(attachmentLine(), toWidth: width, ambiguousWide: wide), row: row, column: column)
        case .body:
            break
        }
    }

    private func attachmentLine() -> DisplayLine {
        guard !attachments.isEmpty else {
            let hint: UIText =
                focus == .attachments && !isPreviewing
                ? "none  (type a file's path, Tab completes, Enter attaches; Enter alone goes to the message)"
                : "none  (C-x a attaches a file, C-x f a form)"
            return DisplayLine([DisplaySpan(hint, .rowDetail)])
        }
        var line = DisplayLine()
        for (index, attachment) in attachments.enumerated() {
            if index > 0 { line.append(DisplaySpan(UIText("  "), .row)) }
            let selected = focus == .attachments && index == attachmentSelection && !isPreviewing
            let size = attachment.size < 0 ? "missing" : ComposerAttachment.formatSize(attachment.size)
            line.append(DisplaySpan(UIText("@"), .mark))
            line.append(DisplaySpan(TerminalSafeText(sanitising: attachment.name), selected ? .rowSelected : .row))
            line.append(
                DisplaySpan(TerminalSafeText(sanitising: " (\(size))"), attachment.size < 0 ? .error : .rowDetail))
        }
        if focus == .attachments && !isPreviewing {
            line.append(DisplaySpan(UIText("   ←/→ choose · Del removes · type a path to add"), .rowDetail))
        }
        return line
    }

    private func drawDivider(row: Int, in canvas: Canvas) {
        guard row < canvas.height else { return }
        let style = canvas.theme.style(.divider)
        canvas.fill(row: row, style: style)
        let rule = String(repeating: "─", count: canvas.width)
        canvas.draw(TerminalSafeText(sanitising: rule), row: row, column: 0, style: style)
        let label: UIText = isPreviewing ? " Preview (C-x p to edit) " : " Message "
        let used = canvas.draw(label, row: row, column: 2, role: .divider)
        let hint: UIText = " C-x y send · C-x d draft · C-x e editor · C-x p preview "
        let hintWidth = DisplayWidth.of(hint.safe, ambiguousWide: canvas.ambiguousWide)
        if canvas.width - hintWidth > 2 + used + 2 {
            canvas.draw(hint, row: row, column: canvas.width - hintWidth, role: .divider)
        }
    }

    private func drawPreview(in canvas: Canvas) {
        var options = RenderOptions()
        options.width = max(10, canvas.width)
        options.ambiguousWide = canvas.ambiguousWide
        let lines = Renderer(options: options).render(body.text).lines
        let top = min(previewTop, max(0, lines.count - canvas.height))
        let base = canvas.theme.style(.row)
        for viewRow in 0..<canvas.height {
            canvas.fill(row: viewRow, style: base)
            let index = top + viewRow
            guard index < lines.count else { continue }
            let line = Truncation.truncate(
                DisplayLine(lines[index]), toWidth: canvas.width, ambiguousWide: canvas.ambiguousWide)
            canvas.draw(line, row: viewRow, base: base)
        }
    }

    private func drawMessage(in canvas: Canvas) {
        let row = canvas.height - 1
        guard row >= ComposerPane.headerRows else { return }
        PaneHintLine.draw(message, hint: nil, row: row, in: canvas, role: .row)
    }

    private func drawCompletion(in canvas: Canvas) {
        guard let popup = completion, focus == .to, !popup.candidates.isEmpty else { return }
        let wide = canvas.ambiguousWide
        let fieldWidth = max(1, canvas.width - ComposerPane.labelWidth)
        let start = to.fieldScroll(width: fieldWidth, ambiguousWide: wide).start
        let offset = to.characters[min(start, popup.wordStart)..<popup.wordStart].reduce(0) {
            $0 + DisplayWidth.of($1, ambiguousWide: wide)
        }
        let names = popup.candidates.map { TerminalSafeText(sanitising: $0) }
        let widest = names.map { DisplayWidth.of($0, ambiguousWide: wide) }.max() ?? 0
        let width = min(widest + 2, canvas.width)
        let column = max(0, min(ComposerPane.labelWidth + offset, canvas.width - width))
        let room = max(1, min(8, canvas.height - 2))
        let first = max(0, min(popup.selected - room + 1, names.count - room))
        for (viewRow, index) in (first..<min(names.count, first + room)).enumerated() {
            let role: UIRole = index == popup.selected ? .completionSelected : .completion
            let text = Truncation.fit(
                TerminalSafeText(sanitising: " ") + names[index], width: width, ambiguousWide: wide)
            canvas.draw(text, row: 1 + viewRow, column: column, style: canvas.theme.style(role))
        }
    }
}
