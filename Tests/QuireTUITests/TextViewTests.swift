import QuireRender
import Testing

@testable import QuireTUI

@Suite("TextView")
struct TextViewTests {
    static func lines(_ count: Int) -> [StyledLine] {
        (0..<count).map { StyledLine([StyledSpan(safe("line \($0)"), style: Style(.plain))]) }
    }

    @Test("scrolling stops at the last screenful and at the top")
    func scrolling() {
        var view = TextView()
        view.scroll(.pageDown, lineCount: 25, height: 10)
        #expect(view.top == 10)
        view.scroll(.pageDown, lineCount: 25, height: 10)
        #expect(view.top == 15)
        #expect(!view.hasMore(lineCount: 25, height: 10))
        view.scroll(.up, lineCount: 25, height: 10)
        #expect(view.top == 14)
        view.scroll(.first, lineCount: 25, height: 10)
        #expect(view.top == 0)
        view.scroll(.pageUp, lineCount: 25, height: 10)
        #expect(view.top == 0)
        view.scroll(.last, lineCount: 5, height: 10)
        #expect(view.top == 0)
        view.reveal(line: 20, lineCount: 25, height: 10)
        #expect(view.top == 15)
        view.clamp(lineCount: 12, height: 10)
        #expect(view.top == 2)
    }

    @Test("draws the visible lines, cuts lines that are too wide, styles from the theme")
    func drawing() throws {
        let grid = try makeGrid(rows: 3, columns: 12)
        var lines = TextViewTests.lines(5)
        lines[2] = StyledLine([StyledSpan(safe("a heading that is long"), style: Style(.heading(1)))])
        var view = TextView()
        view.scroll(.down, lineCount: lines.count, height: 3)
        view.draw(
            lines, in: Canvas(terminal: grid, rect: Rect(row: 0, column: 0, height: 3, width: 12), theme: .default))
        #expect(grid.textLines() == ["line 1      ", "a heading t…", "line 3      "])
        #expect(grid.cell(row: 1, column: 0).style.foreground == Theme.default.entry(for: .heading(1)).foreground)
    }
}
