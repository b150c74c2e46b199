import Testing

@testable import QuireRender

@Suite struct TableRendererTests {
    @Test func drawsBoxWithAlignment() {
        let markdown = "| L | C | R |\n|:--|:-:|--:|\n| a | b | c |\n| long | mid | 12 |"
        let lines = render(markdown, options: RenderOptions(width: 40)).plainLines
        #expect(
            lines == [
                "┌──────┬─────┬────┐",
                "│ L    │  C  │  R │",
                "╞══════╪═════╪════╡",
                "│ a    │  b  │  c │",
                "│ long │ mid │ 12 │",
                "└──────┴─────┴────┘",
            ]
        )
    }

    @Test func wideTablesWrapCellsWithinTheWidth() {
        let cell = String(repeating: "word ", count: 20)
        let markdown = "| a | b |\n|---|---|\n| \(cell) | \(cell) |"
        let document = render(markdown, options: RenderOptions(width: 40))
        #expect(document.lines.allSatisfy { $0.width() == 40 })
        #expect(document.lines.count > 6)
    }

    @Test func cjkCellsAlignByDisplayWidth() {
        let markdown = "| x | y |\n|---|---|\n| 日本 | ab |\n| a | b |"
        let lines = render(markdown, options: RenderOptions(width: 40)).plainLines
        let widths = lines.map { DisplayWidth.of($0) }
        #expect(Set(widths).count == 1)
    }

    @Test func tooManyColumnsBecomeRecords() {
        let header = "|" + (1...12).map { " h\($0) |" }.joined()
        let rule = "|" + String(repeating: "---|", count: 12)
        let row = "|" + (1...12).map { " v\($0) |" }.joined()
        let lines = render([header, rule, row].joined(separator: "\n"), options: RenderOptions(width: 30)).plainLines
        #expect(lines.contains("h1: v1"))
        #expect(lines.contains("h12: v12"))
    }

    @Test func asciiFramesWhenAmbiguousCharactersAreWide() {
        let markdown = "| a |\n|---|\n| b |"
        let lines = render(markdown, options: RenderOptions(width: 20, ambiguousWide: true)).plainLines
        #expect(lines == ["+---+", "| a |", "+===+", "| b |", "+---+"])
    }
}
