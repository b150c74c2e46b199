import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

@Suite("Panes at any size")
struct PaneSizeTests {
    static func panes() throws -> [(String, any ModalPane)] {
        var composer = ComposerPane(newThreadFrom: "home", completions: ["ann", "anna"])
        _ = composer.insert("a")
        _ = composer.handle(.edit(.complete))
        var preview = ComposerPane(newThreadFrom: "home", to: ["ann"])
        preview.complete(.editExternally(text: ""), with: .text("| 区域 | 😀 |\n|---|---|\n| 東京 | 12 |"))
        _ = preview.handle(.preview)
        var book = AddressBookPane(snapshot: AddressBookPaneTests.snapshot)
        _ = book.handle(.ping(address: "張偉"))
        _ = book.insert("こんにちは")
        let form = FormPane(
            account: "home", threadID: "t", subject: "s", formName: "f.original", spec: FormPaneTests.spec,
            directory: FileManager.default.temporaryDirectory)
        let empty = FormPane(
            account: "home", threadID: "t", subject: "s", formName: "f.original", spec: FormSpec(fields: []),
            directory: FileManager.default.temporaryDirectory)
        return [
            ("composer", composer), ("preview", preview),
            ("address book", AddressBookPane(snapshot: AddressBookPaneTests.snapshot)),
            ("ping prompt", book), ("form", form), ("empty form", empty),
        ]
    }

    @Test("every pane draws at tiny and huge sizes: rows exactly as wide as the screen, cursor inside it")
    func sizes() throws {
        for (name, pane) in try PaneSizeTests.panes() {
            for (rows, columns) in [(1, 1), (1, 80), (2, 10), (3, 20), (5, 5), (6, 30), (10, 40), (50, 200)] {
                let grid = try makeGrid(rows: rows, columns: columns)
                drawPane(pane, on: grid)
                #expect(grid.textLines().count == rows)
                for line in grid.textLines() {
                    #expect(DisplayWidth.of(line) == columns, "\(name) at \(columns)x\(rows)")
                }
                if let cursor = grid.cursor {
                    #expect(
                        cursor.row >= 0 && cursor.row < rows && cursor.column >= 0 && cursor.column < columns, "\(name)"
                    )
                }
            }
        }
    }

    @Test("the body cursor counts wide characters as two columns, also on wrapped lines")
    func wideCursor() throws {
        var pane = ComposerPane(draft: Draft(account: "home", threadID: "t", subject: "s"), saved: false)
        _ = pane.insert("東京で😀")
        let grid = try makeGrid()
        drawPane(pane, on: grid)
        #expect(grid.cursor == CursorPosition(row: 4, column: 8))
        _ = pane.insert(String(repeating: "漢", count: 40))
        drawPane(pane, on: grid)
        #expect(grid.cursor == CursorPosition(row: 5, column: 8))
        #expect(grid.textLines()[5].hasPrefix("漢漢漢漢 "))
    }
}
