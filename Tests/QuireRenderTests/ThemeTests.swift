import Foundation
import Testing

@testable import QuireRender

@Suite struct ThemeTests {
    @Test func chartSeriesRepeatThePalette() {
        #expect(Theme.default.entry(for: .chartSeries(9)) == Theme.default.entry(for: .chartSeries(1)))
    }

    @Test func coloursLowerToTheTerminalDepth() {
        #expect(Colour.rgb(255, 0, 0).paletteIndex == 196)
        #expect(Colour.rgb(255, 0, 0).standardIndex == 9)
        #expect(Colour.indexed(21).standardIndex == 12)
        #expect(Colour(spec: "bright-blue") == .standard(12))
        #expect(Colour(spec: "#5fafff")?.spec == "#5fafff")
    }
}
