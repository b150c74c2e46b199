import QuireCore
import QuireRender

/// Drawing the screens in their places: the top bar, the main area or what covers it, the
/// reader beside it, the status line and the prompt.
extension QuireApp {
    /// Draws every part and flushes; on a terminal smaller than any screen can use, only a line
    /// that says so.
    public func draw() {
        guard !TerminalTooSmall.applies(to: terminal.size) else {
            TerminalTooSmall(size: terminal.size).draw(on: terminal, style: theme.style(.row))
            terminal.setCursor(nil)
            terminal.flush()
            return
        }
        let layout = currentLayout()
        let mainRect = ScreenLayout(size: terminal.size, split: .listOnly).list
        TopBar(tabs: siteBar.tabs, current: siteBar.current).draw(in: canvas(layout.topBar))
        var cursor: CursorPosition?
        if let help {
            help.draw(in: canvas(mainRect), base: theme.style(.row))
        } else if modal.isOpen {
            let area = canvas(mainRect)
            area.clear(style: theme.style(.row))
            cursor = modal.draw(in: area)
        } else if mainArea == .welcome {
            TextView().draw(WelcomeScreen.lines, in: canvas(mainRect), base: theme.style(.row))
        } else {
            if threadList.isStale, mainArea == .list, !layout.list.isEmpty { reloadThreads(keepSelection: true) }
            if !layout.list.isEmpty {
                if mainArea == .searchResults {
                    search.draw(in: canvas(layout.list))
                } else {
                    threadList.draw(in: canvas(layout.list), dates: dates)
                }
            }
            drawDivider(layout.divider)
            prepareReader()
            reader.draw(in: canvas(layout.reader), base: theme.style(.row))
        }
        statusLine().draw(in: canvas(layout.statusLine))
        signIn.drawLink(in: canvas(layout.statusLine))
        if let promptCursor = promptLine.draw(in: canvas(layout.commandLine)) { cursor = promptCursor }
        terminal.setCursor(cursor)
        terminal.flush()
    }

    /// Where everything goes on the screen as it is now.
    func currentLayout() -> ScreenLayout {
        let size = terminal.size
        let split: ScreenLayout.Split =
            !reader.isOpen || help != nil || modal.isOpen || mainArea == .welcome
            ? .listOnly : config.readerSplit(for: size)
        return ScreenLayout(size: size, split: split)
    }

    /// Lays the open thread out for the reader's current size.
    func prepareReader() {
        reader.prepare(
            for: currentLayout().reader, theme: theme, ambiguousWide: terminal.ambiguousWide, cache: renderCache,
            dates: dates)
    }

    private func canvas(_ rect: Rect) -> Canvas {
        Canvas(terminal: terminal, rect: rect, theme: theme)
    }

    private func drawDivider(_ rect: Rect) {
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

    /// The mode of the layer with the focus, what it says of itself, and the site's presence.
    private func statusLine() -> StatusLine {
        let mode: UIText
        var right = TerminalSafeText.empty
        if let kind = promptLine.prompt?.kind {
            mode = kind == .search ? "SEARCH" : "PROMPT"
        } else if help != nil {
            mode = "HELP"
        } else if let pane = modal.pane {
            mode = "PANE"
            right = pane.title
        } else if reader.isOpen {
            mode = "READ"
            right = reader.statusText
        } else {
            switch mainArea {
            case .welcome: mode = "WELCOME"
            case .searchResults:
                mode = "MATCHES"
                right = search.statusText
            case .list:
                mode = "LIST"
                if let text = threadList.statusText { right = TerminalSafeText(sanitising: text) }
            }
        }
        if siteBar.onlineCount > 0 { right = right + TerminalSafeText(sanitising: "  \(siteBar.onlineCount) online") }
        return StatusLine(
            mode: mode, message: status.message, pendingKeys: keyContext == .prompt ? [] : pendingKeys,
            outboxCount: siteBar.outboxCount, right: right)
    }
}
