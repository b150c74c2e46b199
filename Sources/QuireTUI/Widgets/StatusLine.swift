import QuireRender

/// The status line: the mode on the left, a message (or error) after it, and counters on the
/// right (pending keys of a sequence, outbox items waiting).
public struct StatusLine: Sendable, Hashable {
    /// A message shown after the mode.
    public enum Message: Sendable, Hashable {
        case info(TerminalSafeText)
        case error(TerminalSafeText)
    }

    public var mode: UIText
    public var message: Message?
    public var pendingKeys: [Key]
    public var outboxCount: Int
    /// Extra text for the right side (position in the list, contacts online).
    public var right: TerminalSafeText

    public init(
        mode: UIText, message: Message? = nil, pendingKeys: [Key] = [], outboxCount: Int = 0,
        right: TerminalSafeText = .empty
    ) {
        self.mode = mode
        self.message = message
        self.pendingKeys = pendingKeys
        self.outboxCount = outboxCount
        self.right = right
    }

    /// Draws the line on row 0 of `canvas`. The right side is kept whole when it fits; the
    /// message is cut first.
    public func draw(in canvas: Canvas) {
        let base = canvas.theme.style(.statusLine)
        canvas.fill(row: 0, style: base)
        let wide = canvas.ambiguousWide
        var rightLine = DisplayLine()
        if !pendingKeys.isEmpty {
            rightLine.append(
                DisplaySpan(TerminalSafeText.formatted(KeyNotation.format(pendingKeys) + " "), .statusLine))
        }
        if outboxCount > 0 {
            rightLine.append(DisplaySpan(TerminalSafeText.formatted("outbox \(outboxCount) "), .notice))
        }
        if !right.isEmpty { rightLine.append(DisplaySpan(right + TerminalSafeText.formatted(" "), .statusLine)) }
        var leftLine = DisplayLine([DisplaySpan(UIText(" "), .statusMode)])
        leftLine.append(DisplaySpan(mode.safe, .statusMode))
        leftLine.append(DisplaySpan(UIText(" "), .statusMode))
        switch message {
        case .info(let text)?: leftLine.append(DisplaySpan(TerminalSafeText.formatted(" ") + text, .statusLine))
        case .error(let text)?: leftLine.append(DisplaySpan(TerminalSafeText.formatted(" ") + text, .error))
        case nil: break
        }
        let rightWidth = min(rightLine.width(ambiguousWide: wide), canvas.width)
        let leftRoom = max(0, canvas.width - rightWidth - (rightWidth > 0 ? 1 : 0))
        canvas.draw(
            Truncation.truncate(leftLine, toWidth: leftRoom, ambiguousWide: wide), row: 0, column: 0, base: base)
        canvas.draw(
            Truncation.truncate(rightLine, toWidth: rightWidth, ambiguousWide: wide), row: 0,
            column: canvas.width - rightWidth, base: base)
    }
}
