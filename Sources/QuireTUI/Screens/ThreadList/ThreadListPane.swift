import QuireRender

/// The thread list: one row per thread with an unread dot, flags, sender, subject, tags,
/// message count and a short date; a virtualised ``ListView`` over a ``ThreadListSource``.
///
/// Columns: `●` unread; flags `*` marked, `@` attachments, `=` a form, `~` a draft; the
/// sender cut to a fixed width (wider on wide terminals); the subject takes what is left;
/// then tags, count and date on the right, so every row lines up whatever script it is in.
public struct ThreadListPane: Sendable, Hashable {
    public private(set) var list = ListView(scrollMargin: 2)
    /// The name of the view shown (`All`, `Unread`, a saved search), for the status line.
    public var viewName: TerminalSafeText

    public init(viewName: TerminalSafeText) {
        self.viewName = viewName
    }

    /// The selected thread's position.
    public var selection: Int { list.selection }

    /// Applies a list command; returns false for commands the app must carry out (open,
    /// reply, tag...), which act on ``selection``.
    @discardableResult
    public mutating func handle(_ command: Command, rowCount: Int, height: Int) -> Bool {
        switch command {
        case .move(let motion):
            list.move(motion, rowCount: rowCount, height: height)
            return true
        default:
            return false
        }
    }

    /// Selects the row under a mouse click, or scrolls for the wheel.
    public mutating func handle(_ mouse: MouseEvent, in rect: Rect, rowCount: Int) {
        switch mouse.action {
        case .wheelUp:
            for _ in 0..<3 { list.move(.up, rowCount: rowCount, height: rect.height) }
        case .wheelDown:
            for _ in 0..<3 { list.move(.down, rowCount: rowCount, height: rect.height) }
        case .press:
            if let row = list.row(atViewRow: mouse.row - rect.row, rowCount: rowCount, height: rect.height) {
                list.select(row, rowCount: rowCount, height: rect.height)
            }
        case .release:
            break
        }
    }

    /// Selects row `index` (clamped) and scrolls to it.
    public mutating func select(_ index: Int, rowCount: Int, height: Int) {
        list.select(index, rowCount: rowCount, height: height)
    }

    /// Keeps the selection valid after the store changed or the screen resized.
    public mutating func clamp(rowCount: Int, height: Int) {
        list.clamp(rowCount: rowCount, height: height)
    }

    /// Draws the visible rows of `source`.
    public func draw(_ source: some ThreadListSource, in canvas: Canvas, dates: RelativeDate) {
        let rows = Rows(source: source, dates: dates, ambiguousWide: canvas.ambiguousWide)
        list.draw(rows, in: canvas)
    }

    /// The status-line summary: `All 3/120`.
    public func position(rowCount: Int) -> TerminalSafeText {
        viewName + TerminalSafeText(sanitising: rowCount == 0 ? " 0/0" : " \(selection + 1)/\(rowCount)")
    }

    /// Row formatting, separate so it can be checked without a screen.
    struct Rows<Source: ThreadListSource>: ListViewDataSource {
        let source: Source
        let dates: RelativeDate
        let ambiguousWide: Bool

        var numberOfRows: Int { source.threadCount }

        func line(forRow index: Int, width: Int) -> DisplayLine {
            guard let thread = source.thread(at: index) else { return DisplayLine() }
            return ThreadListPane.line(for: thread, width: width, dates: dates, ambiguousWide: ambiguousWide)
        }
    }

    /// One row laid out in `width` columns.
    static func line(for thread: ThreadRow, width: Int, dates: RelativeDate, ambiguousWide: Bool) -> DisplayLine {
        let main: UIRole = thread.unread ? .rowUnread : .row
        let senderWidth = width >= 100 ? 22 : width >= 60 ? 16 : max(4, width / 4)
        var flags = ""
        flags += thread.marks.contains(.marked) ? "*" : " "
        // One column: a form to fill says more than "has attachments" (a form is one).
        flags +=
            thread.marks.contains(.form)
            ? "=" : thread.marks.contains(.attachment) ? "@" : thread.marks.contains(.draft) ? "~" : " "
        let count = thread.messageCount > 1 ? " (\(thread.messageCount))" : ""
        let date = TerminalSafeText(sanitising: " " + dates.format(thread.lastActivity))
        let tagText = thread.tags.reduce(TerminalSafeText.empty) { $0 + TerminalSafeText(sanitising: " ") + $1 }
        let dateText = Truncation.fit(
            date, width: RelativeDate.width + 1, alignment: .trailing, ambiguousWide: ambiguousWide)
        let countText = TerminalSafeText(sanitising: count)
        let fixed = 1 + flags.count + 1 + senderWidth + 1 + RelativeDate.width + 1
        let tagsRoom = max(0, min(DisplayWidth.of(tagText, ambiguousWide: ambiguousWide), (width - fixed) / 3))
        let tags = Truncation.truncate(tagText, toWidth: tagsRoom, ambiguousWide: ambiguousWide)
        let countWidth = DisplayWidth.of(countText, ambiguousWide: ambiguousWide)
        let subjectRoom = max(0, width - fixed - DisplayWidth.of(tags, ambiguousWide: ambiguousWide) - countWidth)
        return DisplayLine([
            DisplaySpan(thread.unread ? UIText("●") : UIText(" "), main),
            DisplaySpan(TerminalSafeText(sanitising: flags), .mark),
            DisplaySpan(UIText(" "), .row),
            DisplaySpan(Truncation.fit(thread.senderAlias, width: senderWidth, ambiguousWide: ambiguousWide), main),
            DisplaySpan(UIText(" "), .row),
            DisplaySpan(Truncation.fit(thread.subject, width: subjectRoom, ambiguousWide: ambiguousWide), main),
            DisplaySpan(countText, .rowDetail),
            DisplaySpan(tags, .tag),
            DisplaySpan(dateText, .rowDetail),
        ])
    }
}
