import QuireRender

/// The small surface the app draws through and reads input from.
///
/// Views never call curses directly: they draw into a ``Canvas`` over a `Terminal`, which is
/// either ``NCursesTerminal`` or the in-memory ``GridTerminal`` that tests snapshot. All text
/// arrives as ``TerminalSafeText`` (built only by the renderer's sanitiser, or by ``UIText``
/// from the app's own literals), so network strings cannot carry escape sequences to the tty.
///
/// A terminal belongs to the UI thread; other threads reach the input loop through
/// ``wakeSignal``.
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: TerminalSize { get }
    /// How many colours the terminal shows.
    var colourCapability: ColourCapability { get }
    /// Whether East Asian Ambiguous characters take two columns here.
    var ambiguousWide: Bool { get }
    /// Wakes ``nextEvent(timeoutMilliseconds:)`` from any thread with ``InputEvent/wake``.
    var wakeSignal: WakeSignal { get }

    /// Draws `text` from (`row`, `column`) to the right, one grapheme cluster per cell (two
    /// for wide ones), clipped at the right edge; returns the number of columns drawn.
    @discardableResult
    func put(_ text: TerminalSafeText, row: Int, column: Int, style: CellStyle) -> Int
    /// Draws `text` as `put` does and, where the terminal shows them, makes it an OSC 8 hyperlink
    /// to `url` for this frame.
    @discardableResult
    func putLink(_ text: TerminalSafeText, url: HyperlinkURL, row: Int, column: Int, style: CellStyle) -> Int
    /// Fills `count` cells from (`row`, `column`) with spaces in `style`.
    func fill(row: Int, column: Int, count: Int, style: CellStyle)
    /// Blanks the whole screen.
    func clear()
    /// Makes the next flush repaint every cell, not only changed ones (after another program
    /// wrote to the screen).
    func repaintAll()
    /// Shows the cursor at (`row`, `column`), or hides it when `position` is nil.
    func setCursor(_ position: CursorPosition?)
    /// Sends what was drawn to the screen.
    func flush()

    /// The next input event; nil when `timeoutMilliseconds` passed without one (nil waits
    /// for ever).
    func nextEvent(timeoutMilliseconds: Int?) -> InputEvent?
    /// Turns mouse reporting on or off (off by default; it disables the terminal's own text
    /// selection).
    func setMouseReporting(_ enabled: Bool)

    /// Gives the terminal back to the shell and stops the process (`^Z`); returns after the
    /// process is continued, with the screen restored.
    func suspend()
    /// Leaves the screen, runs `body` with the terminal in its normal mode (to run
    /// `$EDITOR`), then takes the screen back.
    func withScreenReleased<Result>(_ body: () throws -> Result) rethrows -> Result
}

/// A cell position for the visible cursor.
public struct CursorPosition: Sendable, Hashable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}
