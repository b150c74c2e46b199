import Foundation
import Testing

@testable import QuireTUI

@Suite("TextEditor")
struct TextEditorTests {
    @Test("typing, newlines and movement across lines")
    func typingAndMoving() {
        var editor = TextEditor()
        editor.insert("Hello")
        editor.apply(.newline)
        editor.insert("wörld 日本")
        #expect(editor.text == "Hello\nwörld 日本")
        editor.apply(.cursorUp)
        #expect(editor.cursor == .init(line: 0, column: 5))
        editor.apply(.cursorDown)
        #expect(editor.cursor == .init(line: 1, column: 8))
        editor.apply(.lineEnd)
        editor.apply(.cursorUp)
        #expect(editor.cursor == .init(line: 0, column: 5))
        editor.apply(.textStart)
        editor.apply(.cursorLeft)
        #expect(editor.cursor == .init(line: 0, column: 0))
        editor.apply(.lineEnd)
        editor.apply(.cursorRight)
        #expect(editor.cursor == .init(line: 1, column: 0))
        editor.apply(.wordRight)
        #expect(editor.cursor == .init(line: 1, column: 5))
        editor.apply(.wordRight)
        #expect(editor.cursor == .init(line: 1, column: 8))
        editor.apply(.lineStart)
        editor.apply(.wordLeft)
        #expect(editor.cursor == .init(line: 0, column: 5))
    }

    @Test("vertical moves keep the display column over wide characters")
    func verticalDisplayColumn() {
        var editor = TextEditor(text: "日本語\nabcdef")
        editor.apply(.cursorLeft)
        editor.apply(.cursorUp)
        editor.apply(.cursorDown)
        #expect(editor.cursor == .init(line: 1, column: 5))
        editor.apply(.cursorUp)
        #expect(editor.cursor == .init(line: 0, column: 2))
    }

    @Test("cut to end of line, cut line, paste; backspace joins lines")
    func cutAndPaste() {
        var editor = TextEditor(text: "one two\nthree")
        editor.apply(.textStart)
        editor.apply(.wordRight)
        editor.apply(.cutToLineEnd)
        #expect(editor.text == "one\nthree")
        editor.apply(.cutToLineEnd)
        #expect(editor.text == "onethree")
        editor.apply(.paste)
        #expect(editor.text == "one\nthree")
        editor.apply(.cutLine)
        #expect(editor.text == "one")
        editor.apply(.textEnd)
        editor.apply(.newline)
        editor.apply(.paste)
        #expect(editor.text == "one\nthree\n")
        editor.apply(.textStart)
        editor.apply(.cursorDown)
        editor.apply(.deleteBackward)
        #expect(editor.text == "onethree\n")
        editor.apply(.deleteWordBackward)
        #expect(editor.text == "three\n")
    }

    @Test("undo takes back a run of typing as a whole, redo replays it, a new edit clears redo")
    func undoRedo() {
        var editor = TextEditor()
        for character in "hello world" { editor.insert(String(character)) }
        #expect(editor.text == "hello world")
        editor.apply(.undo)
        #expect(editor.text == "hello ")
        editor.apply(.undo)
        #expect(editor.text == "")
        #expect(!editor.canUndo)
        editor.apply(.redo)
        editor.apply(.redo)
        #expect(editor.text == "hello world")
        editor.apply(.undo)
        editor.apply(.deleteBackward)
        #expect(editor.text == "hello")
        #expect(!editor.canRedo)
        editor.apply(.undo)
        #expect(editor.text == "hello ")
        editor.apply(.cutLine)
        editor.apply(.undo)
        #expect(editor.text == "hello ")
        #expect(editor.cursor == .init(line: 0, column: 6))
    }

    @Test("replacing the text (after $EDITOR) is one undo step")
    func setTextUndo() {
        var editor = TextEditor(text: "draft")
        editor.setText("from the editor\nline 2")
        #expect(editor.cursor == .init(line: 1, column: 6))
        editor.apply(.undo)
        #expect(editor.text == "draft")
    }

    @Test("soft wrap breaks after spaces and keeps wide characters whole; the cursor follows")
    func softWrap() throws {
        let grid = try makeGrid(rows: 4, columns: 10)
        var editor = TextEditor(text: "the quick brown fox 日本語日本語")
        let cursor = editor.draw(
            in: Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 4, width: 10), theme: .default))
        #expect(grid.textLines() == ["the quick ", "brown fox ", "日本語日本", "語        "])
        #expect(cursor == CursorPosition(row: 3, column: 2))
    }

    @Test("the view scrolls to keep the cursor on screen")
    func scrolling() throws {
        let grid = try makeGrid(rows: 2, columns: 10)
        var editor = TextEditor(text: "1\n2\n3\n4\n5")
        let canvas = Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 2, width: 10), theme: .default)
        #expect(editor.draw(in: canvas) == CursorPosition(row: 1, column: 1))
        #expect(grid.textLines().map { $0.trimmingCharacters(in: .whitespaces) } == ["4", "5"])
        editor.apply(.textStart)
        #expect(editor.draw(in: canvas) == CursorPosition(row: 0, column: 0))
        #expect(grid.textLines().map { $0.trimmingCharacters(in: .whitespaces) } == ["1", "2"])
    }
}
