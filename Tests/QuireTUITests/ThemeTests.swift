import Foundation
import QuireRender
import Testing

@testable import QuireTUI

@Suite("Themes")
struct ThemeTests {
    @Test("colours fall back truecolor -> 256 -> 16 -> none")
    func fallback() {
        let style = CellStyle(foreground: .rgb(0xff, 0x5f, 0x5f), background: .rgb(0x30, 0x30, 0x30), attributes: .bold)
        #expect(ColourLowering.lower(style, to: .trueColour) == style)
        let indexed = ColourLowering.lower(style, to: .indexed256)
        #expect(indexed.foreground == .indexed(203))
        #expect(indexed.background == .indexed(236))
        let sixteen = ColourLowering.lower(style, to: .standard16)
        #expect(sixteen.foreground == .standard(9))
        #expect(sixteen.background == .standard(0))
        let none = ColourLowering.lower(style, to: .none)
        #expect(none == CellStyle(attributes: [.bold, .reverse]))
        #expect(ColourLowering.lower(CellStyle(foreground: .indexed(196)), to: .standard16).foreground == .standard(9))
        #expect(ColourLowering.lower(CellStyle(foreground: .indexed(4)), to: .standard16).foreground == .standard(4))
        #expect(ColourLowering.lower(CellStyle(foreground: .standard(12)), to: .indexed256).foreground == .standard(12))
    }

    @Test(
        "every built-in theme lowers to every depth without losing the selected row",
        arguments: ["default", "light", "mono"])
    func builtInsAtEveryDepth(name: String) throws {
        let theme = try #require(UITheme.builtIn(named: name))
        for capability in ColourCapability.allCases {
            let lowered = theme.lowered(to: capability)
            let selected = lowered.style(.rowSelected)
            #expect(selected.background != nil || selected.attributes.contains(.reverse))
            for style in lowered.chrome.values {
                for colour in [style.foreground, style.background].compactMap({ $0 }) {
                    switch (capability, colour) {
                    case (.none, _): Issue.record("colour left at depth none")
                    case (.standard16, .indexed), (.standard16, .rgb), (.indexed256, .rgb):
                        Issue.record("\(colour) at \(capability)")
                    default: break
                    }
                }
            }
        }
    }

    @Test("without colour, roles told apart only by colour take the mono theme's attributes")
    func noColourKeepsRolesDistinct() {
        let lowered = UITheme.default.lowered(to: .none)
        #expect(lowered.style(.tag) == CellStyle(attributes: .underline))
        #expect(lowered.style(.rowDetail) == CellStyle(attributes: .dim))
        #expect(lowered.style(.rowUnread) == CellStyle(attributes: .bold))
        #expect(lowered.style(.topBar).attributes.contains(.reverse))
        #expect(lowered.document.entry(for: .link).attributes == .underline)
        #expect(lowered.document.entry(for: .code) == Theme.Entry(attributes: .reverse))
        for style in lowered.chrome.values { #expect(style.foreground == nil && style.background == nil) }
    }

    @Test("NO_COLOR (set and not empty) turns colour off; COLORTERM and TERM set the depth")
    func environment() {
        #expect(ColourCapability.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"]) == .none)
        #expect(ColourCapability.detect(environment: ["NO_COLOR": "", "COLORTERM": "truecolor"]) == .trueColour)
        #expect(ColourCapability.detect(environment: ["TERM": "xterm-256color"]) == .indexed256)
        #expect(ColourCapability.detect(environment: ["TERM": "xterm"]) == .standard16)
        #expect(ColourCapability.detect(environment: ["TERM": "dumb"]) == .none)
    }

    @Test("a theme file with roles and a [ui] table; missing chrome comes from the built-in")
    func themeFile() throws {
        let theme = try UIThemeFile.parse(
            """
            # dusk
            name = "dusk"

            [roles]
            heading1 = { fg = "#5fafff", attrs = ["bold"] }

            [ui]
            top-bar = { fg = "white", bg = "color24" }
            row-selected = { bg = "#264f78", attrs = ["bold"] }
            """, file: "dusk.toml")
        #expect(theme.name == "dusk")
        #expect(theme.document.entry(for: .heading(1)).foreground == .rgb(0x5f, 0xaf, 0xff))
        #expect(theme.style(.topBar) == CellStyle(foreground: .standard(7), background: .indexed(24)))
        #expect(theme.style(.rowSelected).attributes == .bold)
        #expect(theme.style(.error) == UITheme.default.style(.error))
        let reread = try UIThemeFile.parse(UIThemeFile.format(theme), file: "x")
        #expect(reread == theme)
    }

    @Test(
        "theme file errors name the file and line",
        arguments: [
            ("name = \"x\"\n[ui]\nnot-a-role = { fg = \"red\" }", 3, "unknown ui role not-a-role"),
            ("[ui]\ntop-bar = { fg = \"nocolour\" }", 2, "bad colour nocolour"),
            ("[ui]\ntop-bar", 2, "expected `role = { ... }`"),
            ("[roles]\nheading9 = { }", 2, "unknown role heading9"),
            ("[roles]\n\n\nplain = { attrs = [\"blink\"] }", 4, "unknown attribute blink"),
        ])
    func fileErrors(text: String, line: Int, reason: String) throws {
        let error = try #require(throws: UIThemeFile.ParseError.self) { try UIThemeFile.parse(text, file: "t.toml") }
        #expect(error.line == line)
        #expect(error.description.hasPrefix("t.toml:\(line): "))
        #expect(error.reason.contains(reason))
    }

    @Test("the catalog finds shipped and user themes, the user's winning, then built-ins")
    func catalog() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quire-themes-\(UUID().uuidString)")
        let shipped = root.appendingPathComponent("Themes")
        let user = root.appendingPathComponent("config/quire/themes")
        try FileManager.default.createDirectory(at: shipped, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "name = \"dusk\"\n[ui]\ntop-bar = { bg = \"#102030\" }\n".write(
            to: shipped.appendingPathComponent("dusk.toml"), atomically: true, encoding: .utf8)
        try "name = \"light\"\n[ui]\ntop-bar = { bg = \"#ffffff\" }\n".write(
            to: user.appendingPathComponent("light.toml"), atomically: true, encoding: .utf8)
        try "name = \"broken\"\n[ui]\ntop-bar = { bg = \"#zz\" }\n".write(
            to: user.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)

        let catalog = ThemeCatalog.standard(
            shippedDirectory: shipped.path, environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path]
        )
        #expect(catalog.availableNames() == ["broken", "default", "dusk", "light", "mono"])
        #expect(try catalog.theme(named: "dusk").style(.topBar).background == .rgb(0x10, 0x20, 0x30))
        #expect(try catalog.theme(named: "light").style(.topBar).background == .rgb(0xff, 0xff, 0xff))
        #expect(try catalog.theme(named: "mono") == UITheme.builtIn(named: "mono"))
        #expect(try catalog.theme(named: "dusk", capability: .standard16).style(.topBar).background == .standard(0))
        #expect(throws: ThemeCatalog.LoadError.self) { try catalog.theme(named: "nosuch") }
        #expect(throws: ThemeCatalog.LoadError.self) { try catalog.theme(named: "../Themes/dusk") }
        let error = try #require(throws: ThemeCatalog.LoadError.self) { try catalog.theme(named: "broken") }
        #expect(error.description.hasSuffix("broken.toml:3: bad colour #zz"))
    }
}

@Suite("Shipped themes")
struct ShippedThemeTests {
    /// The repository's `Themes/` folder, found from this file.
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    @Test(
        "default, light and mono load from Themes/ with the chrome of their built-in",
        arguments: ["default", "light", "mono"])
    func shipped(name: String) throws {
        let path = ShippedThemeTests.themesDirectory + "/" + name + ".toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let catalog = ThemeCatalog(directories: [ShippedThemeTests.themesDirectory])
        let theme = try catalog.theme(named: name)
        #expect(theme.name == name)
        #expect(theme.chrome == UITheme.chromeDefaults(for: name))
        #expect(theme.document == (try UIThemeFile.parse(text, file: path).document))
        #expect(!theme.document.entries.isEmpty)
    }
}
