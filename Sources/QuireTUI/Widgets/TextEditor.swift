import QuireRender

/// The composer's built-in multi-line editor: cursor movement, word moves, cut and paste,
/// undo and redo, drawn soft-wrapped at word boundaries.
///
/// Lines are kept as grapheme clusters, so cursor moves and deletions never split a character.
/// Typing and deleting runs are undone as a whole, as in most editors.
public struct TextEditor: Sendable, Hashable {
    /// A cursor position: a line and a grapheme index in it.
    public struct Position: Sendable, Hashable, Comparable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public static func < (lhs: Position, rhs: Position) -> Bool {
            (lhs.line, lhs.column) < (rhs.line, rhs.column)
        }
    }

    private struct Snapshot: Sendable, Hashable {
        var lines: [[Character]]
        var cursor: Position
    }

    private enum EditKind: Hashable {
        case typing, deleting, other
    }

    public private(set) var lines: [[Character]] = [[]]
    public private(set) var cursor = Position(line: 0, column: 0)
    /// The first visual row on screen.
    public private(set) var scrollTop = 0
    private var preferredColumn: Int?
    private var cutBuffer: [[Character]] = []
    private var undoStack: [Snapshot] = []
    private var redoStack: [Snapshot] = []
    private var lastEdit: EditKind?
    /// Undo steps kept.
    public let undoLimit: Int

    public init(text: String = "", undoLimit: Int = 500) {
        self.undoLimit = max(1, undoLimit)
        setText(text)
    }

    /// The whole text, lines joined with newlines.
    public var text: String { lines.map { String($0) }.joined(separator: "\n") }

    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }

    /// Replaces the text (after `$EDITOR` ran, say) as one undoable step; cursor at the end.
    public mutating func setText(_ text: String) {
        if !(lines == [[]] && undoStack.isEmpty && redoStack.isEmpty) { checkpoint(.other) }
        lines = TextEditor.split(text)
        cursor = Position(line: lines.count - 1, column: lines[lines.count - 1].count)
        preferredColumn = nil
    }

    /// Types text at the cursor; newlines split lines, other controls are dropped.
    public mutating func insert(_ text: String) {
        guard !text.isEmpty else { return }
        // A run of typing is one undo step, ended by a space; a pasted block is a step alone.
        let isBlock = text.contains(where: { $0 == "\n" || $0 == "\r\n" })
        checkpoint(isBlock ? .other : .typing)
        insertPieces(TextEditor.split(text))
        if isBlock || text.last == " " { lastEdit = nil }
    }

    /// Inserts a paste at the cursor as one undo step, whatever it holds (a short paste does
    /// not join the typing before it); tabs become spaces as typed ones do.
    public mutating func paste(_ text: String) {
        guard !text.isEmpty else { return }
        checkpoint(.other)
        insertPieces(TextEditor.split(text))
        lastEdit = nil
    }

    /// Applies an editing action; returns false when it does not apply to the composer
    /// (submit, cancel, history, completion are the app's).
    @discardableResult
    public mutating func apply(_ action: EditAction) -> Bool {
        switch action {
        case .cursorLeft: moveHorizontally(to: before(cursor))
        case .cursorRight: moveHorizontally(to: after(cursor))
        case .cursorUp: moveVertically(by: -1)
        case .cursorDown: moveVertically(by: 1)
        case .wordLeft: moveHorizontally(to: wordStart(before: cursor))
        case .wordRight: moveHorizontally(to: wordEnd(after: cursor))
        case .lineStart: moveHorizontally(to: Position(line: cursor.line, column: 0))
        case .lineEnd: moveHorizontally(to: Position(line: cursor.line, column: lines[cursor.line].count))
        case .textStart: moveHorizontally(to: Position(line: 0, column: 0))
        case .textEnd: moveHorizontally(to: Position(line: lines.count - 1, column: lines[lines.count - 1].count))
        case .deleteBackward:
            guard cursor != before(cursor) else { return true }
            checkpoint(.deleting)
            remove(before(cursor)..<cursor)
        case .deleteForward:
            guard cursor != after(cursor) else { return true }
            checkpoint(.deleting)
            remove(cursor..<after(cursor))
        case .deleteWordBackward: cut(wordStart(before: cursor)..<cursor)
        case .deleteWordForward: cut(cursor..<wordEnd(after: cursor))
        case .cutToLineStart: cut(Position(line: cursor.line, column: 0)..<cursor)
        case .cutToLineEnd:
            let end = Position(line: cursor.line, column: lines[cursor.line].count)
            cut(cursor..<(cursor == end ? after(cursor) : end))
        case .cutLine: cutWholeLine()
        case .paste:
            guard !cutBuffer.isEmpty else { return true }
            checkpoint(.other)
            insertPieces(cutBuffer)
        case .newline:
            checkpoint(.other)
            insertPieces([[], []])
            lastEdit = nil
        case .undo: stepHistory(undo: true)
        case .redo: stepHistory(undo: false)
        case .historyPrevious, .historyNext, .submit, .cancel, .complete:
            return false
        }
        return true
    }

    // MARK: Drawing

    /// Draws the text soft-wrapped into `canvas`, scrolled so the cursor shows; returns where
    /// the cursor goes.
    @discardableResult
    public mutating func draw(in canvas: Canvas, base: CellStyle = .plain) -> CursorPosition {
        let width = max(1, canvas.width)
        let wide = canvas.ambiguousWide
        var rows: [(line: Int, range: Range<Int>)] = []
        var cursorRow = 0
        var cursorColumn = 0
        for (index, line) in lines.enumerated() {
            let segments = TextEditor.wrap(line, width: width, ambiguousWide: wide)
            for (number, segment) in segments.enumerated() {
                let isLast = number == segments.count - 1
                if index == cursor.line,
                    segment.contains(cursor.column) || (isLast && cursor.column == segment.upperBound)
                {
                    cursorRow = rows.count
                    cursorColumn = TextEditor.columns(of: line[segment.lowerBound..<cursor.column], ambiguousWide: wide)
                }
                rows.append((index, segment))
            }
        }
        if cursorRow < scrollTop { scrollTop = cursorRow }
        if cursorRow >= scrollTop + canvas.height { scrollTop = cursorRow - canvas.height + 1 }
        scrollTop = max(0, min(scrollTop, max(0, rows.count - 1)))
        for viewRow in 0..<canvas.height {
            canvas.fill(row: viewRow, style: base)
            let index = scrollTop + viewRow
            guard index < rows.count else { continue }
            let row = rows[index]
            let text = TerminalSafeText(sanitising: String(lines[row.line][row.range]))
            canvas.draw(text, row: viewRow, column: 0, style: base)
        }
        return canvas.cursor(row: cursorRow - scrollTop, column: cursorColumn)
    }

    /// Splits a line into ranges of at most `width` columns, breaking after the last space
    /// when there is one; an empty line is one empty range.
    static func wrap(_ line: [Character], width: Int, ambiguousWide: Bool) -> [Range<Int>] {
        var segments: [Range<Int>] = []
        var start = 0
        var used = 0
        var lastSpace: Int?
        var index = 0
        while index < line.count {
            let cellWidth = DisplayWidth.of(line[index], ambiguousWide: ambiguousWide)
            if used + cellWidth > width, index > start {
                let end = lastSpace.map { $0 + 1 } ?? index
                segments.append(start..<end)
                start = end
                used = columns(of: line[start..<index], ambiguousWide: ambiguousWide)
                lastSpace = nil
                continue
            }
            if line[index] == " " { lastSpace = index }
            used += cellWidth
            index += 1
        }
        segments.append(start..<line.count)
        return segments
    }

    private static func columns(of characters: ArraySlice<Character>, ambiguousWide: Bool) -> Int {
        characters.reduce(0) { $0 + DisplayWidth.of($1, ambiguousWide: ambiguousWide) }
    }

    private static func split(_ text: String) -> [[Character]] {
        var result: [[Character]] = [[]]
        for character in text {
            if character == "\n" || character == "\r\n" {
                result.append([])
            } else if character == "\t" {
                result[result.count - 1].append(contentsOf: "    ")
            } else if TextEditing.isInsertable(character) {
                result[result.count - 1].append(character)
            }
        }
        return result
    }

    // MARK: Editing primitives

    private mutating func checkpoint(_ kind: EditKind) {
        if kind != .other, kind == lastEdit { return }
        undoStack.append(Snapshot(lines: lines, cursor: cursor))
        if undoStack.count > undoLimit { undoStack.removeFirst(undoStack.count - undoLimit) }
        redoStack.removeAll()
        lastEdit = kind
    }

    /// Undoes (or redoes) one step, saving the current state on the other stack.
    private mutating func stepHistory(undo: Bool) {
        guard let snapshot = undo ? undoStack.popLast() : redoStack.popLast() else { return }
        let current = Snapshot(lines: lines, cursor: cursor)
        if undo { redoStack.append(current) } else { undoStack.append(current) }
        lines = snapshot.lines
        cursor = snapshot.cursor
        lastEdit = nil
        preferredColumn = nil
    }

    /// Inserts pieces at the cursor: the first joins the current line, each further piece
    /// starts a new line.
    private mutating func insertPieces(_ pieces: [[Character]]) {
        guard let first = pieces.first else { return }
        let line = lines[cursor.line]
        let head = Array(line[..<cursor.column])
        let tail = Array(line[cursor.column...])
        if pieces.count == 1 {
            lines[cursor.line] = head + first + tail
            cursor.column += first.count
        } else {
            var replacement = [head + first]
            replacement.append(contentsOf: pieces[1..<(pieces.count - 1)])
            let last = pieces[pieces.count - 1]
            replacement.append(last + tail)
            lines.replaceSubrange(cursor.line...cursor.line, with: replacement)
            cursor = Position(line: cursor.line + pieces.count - 1, column: last.count)
        }
        preferredColumn = nil
    }

    private func extract(_ range: Range<Position>) -> [[Character]] {
        let lower = range.lowerBound
        let upper = range.upperBound
        if lower.line == upper.line { return [Array(lines[lower.line][lower.column..<upper.column])] }
        var pieces = [Array(lines[lower.line][lower.column...])]
        if upper.line - lower.line > 1 { pieces.append(contentsOf: lines[(lower.line + 1)..<upper.line]) }
        pieces.append(Array(lines[upper.line][..<upper.column]))
        return pieces
    }

    private mutating func remove(_ range: Range<Position>) {
        let lower = range.lowerBound
        let upper = range.upperBound
        let joined = Array(lines[lower.line][..<lower.column]) + Array(lines[upper.line][upper.column...])
        lines.replaceSubrange(lower.line...upper.line, with: [joined])
        cursor = lower
        preferredColumn = nil
    }

    private mutating func cut(_ range: Range<Position>) {
        guard !range.isEmpty else { return }
        checkpoint(.other)
        cutBuffer = extract(range)
        remove(range)
    }

    private mutating func cutWholeLine() {
        checkpoint(.other)
        let line = cursor.line
        cutBuffer = [lines[line], []]
        if lines.count == 1 {
            lines = [[]]
        } else {
            lines.remove(at: line)
        }
        cursor = Position(line: min(line, lines.count - 1), column: 0)
        preferredColumn = nil
    }

    // MARK: Positions

    private func before(_ position: Position) -> Position {
        if position.column > 0 { return Position(line: position.line, column: position.column - 1) }
        if position.line > 0 { return Position(line: position.line - 1, column: lines[position.line - 1].count) }
        return position
    }

    private func after(_ position: Position) -> Position {
        if position.column < lines[position.line].count {
            return Position(line: position.line, column: position.column + 1)
        }
        if position.line < lines.count - 1 { return Position(line: position.line + 1, column: 0) }
        return position
    }

    private func wordStart(before position: Position) -> Position {
        if position.column == 0 { return before(position) }
        return Position(
            line: position.line, column: TextEditing.wordStart(before: position.column, in: lines[position.line]))
    }

    private func wordEnd(after position: Position) -> Position {
        let line = lines[position.line]
        let end = TextEditing.wordEnd(after: position.column, in: line)
        if end == position.column { return after(position) }
        return Position(line: position.line, column: end)
    }

    private mutating func moveHorizontally(to position: Position) {
        cursor = position
        preferredColumn = nil
        lastEdit = nil
    }

    /// Moves up or down a line, keeping the display column the cursor started from.
    private mutating func moveVertically(by step: Int) {
        lastEdit = nil
        let target = cursor.line + step
        guard target >= 0, target < lines.count else {
            cursor.column = step < 0 ? 0 : lines[cursor.line].count
            return
        }
        let goal = preferredColumn ?? TextEditor.columns(of: lines[cursor.line][..<cursor.column], ambiguousWide: false)
        var column = 0
        var used = 0
        for character in lines[target] {
            let width = DisplayWidth.of(character)
            if used + width > goal { break }
            used += width
            column += 1
        }
        cursor = Position(line: target, column: column)
        preferredColumn = goal
    }
}
