import Testing

@testable import QuireRender

@Suite struct ChartTests {
    func chart(_ body: String, width: Int = 40) -> RenderedDocument {
        render("```chart\n" + body + "\n```", options: RenderOptions(width: width))
    }

    @Test func parsesSettingsHeaderAndRows() throws {
        let spec = try ChartSpec.parse("type: line\ntitle: T\nx: month\nmonth,a,b\nJan,1,2\nFeb,3,4.5")
        #expect(spec.kind == .line)
        #expect(spec.title == "T")
        #expect(spec.seriesNames == ["a", "b"])
        #expect(spec.labels == ["Jan", "Feb"])
        #expect(spec.values == [[1, 3], [2, 4.5]])
    }

    @Test func barsScaleToTheWidth() {
        let document = chart("a,10\nb,5\nc,0", width: 30)
        let lines = document.plainLines
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("a │"))
        #expect(lines[0].hasSuffix(" 10"))
        let full = lines[0].filter { $0 == "█" }.count
        let half = lines[1].filter { $0 == "█" }.count
        #expect(full == 30 - 1 - 3 - 2)
        #expect(half == full / 2)
        #expect(lines[2] == "c │ 0")
        #expect(document.lines.allSatisfy { $0.width() <= 30 })
    }

    @Test func seriesUseTheirOwnColourRoles() {
        let document = chart("x,a,b\n1,1,2", width: 30)
        let roles = Set(document.lines.flatMap(\.spans).map(\.style.role))
        #expect(roles.contains(.chartSeries(1)))
        #expect(roles.contains(.chartSeries(2)))
        #expect(document.plainLines.last == "█ a █ b")
    }

    @Test func sparklineUsesBlockLevels() {
        let lines = chart("type: sparkline\n1,0\n2,7\n3,14").plainLines
        #expect(lines == ["▁▅█ 0..14"])
    }

    @Test func lineChartDrawsBraille() {
        let document = chart("type: line\nheight: 4\n1,0\n2,10\n3,5", width: 30)
        let lines = document.plainLines
        #expect(lines.count == 4 + 2)
        #expect(lines[0].hasPrefix("10│"))
        #expect(lines[3].hasPrefix(" 0│"))
        #expect(lines.joined().unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(document.lines.allSatisfy { $0.width() <= 30 })
    }

    @Test func badSpecShowsCodeAndOneLineError() {
        let lines = chart("type: pie\na,1", width: 80).plainLines
        #expect(
            lines == ["  type: pie", "  a,1", "chart error: line 1: unknown chart type \"pie\" (bar, line, sparkline)"])
        let notNumber = chart("a,1\nb,two", width: 80).plainLines
        #expect(notNumber.last == "chart error: line 2: \"two\" is not a number")
        #expect(chart("", width: 80).plainLines.last == "chart error: no data rows")
        #expect(chart("a,-1", width: 80).plainLines.last == "chart error: bar charts need values of 0 or more")
    }

    @Test func formatsNumbersCompactly() {
        #expect(ChartRenderer.format(12) == "12")
        #expect(ChartRenderer.format(12.5) == "12.5")
        #expect(ChartRenderer.format(-0.25) == "-0.25")
        #expect(ChartRenderer.format(0.05) == "0.05")
    }
}
