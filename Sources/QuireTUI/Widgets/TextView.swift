import QuireRender

/// A scrollable view of styled lines (a rendered message, help, a slide).
///
/// Lines come already wrapped to the view's width by the renderer; a line that is still too
/// wide is cut with an ellipsis rather than spilling into the next pane.
public struct TextView: Sendable, Hashable {
    /// The first line on screen.
    public private(set) var top = 0

    public init() {}

    /// Scrolls by a motion; the view never scrolls past its last screenful.
    public mutating func scroll(_ motion: Motion, lineCount: Int, height: Int) {
        let lastTop = max(0, lineCount - height)
        switch motion {
        case .first: top = 0
        case .last: top = lastTop
        default: top = motion.apply(to: top, count: lastTop + 1, page: height)
        }
    }

    /// Scrolls so that `line` is on screen, near the top.
    public mutating func reveal(line: Int, lineCount: Int, height: Int) {
        guard line < top || line >= top + height else { return }
        top = min(max(0, line), max(0, lineCount - height))
    }

    /// Keeps the offset valid after the text or the height changed.
    public mutating func clamp(lineCount: Int, height: Int) {
        top = min(top, max(0, lineCount - height))
    }

    /// Whether text lies below the screen.
    public func hasMore(lineCount: Int, height: Int) -> Bool { top + height < lineCount }

    /// Draws the visible lines of `lines` and blanks the rest.
    public func draw(_ lines: [StyledLine], in canvas: Canvas, base: CellStyle = .plain) {
        draw(lineCount: lines.count, in: canvas, base: base) { lines[$0] }
    }

    /// Draws lines produced on demand, so a long text need not be materialised.
    public func draw(lineCount: Int, in canvas: Canvas, base: CellStyle = .plain, line: (Int) -> StyledLine) {
        for viewRow in 0..<canvas.height {
            canvas.fill(row: viewRow, style: base)
            let index = top + viewRow
            guard index < lineCount else { continue }
            let display = Truncation.truncate(
                DisplayLine(line(index)), toWidth: canvas.width, ambiguousWide: canvas.ambiguousWide)
            canvas.draw(display, row: viewRow, base: base)
        }
    }
}
