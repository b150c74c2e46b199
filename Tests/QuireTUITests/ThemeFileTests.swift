import Foundation
import QuireRender
import Testing

@testable import QuireTUI

/// The renderer's part of a theme file (`name`, `[roles]`), as the theme reader reads it.
@Suite struct ThemeFileTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")

    static func theme(_ text: String) throws(UIThemeFile.ParseError) -> Theme {
        try UIThemeFile.parse(text, file: "t.toml").document
    }

    /// The shipped `Themes/*.toml` files are the built-in themes; `QUIRE_REGENERATE_GOLDEN=1`
    /// rewrites them from the built-ins.
    @Test(arguments: ["default", "light", "mono"])
    func shippedThemeFilesMatchBuiltIns(_ name: String) throws {
        let builtIn = try #require(Theme.builtIn(named: name))
        let url = Self.themesDirectory.appendingPathComponent("\(name).toml")
        if ProcessInfo.processInfo.environment["QUIRE_REGENERATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.themesDirectory, withIntermediateDirectories: true)
            try builtIn.toml.write(to: url, atomically: true, encoding: .utf8)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try Self.theme(text) == builtIn)
    }

    @Test func parsesTheSubset() throws {
        let theme = try Self.theme(
            """
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
        #expect(throws: UIThemeFile.ParseError(file: "t.toml", line: 2, reason: "unknown role headline")) {
            try Self.theme("[roles]\nheadline = { fg = \"red\" }")
        }
        #expect(throws: UIThemeFile.ParseError(file: "t.toml", line: 2, reason: "bad colour #12")) {
            try Self.theme("[roles]\ncode = { fg = \"#12\" }")
        }
    }
}
