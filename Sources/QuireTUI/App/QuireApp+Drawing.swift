import QuireCore
import QuireRender

/// Drawing the whole screen from the app's state.
extension QuireApp {
    /// Draws every part and flushes: top bar, main area, status line, prompt; or, on a
    /// terminal smaller than any screen can use, only a line that says so.
    public func draw() {
        guard !TerminalTooSmall.applies(to: terminal.size) else {
            TerminalTooSmall(size: terminal.size).draw(on: terminal, style: theme.style(.row))
            terminal.setCursor(nil)
            terminal.flush()
            return
        }
        let layout = currentLayout()
        let mainRect = ScreenLayout(size: terminal.size, split: .listOnly).list
        TopBar(tabs: sites.map(\.tab), current: currentSite).draw(in: canvas(layout.topBar))
        var cursor: CursorPosition?
        if let help {
            help.view.draw(help.lines, in: canvas(mainRect), base: theme.style(.row))
        } else if let modal {
            let area = canvas(mainRect)
            area.clear(style: theme.style(.row))
            modal.draw(in: area)
            cursor = modal.cursor(in: area)
        } else if screen == .welcome {
            TextView().draw(WelcomeScreen.lines, in: canvas(mainRect), base: theme.style(.row))
        } else {
            if threadList.isStale, screen == .list, !layout.list.isEmpty { reloadThreads(keepSelection: true) }
            drawList(in: canvas(layout.list))
            drawDivider(layout)
            drawReader(in: canvas(layout.reader))
        }
        statusLine().draw(in: canvas(layout.statusLine))
        if signIn != nil { drawSignInLink(in: layout.statusLine) }
        if let promptCursor = promptLine.draw(in: canvas(layout.commandLine)) { cursor = promptCursor }
        terminal.setCursor(cursor)
        terminal.flush()
    }

    private func canvas(_ rect: Rect) -> Canvas {
        Canvas(terminal: terminal, rect: rect, theme: theme)
    }

    private func drawList(in canvas: Canvas) {
        guard !canvas.rect.isEmpty else { return }
        switch screen {
        case .searchResults:
            if let search {
                search.list.draw(search, in: canvas)
                if search.numberOfRows == 0 {
                    canvas.draw(UIText(" No messages match."), row: 0, column: 0, role: .rowDetail)
                }
            }
        default:
            threadList.draw(in: canvas, dates: dates)
        }
    }

    private func drawDivider(_ layout: ScreenLayout) {
        let rect = layout.divider
        guard !rect.isEmpty else { return }
        let area = canvas(rect)
        let style = theme.style(.divider)
        if rect.width == 1 {
            for row in 0..<rect.height { area.draw(UIText("│").safe, row: row, column: 0, style: style) }
        } else {
            area.draw(
                TerminalSafeText(sanitising: String(repeating: "─", count: rect.width)), row: 0, column: 0,
                style: style)
        }
    }

    private func drawReader(in canvas: Canvas) {
        guard let reader, !canvas.rect.isEmpty else { return }
        prepareReader()
        reader.view.draw(reader.lines, in: canvas, base: theme.style(.row))
    }

    /// Lays the open thread out for the reader's current size (before drawing, and before a
    /// command that moves in it, which may come before the first draw).
    func prepareReader() {
        guard let reader else { return }
        let rect = currentLayout().reader
        reader.prepare(
            width: rect.width, height: rect.height, theme: theme, ambiguousWide: terminal.ambiguousWide,
            cache: renderCache, utcOffset: dates.utcOffset)
    }

    private func statusLine() -> StatusLine {
        let mode: UIText
        var right = TerminalSafeText.empty
        if let kind = promptLine.prompt?.kind {
            mode = kind == .search ? "SEARCH" : "PROMPT"
        } else if help != nil {
            mode = "HELP"
        } else if modal != nil {
            mode = "PANE"
            right = modal?.title ?? .empty
        } else if reader != nil {
            mode = "READ"
            if let reader {
                right = TerminalSafeText(
                    sanitising: "message \(reader.focus + 1)/\(reader.messages.count)")
            }
        } else {
            switch screen {
            case .welcome: mode = "WELCOME"
            case .searchResults:
                mode = "MATCHES"
                if let search {
                    right = TerminalSafeText(
                        sanitising: "\(search.text) \(min(search.list.selection + 1, search.numberOfRows))/"
                            + "\(search.numberOfRows)\(search.hasMore ? "+" : "")")
                }
            case .list:
                mode = "LIST"
                if let text = threadList.statusText { right = TerminalSafeText(sanitising: text) }
            }
        }
        if sites.indices.contains(currentSite), !sites[currentSite].onlineContacts.isEmpty {
            right = right + TerminalSafeText(sanitising: "  \(sites[currentSite].onlineContacts.count) online")
        }
        return StatusLine(
            mode: mode, message: message, pendingKeys: keyContext == .prompt ? [] : pendingKeys,
            outboxCount: outboxCount, right: right)
    }
}
