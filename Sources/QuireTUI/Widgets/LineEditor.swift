import QuireRender

/// The one-line editor of the `:` and `/` prompts: cursor, word moves, readline's Ctrl-A/E/W/U/K
/// and Ctrl-Y, and history.
///
/// The text is kept as grapheme clusters, so the cursor never lands inside an emoji or a
/// letter with its accents.
public struct LineEditor: Sendable, Hashable {
    /// What an action did.
    public enum Outcome: Sendable, Hashable {
        case edited
        case submitted(String)
        case cancelled
        /// The action does not apply to a one-line editor (or needs the app, like completion).
        case ignored
    }

    public private(set) var characters: [Character] = []
    /// The cursor, as an index into ``characters``.
    public private(set) var cursor = 0
    public private(set) var history: PromptHistory
    private var historyIndex: Int?
    private var draft: [Character] = []
    private var cutBuffer: [Character] = []

    public init(text: String = "", history: PromptHistory = PromptHistory()) {
        self.history = history
        characters = Array(text)
        cursor = characters.count
    }

    /// The text being edited.
    public var text: String { String(characters) }

    /// Replaces the text, cursor at the end.
    public mutating func setText(_ text: String) {
        characters = Array(text).filter(TextEditing.isInsertable)
        cursor = characters.count
    }

    /// Replaces the characters in `range` (indices into ``characters``), as completion does.
    public mutating func replace(_ range: Range<Int>, with replacement: String) {
        let lower = min(max(0, range.lowerBound), characters.count)
        let upper = min(max(lower, range.upperBound), characters.count)
        let inserted = Array(replacement).filter(TextEditing.isInsertable)
        characters.replaceSubrange(lower..<upper, with: inserted)
        cursor = lower + inserted.count
    }

    /// Types text at the cursor; control characters are dropped.
    public mutating func insert(_ text: String) {
        let inserted = Array(text).filter(TextEditing.isInsertable)
        characters.insert(contentsOf: inserted, at: cursor)
        cursor += inserted.count
    }

    /// Applies an editing action.
    @discardableResult
    public mutating func apply(_ action: EditAction) -> Outcome {
        switch action {
        case .cursorLeft: cursor = max(0, cursor - 1)
        case .cursorRight: cursor = min(characters.count, cursor + 1)
        case .wordLeft: cursor = TextEditing.wordStart(before: cursor, in: characters)
        case .wordRight: cursor = TextEditing.wordEnd(after: cursor, in: characters)
        case .lineStart, .textStart: cursor = 0
        case .lineEnd, .textEnd: cursor = characters.count
        case .deleteBackward:
            guard cursor > 0 else { return .edited }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .deleteForward:
            guard cursor < characters.count else { return .edited }
            characters.remove(at: cursor)
        case .deleteWordBackward:
            cut(TextEditing.wordStart(before: cursor, in: characters)..<cursor)
        case .deleteWordForward:
            cut(cursor..<TextEditing.wordEnd(after: cursor, in: characters))
        case .cutToLineStart:
            cut(0..<cursor)
        case .cutToLineEnd:
            cut(cursor..<characters.count)
        case .cutLine:
            cut(0..<characters.count)
        case .paste:
            characters.insert(contentsOf: cutBuffer, at: cursor)
            cursor += cutBuffer.count
        case .historyPrevious:
            stepHistory(by: -1)
        case .historyNext:
            stepHistory(by: 1)
        case .submit:
            let submitted = text
            history.record(submitted)
            historyIndex = nil
            return .submitted(submitted)
        case .cancel:
            historyIndex = nil
            return .cancelled
        case .cursorUp, .cursorDown, .undo, .redo, .newline, .complete:
            return .ignored
        }
        return .edited
    }

    /// Draws `prompt` and the text on row 0 of `canvas`, scrolled so the cursor is visible;
    /// returns where the cursor goes.
    @discardableResult
    public func draw(prompt: UIText, in canvas: Canvas) -> CursorPosition {
        let base = canvas.theme.style(.commandLine)
        canvas.fill(row: 0, style: base)
        // A prompt longer than the line is cut (with an ellipsis) so what is typed stays in view:
        // a third of the line, up to 20 columns, is kept for it.
        let inputRoom = min(20, max(1, canvas.width / 3))
        let label = Truncation.truncate(
            prompt.safe, toWidth: max(0, canvas.width - inputRoom), ambiguousWide: canvas.ambiguousWide)
        let promptWidth = canvas.draw(
            label, row: 0, column: 0, style: canvas.theme.style(.prompt).layered(over: base))
        let room = max(1, canvas.width - promptWidth)
        let wide = canvas.ambiguousWide
        let widths = characters.map { DisplayWidth.of($0, ambiguousWide: wide) }
        // Scroll so the cursor (and a free column after it) fits.
        var start = 0
        var beforeCursor = widths[..<cursor].reduce(0, +)
        while beforeCursor + 1 > room, start < cursor {
            beforeCursor -= widths[start]
            start += 1
        }
        let visible = TerminalSafeText(sanitising: String(characters[start...]))
        canvas.draw(visible, row: 0, column: promptWidth, style: base)
        return canvas.cursor(row: 0, column: promptWidth + beforeCursor)
    }

    private mutating func cut(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        cutBuffer = Array(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
    }

    private mutating func stepHistory(by step: Int) {
        let entries = history.entries
        guard !entries.isEmpty else { return }
        let current = historyIndex ?? entries.count
        let next = min(max(0, current + step), entries.count)
        guard next != current else { return }
        if historyIndex == nil { draft = characters }
        if next == entries.count {
            characters = draft
            historyIndex = nil
        } else {
            characters = Array(entries[next])
            historyIndex = next
        }
        cursor = characters.count
    }
}
