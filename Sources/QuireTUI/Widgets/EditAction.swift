/// An editing command of the prompt and composer editors, bindable in the `[prompt]` and
/// `[composer]` contexts of a bindings file.
public enum EditAction: String, Sendable, Hashable, CaseIterable {
    case cursorLeft = "cursor-left"
    case cursorRight = "cursor-right"
    case cursorUp = "cursor-up"
    case cursorDown = "cursor-down"
    case wordLeft = "word-left"
    case wordRight = "word-right"
    case lineStart = "line-start"
    case lineEnd = "line-end"
    case textStart = "text-start"
    case textEnd = "text-end"
    case deleteBackward = "delete-backward"
    case deleteForward = "delete-forward"
    case deleteWordBackward = "delete-word-backward"
    case deleteWordForward = "delete-word-forward"
    /// Cut from the start of the line to the cursor (Ctrl-U).
    case cutToLineStart = "cut-to-line-start"
    /// Cut from the cursor to the end of the line (Ctrl-K); at the end, cut the line break.
    case cutToLineEnd = "cut-to-line-end"
    /// Cut the whole current line.
    case cutLine = "cut-line"
    /// Insert the last cut text (Ctrl-Y).
    case paste
    case undo
    case redo
    case newline
    case historyPrevious = "history-previous"
    case historyNext = "history-next"
    case submit
    case cancel
    case complete
}
