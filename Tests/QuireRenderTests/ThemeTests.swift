import Foundation
import Testing

@testable import QuireRender

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")

    /// The shipped `Themes/*.toml` files are the built-in themes; `QUIRE_REGENERATE_GOLDEN=1`
    /// rewrites them from the built-ins.
    @Test(arguments: ["default", "light", "mono"])
    func shippedThemeFilesMatchBuiltIns(_ name: String) throws {
        let builtIn = try #require(Theme.builtIn(named: name))
        let url = Self.themesDirectory.appendingPathComponent("\(name).toml")
        if GoldenTests.regenerating {
            try FileManager.default.createDirectory(at: Self.themesDirectory, withIntermediateDirectories: true)
            try builtIn.toml.write(to: url, atomically: true, encoding: .utf8)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try Theme(toml: text) == builtIn)
    }

    @Test func parsesTheSubset() throws {
        let theme = try Theme(
            toml: """
                # comment
                name = "mine"

                [roles]
                heading1 = { fg = "#ff0000", attrs = ["bold", "underline"] }  # trailing comment
                code = { fg = "color179", bg = "black" }
                link = {}
                """
        )
        #expect(theme.name == "mine")
        #expect(theme.entry(for: .heading(1)) == .init(foreground: .rgb(255, 0, 0), attributes: [.bold, .underline]))
        #expect(theme.entry(for: .code) == .init(foreground: .indexed(179), background: .standard(0)))
        #expect(theme.entry(for: .link) == .init())
    }

    @Test func reportsMistakesWithTheLine() {
        #expect(throws: ThemeFile.ParseError(line: 2, reason: "unknown role headline")) {
            try Theme(toml: "[roles]\nheadline = { fg = \"red\" }")
        }
        #expect(throws: ThemeFile.ParseError(line: 2, reason: "bad colour #12")) {
            try Theme(toml: "[roles]\ncode = { fg = \"#12\" }")
        }
    }

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
