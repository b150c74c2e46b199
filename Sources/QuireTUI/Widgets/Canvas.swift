import QuireRender

/// A rectangle of a ``Terminal`` that a widget draws into, with the theme to colour it.
///
/// Rows and columns are relative to the rectangle, and nothing is drawn outside it: widgets
/// need not know where they sit on the screen.
public struct Canvas {
    public let terminal: any Terminal
    public let rect: Rect
    public let theme: UITheme

    public init(terminal: any Terminal, rect: Rect, theme: UITheme) {
        self.terminal = terminal
        self.rect = rect
        self.theme = theme
    }

    public var width: Int { rect.width }
    public var height: Int { rect.height }
    public var ambiguousWide: Bool { terminal.ambiguousWide }

    /// A canvas over part of this one (`area` is relative to this canvas and clipped to it).
    public func subcanvas(_ area: Rect) -> Canvas {
        let top = max(0, min(area.row, height))
        let left = max(0, min(area.column, width))
        let clipped = Rect(
            row: rect.row + top,
            column: rect.column + left,
            height: min(area.height, height - top),
            width: min(area.width, width - left)
        )
        return Canvas(terminal: terminal, rect: clipped, theme: theme)
    }

    /// Draws `text` at (`row`, `column`), clipped to the canvas; returns the columns drawn.
    @discardableResult
    public func draw(_ text: TerminalSafeText, row: Int, column: Int, style: CellStyle) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        let room = width - column
        let fitted = DisplayWidth.of(text, ambiguousWide: ambiguousWide) > room ? clip(text, to: room) : text
        return terminal.put(fitted, row: rect.row + row, column: rect.column + column, style: style)
    }

    /// Draws a label of the app's own.
    @discardableResult
    public func draw(_ label: UIText, row: Int, column: Int, role: UIRole) -> Int {
        draw(label.safe, row: row, column: column, style: theme.style(role))
    }

    /// Draws a line of spans from `column`, over a `base` style whose colours show where a span
    /// sets none; returns the columns drawn.
    @discardableResult
    public func draw(_ line: DisplayLine, row: Int, column: Int = 0, base: CellStyle = .plain) -> Int {
        var next = column
        for span in line.spans where next < width {
            let style = theme.style(span.role, attributes: span.attributes).layered(over: base)
            next += draw(span.text, row: row, column: next, style: style)
        }
        return next - column
    }

    /// Draws a rendered line.
    @discardableResult
    public func draw(_ line: StyledLine, row: Int, column: Int = 0, base: CellStyle = .plain) -> Int {
        draw(DisplayLine(line), row: row, column: column, base: base)
    }

    /// Fills a whole row with spaces in `style`.
    public func fill(row: Int, style: CellStyle) {
        guard row >= 0, row < height else { return }
        terminal.fill(row: rect.row + row, column: rect.column, count: width, style: style)
    }

    /// Fills part of a row.
    public func fill(row: Int, column: Int, count: Int, style: CellStyle) {
        guard row >= 0, row < height else { return }
        let start = max(0, column)
        let end = min(width, column + count)
        guard start < end else { return }
        terminal.fill(row: rect.row + row, column: rect.column + start, count: end - start, style: style)
    }

    /// Fills the whole canvas.
    public func clear(style: CellStyle = .plain) {
        for row in 0..<height { fill(row: row, style: style) }
    }

    /// A cursor position on the screen for a canvas position.
    public func cursor(row: Int, column: Int) -> CursorPosition {
        CursorPosition(row: rect.row + row, column: rect.column + min(max(0, column), max(0, width - 1)))
    }

    private func clip(_ text: TerminalSafeText, to columns: Int) -> TerminalSafeText {
        DisplayWidth.truncate(text, to: columns, ambiguousWide: ambiguousWide)
    }
}
