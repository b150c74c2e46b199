import QuireRender

/// An in-memory terminal: a grid of cells, input events queued by the test, and text (and
/// style) snapshots of the screen.
///
/// It behaves like a real terminal where tests care: a wide character takes two cells, and
/// writing over either half of one blanks the other half.
public final class GridTerminal: Terminal {
    /// One screen cell. The right half of a wide character is a continuation cell of width 0.
    public struct Cell: Sendable, Hashable {
        public var character: Character
        public var width: Int
        public var style: CellStyle

        public static let blank = Cell(character: " ", width: 1, style: .plain)
    }

    public private(set) var size: TerminalSize
    public var colourCapability: ColourCapability
    public var ambiguousWide: Bool
    public let wakeSignal: WakeSignal
    /// Where the cursor is shown, nil when hidden.
    public private(set) var cursor: CursorPosition?
    /// Whether mouse reporting is on.
    public private(set) var mouseReporting = false
    /// How many times the app flushed, suspended, or released the screen.
    public private(set) var flushCount = 0
    public private(set) var suspendCount = 0
    public private(set) var releaseCount = 0
    public private(set) var repaintCount = 0

    /// The hyperlinks of the last flushed frame: where each starts and its URL.
    public private(set) var links: [(row: Int, column: Int, url: String)] = []
    private var drawnLinks: [(row: Int, column: Int, url: String)] = []

    private var cells: [[Cell]]
    private var pending: [InputEvent] = []
    private var pasteDecoder = BracketedPasteDecoder()

    /// A blank grid of `size`; nil only if no wake pipe can be made.
    public init?(
        size: TerminalSize = TerminalSize(rows: 24, columns: 80),
        colourCapability: ColourCapability = .trueColour,
        ambiguousWide: Bool = false
    ) {
        guard let wakeSignal = WakeSignal() else { return nil }
        self.size = size
        self.colourCapability = colourCapability
        self.ambiguousWide = ambiguousWide
        self.wakeSignal = wakeSignal
        cells = GridTerminal.blankRows(size)
    }

    // MARK: Drawing

    @discardableResult
    public func put(_ text: TerminalSafeText, row: Int, column: Int, style: CellStyle) -> Int {
        guard row >= 0, row < size.rows else { return 0 }
        return CellLayout.place(text, from: column, limit: size.columns, ambiguousWide: ambiguousWide) { placement in
            write(
                Cell(character: placement.character, width: placement.width, style: style), row: row,
                column: placement.column)
        }
    }

    @discardableResult
    public func putLink(_ text: TerminalSafeText, url: HyperlinkURL, row: Int, column: Int, style: CellStyle) -> Int {
        drawnLinks.append((row, column, url.string))
        return put(text, row: row, column: column, style: style)
    }

    public func fill(row: Int, column: Int, count: Int, style: CellStyle) {
        guard row >= 0, row < size.rows else { return }
        let start = max(0, column)
        let end = min(size.columns, column + count)
        guard start < end else { return }
        for index in start..<end {
            write(Cell(character: " ", width: 1, style: style), row: row, column: index)
        }
    }

    public func clear() {
        drawnLinks = []
        cells = GridTerminal.blankRows(size)
    }

    public func repaintAll() {
        repaintCount += 1
    }

    public func setCursor(_ position: CursorPosition?) {
        cursor = position
    }

    public func flush() {
        links = drawnLinks
        drawnLinks = []
        flushCount += 1
    }

    // MARK: Input

    /// Queues events for ``nextEvent(timeoutMilliseconds:)``.
    public func inject(_ events: InputEvent...) {
        pending.append(contentsOf: events)
    }

    /// Queues the keys of a notation string such as `g g <C-d>`.
    public func inject(keys notation: String) throws(KeyNotation.ParseError) {
        pending.append(contentsOf: try KeyNotation.parse(notation).map(InputEvent.key))
    }

    /// Queues what a terminal would send as raw input: keys, Alt chords and bracketed pastes,
    /// decoded as ``NCursesTerminal`` decodes them. `thenPause` ends the input there (a paste
    /// missing its end marker ends; a lone Esc is the Escape key).
    public func inject(raw text: String, thenPause: Bool = true) {
        pending.append(contentsOf: pasteDecoder.events(decoding: text.unicodeScalars, thenPause: thenPause))
    }

    /// Queues a typed text, one key per character.
    public func inject(typing text: String) {
        pending.append(contentsOf: text.map { InputEvent.key(.character($0)) })
    }

    public func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
        if wakeSignal.drain() { return .wake }
        guard !pending.isEmpty else { return nil }
        return pending.removeFirst()
    }

    /// Changes the size as a terminal window would, blanking the grid, and queues the resize
    /// event the app will see.
    public func resize(to newSize: TerminalSize) {
        size = newSize
        cells = GridTerminal.blankRows(newSize)
        cursor = nil
        pending.append(.resize(newSize))
    }

    public func setMouseReporting(_ enabled: Bool) {
        mouseReporting = enabled
    }

    public func suspend() {
        suspendCount += 1
    }

    public func withScreenReleased<Result>(_ body: () throws -> Result) rethrows -> Result {
        releaseCount += 1
        return try body()
    }

    // MARK: Reading the grid

    /// The cell at (`row`, `column`).
    public func cell(row: Int, column: Int) -> Cell {
        guard row >= 0, row < size.rows, column >= 0, column < size.columns else { return .blank }
        return cells[row][column]
    }

    /// The screen as text, one string per row. Each row is exactly `size.columns` display
    /// columns wide: a wide character appears once and its continuation cell not at all.
    public func textLines() -> [String] {
        cells.map { row in
            var line = ""
            for cell in row where cell.width > 0 { line.append(cell.character) }
            return line
        }
    }

    /// Per-row style maps: one letter per column naming the style of that cell in `legend`
    /// (`a` is the first style met, reading rows top to bottom).
    public func styleLines() -> (lines: [String], legend: [CellStyle]) {
        var legend: [CellStyle] = []
        var letters: [CellStyle: Character] = [:]
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let lines = cells.map { row in
            String(
                row.map { cell -> Character in
                    if let letter = letters[cell.style] { return letter }
                    let letter = legend.count < alphabet.count ? alphabet[legend.count] : "?"
                    letters[cell.style] = letter
                    legend.append(cell.style)
                    return letter
                })
        }
        return (lines, legend)
    }

    /// A snapshot of text and styles, stable enough to commit: rows end with `|` so trailing
    /// spaces survive editors, and each style in the legend is spelled out.
    public func snapshot() -> String {
        var output = "size \(size)\n"
        for line in textLines() { output += line + "|\n" }
        let (styleRows, legend) = styleLines()
        output += "-- styles\n"
        for line in styleRows { output += line + "|\n" }
        output += "-- legend\n"
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for (index, style) in legend.enumerated() where index < letters.count {
            output += "\(letters[index]) \(GridTerminal.describe(style))\n"
        }
        return output
    }

    static func describe(_ style: CellStyle) -> String {
        var parts: [String] = []
        parts.append("fg=" + (style.foreground?.spec ?? "default"))
        parts.append("bg=" + (style.background?.spec ?? "default"))
        let attributes = Style.Attributes.names.filter { style.attributes.contains($0.1) }.map(\.0)
        if !attributes.isEmpty { parts.append(attributes.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }

    // MARK: Private

    private static func blankRows(_ size: TerminalSize) -> [[Cell]] {
        Array(repeating: Array(repeating: .blank, count: size.columns), count: size.rows)
    }

    /// Writes a cell, blanking the other half of any wide character it overlaps.
    private func write(_ cell: Cell, row: Int, column: Int) {
        guard column >= 0, column < size.columns else { return }
        breakWideCharacter(row: row, at: column)
        if cell.width == 2 {
            guard column + 1 < size.columns else { return }
            breakWideCharacter(row: row, at: column + 1)
            cells[row][column] = cell
            cells[row][column + 1] = Cell(character: " ", width: 0, style: cell.style)
        } else {
            cells[row][column] = cell
        }
    }

    private func breakWideCharacter(row: Int, at column: Int) {
        let existing = cells[row][column]
        if existing.width == 0, column > 0 {
            cells[row][column - 1] = Cell(character: " ", width: 1, style: cells[row][column - 1].style)
            cells[row][column] = Cell(character: " ", width: 1, style: existing.style)
        } else if existing.width == 2, column + 1 < size.columns {
            cells[row][column + 1] = Cell(character: " ", width: 1, style: cells[row][column + 1].style)
        }
    }
}
