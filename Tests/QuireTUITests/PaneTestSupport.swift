import Foundation
import QuireRender
import Testing

@testable import QuireTUI

/// Draws a pane over the whole grid the way the app does below its bars, cursor included.
func drawPane(_ pane: some ModalPane, on grid: GridTerminal, theme: UITheme = .default) {
    grid.clear()
    let canvas = Canvas(
        terminal: grid, rect: Rect(row: 0, column: 0, height: grid.size.rows, width: grid.size.columns), theme: theme)
    pane.draw(in: canvas)
    grid.setCursor(pane.cursor(in: canvas))
    grid.flush()
}

/// Draws `pane` at 80x24 and 120x40, checks every row is exactly as wide as the screen (wide
/// characters never shift a column), and compares both with snapshot files.
func verifyPane(
    _ pane: some ModalPane, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    for (rows, columns) in [(24, 80), (40, 120)] {
        let grid = try makeGrid(rows: rows, columns: columns)
        drawPane(pane, on: grid)
        for line in grid.textLines() {
            #expect(DisplayWidth.of(line) == columns, "row width in \(name)", sourceLocation: sourceLocation)
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{7F}" }, sourceLocation: sourceLocation)
        }
        try Snapshot.verify(
            grid, named: "\(name)-\(columns)x\(rows)", filePath: filePath, sourceLocation: sourceLocation)
    }
}

/// Feeds text a character at a time, as typing does.
func type(_ text: String, into pane: inout some ModalPane) {
    for character in text { _ = pane.insert(String(character)) }
}

/// A fresh temporary folder for files a test attaches.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-tui-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
