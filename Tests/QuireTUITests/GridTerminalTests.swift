import QuireRender
import Testing

@testable import QuireTUI

@Suite("GridTerminal")
struct GridTerminalTests {
    @Test("wide characters take two cells and keep every row exactly as wide as the screen")
    func wideCharacters() throws {
        let grid = try makeGrid(rows: 4, columns: 12)
        grid.put(safe("日本語テキスト"), row: 0, column: 0, style: .plain)
        grid.put(safe("a😀b👨‍👩‍👧c"), row: 1, column: 0, style: .plain)
        grid.put(safe("e\u{301}x"), row: 2, column: 0, style: .plain)
        let lines = grid.textLines()
        #expect(lines[0] == "日本語テキス")
        #expect(lines[1] == "a😀b👨‍👩‍👧c" + String(repeating: " ", count: 5))
        #expect(lines[2] == "e\u{301}x" + String(repeating: " ", count: 10))
        for line in lines { #expect(DisplayWidth.of(line) == 12) }
        #expect(grid.cell(row: 0, column: 0).width == 2)
        #expect(grid.cell(row: 0, column: 1).width == 0)
    }

    @Test("a wide character that would cross the right edge becomes a space")
    func wideAtEdge() throws {
        let grid = try makeGrid(rows: 1, columns: 5)
        let drawn = grid.put(safe("ab漢字"), row: 0, column: 0, style: .plain)
        #expect(grid.textLines()[0] == "ab漢 ")
        #expect(drawn == 5)
    }

    @Test("writing over half of a wide character blanks the other half")
    func overwriteHalf() throws {
        let grid = try makeGrid(rows: 2, columns: 6)
        grid.put(safe("漢字"), row: 0, column: 0, style: .plain)
        grid.put(safe("x"), row: 0, column: 1, style: .plain)
        #expect(grid.textLines()[0] == " x字  ")
        grid.put(safe("漢字"), row: 1, column: 0, style: .plain)
        grid.put(safe("y"), row: 1, column: 2, style: .plain)
        #expect(grid.textLines()[1] == "漢y   ")
        for line in grid.textLines() { #expect(DisplayWidth.of(line) == 6) }
    }

    @Test("tabs and newlines in safe text take one cell; drawing outside the screen is ignored")
    func controlsAndClipping() throws {
        let grid = try makeGrid(rows: 2, columns: 6)
        grid.put(safe("a\tb\nc"), row: 0, column: 0, style: .plain)
        grid.put(safe("zz"), row: 5, column: 0, style: .plain)
        grid.put(safe("zz"), row: 1, column: 5, style: .plain)
        #expect(grid.textLines() == ["a b c ", "     z"])
    }

    @Test("styles are recorded per cell and listed in the snapshot legend")
    func styles() throws {
        let grid = try makeGrid(rows: 1, columns: 4)
        let red = CellStyle(foreground: .standard(1), attributes: .bold)
        grid.put(safe("ab"), row: 0, column: 1, style: red)
        let (lines, legend) = grid.styleLines()
        #expect(lines == ["abba"])
        #expect(legend == [.plain, red])
        #expect(grid.snapshot().contains("b fg=red bg=default bold"))
    }

    @Test("injected events come back in order, a wake comes first, and resize reports the new size")
    func events() throws {
        let grid = try makeGrid(rows: 3, columns: 3)
        try grid.inject(keys: "g g <C-d>")
        grid.wakeSignal.wake()
        #expect(grid.nextEvent(timeoutMilliseconds: 0) == .wake)
        #expect(grid.nextEvent(timeoutMilliseconds: 0) == .key(.character("g")))
        #expect(grid.nextEvent(timeoutMilliseconds: 0) == .key(.character("g")))
        #expect(grid.nextEvent(timeoutMilliseconds: 0) == .key(.control("d")))
        #expect(grid.nextEvent(timeoutMilliseconds: 0) == nil)
        grid.resize(to: TerminalSize(rows: 5, columns: 7))
        #expect(grid.nextEvent(timeoutMilliseconds: 0) == .resize(TerminalSize(rows: 5, columns: 7)))
        #expect(grid.textLines().count == 5)
        #expect(grid.textLines().allSatisfy { $0.count == 7 })
    }
}

@Suite("Canvas")
struct CanvasTests {
    @Test("drawing is clipped to the canvas: nothing lands in a neighbouring pane")
    func clipping() throws {
        let grid = try makeGrid(rows: 3, columns: 12)
        grid.put(safe("||||||||||||"), row: 1, column: 0, style: .plain)
        let canvas = Canvas(terminal: grid, rect: Rect(row: 1, column: 3, height: 1, width: 5), theme: .default)
        canvas.draw(safe("日本語テキスト"), row: 0, column: 0, style: .plain)
        canvas.draw(safe("xx"), row: 0, column: -1, style: .plain)
        canvas.draw(safe("yy"), row: 1, column: 0, style: .plain)
        canvas.fill(row: 0, column: 4, count: 10, style: .plain)
        #expect(grid.textLines()[1] == "|||日本 ||||")
        #expect(grid.textLines()[2] == String(repeating: " ", count: 12))
        let inner = canvas.subcanvas(Rect(row: 0, column: 2, height: 5, width: 10))
        #expect(inner.rect == Rect(row: 1, column: 5, height: 1, width: 3))
    }
}
