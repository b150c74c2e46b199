import Testing

@testable import QuireTUI

@Suite("LineEditor")
struct LineEditorTests {
    @Test("cursor moves, word moves and readline kills")
    func editing() {
        var editor = LineEditor()
        editor.insert("tag +todo later")
        #expect(editor.cursor == 15)
        editor.apply(.wordLeft)
        #expect(editor.cursor == 10)
        editor.apply(.wordLeft)
        #expect(editor.cursor == 5)
        editor.apply(.wordRight)
        #expect(editor.cursor == 9)
        editor.apply(.lineStart)
        #expect(editor.cursor == 0)
        editor.apply(.lineEnd)
        editor.apply(.deleteWordBackward)
        #expect(editor.text == "tag +todo ")
        editor.apply(.paste)
        #expect(editor.text == "tag +todo later")
        editor.apply(.lineStart)
        editor.apply(.cursorRight)
        editor.apply(.cursorRight)
        editor.apply(.cursorRight)
        editor.apply(.cutToLineEnd)
        #expect(editor.text == "tag")
        editor.apply(.cutToLineStart)
        #expect(editor.text == "")
        editor.apply(.paste)
        #expect(editor.text == "tag")
        editor.apply(.deleteBackward)
        editor.apply(.lineStart)
        editor.apply(.deleteForward)
        #expect(editor.text == "a")
    }

    @Test("the cursor steps over whole grapheme clusters")
    func graphemes() {
        var editor = LineEditor(text: "a👨‍👩‍👧b日")
        editor.apply(.cursorLeft)
        editor.apply(.cursorLeft)
        editor.apply(.deleteBackward)
        #expect(editor.text == "ab日")
    }

    @Test("controls typed or pasted never enter the text")
    func controls() {
        var editor = LineEditor()
        editor.insert("a\u{1B}[31mb\u{7}")
        #expect(editor.text == "a[31mb")
    }

    @Test("history walks back and forth and keeps the draft")
    func history() {
        var editor = LineEditor(history: PromptHistory(entries: ["first", "second"]))
        editor.insert("draft")
        editor.apply(.historyPrevious)
        #expect(editor.text == "second")
        editor.apply(.historyPrevious)
        editor.apply(.historyPrevious)
        #expect(editor.text == "first")
        editor.apply(.historyNext)
        editor.apply(.historyNext)
        #expect(editor.text == "draft")
        let submitted = editor.apply(.submit)
        #expect(submitted == .submitted("draft"))
        #expect(editor.history.entries == ["first", "second", "draft"])
        let cancelled = editor.apply(.cancel)
        #expect(cancelled == .cancelled)
        let ignored = editor.apply(.undo)
        #expect(ignored == .ignored)
    }

    @Test("a long line scrolls so the cursor stays visible")
    func scrollingDraw() throws {
        let grid = try makeGrid(rows: 1, columns: 10)
        var editor = LineEditor()
        editor.insert("abcdefghijklmnop")
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 1, width: 10), theme: .default)
        let cursor = editor.draw(prompt: ":", in: canvas)
        #expect(grid.textLines()[0] == ":ijklmnop ")
        #expect(cursor == CursorPosition(row: 0, column: 9))
        editor.apply(.lineStart)
        let start = editor.draw(prompt: ":", in: canvas)
        #expect(grid.textLines()[0] == ":abcdefghi")
        #expect(start == CursorPosition(row: 0, column: 1))
    }

    @Test("a prompt longer than the line is cut so what is typed stays in view")
    func longPromptLeavesRoomForTheInput() throws {
        let grid = try makeGrid(rows: 1, columns: 40)
        var editor = LineEditor()
        editor.insert("2")
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 1, width: 40), theme: .default)
        let cursor = editor.draw(
            prompt: "sign in with 1 Local provider, 2 Second provider (its number; Esc cancels): ", in: canvas)
        let line = grid.textLines()[0]
        #expect(line.hasPrefix("sign in with 1 Local"))
        #expect(line.contains("…2"), "\(line)")
        #expect(cursor.column < 40)
    }
}

@Suite("Prompt completion")
struct PromptCompletionTests {
    @Test("Tab inserts a single candidate with a space, or the shared prefix of several")
    func tab() {
        var editor = LineEditor(text: ":rep")
        let offered = editor.complete(using: CommandCompleter())
        #expect(offered == ["reply", "reply-all"])
        #expect(editor.text == ":reply")
        var single = LineEditor(text: "sort sub")
        #expect(single.complete(using: CommandCompleter()).isEmpty)
        #expect(single.text == "sort subject ")
        var none = LineEditor(text: "zzz")
        #expect(none.complete(using: CommandCompleter()).isEmpty)
        #expect(none.text == "zzz")
    }

    @Test("completion works at the cursor, leaving the text after it alone")
    func middle() {
        var editor = LineEditor(text: "the tail")
        editor.apply(.lineStart)
        editor.insert("hel")
        editor.complete(using: CommandCompleter())
        #expect(editor.text == "help the tail")
    }
}
