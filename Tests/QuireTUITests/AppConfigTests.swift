import Testing

@testable import QuireTUI

/// `config.toml`: every key read, and every mistake named by file, line and key.
@Suite("App config")
struct AppConfigTests {
    @Test("every documented key is read")
    func readsEveryKey() throws {
        let config = try AppConfigParser.parse(
            """
            theme = "light"
            mouse = true
            ambiguous-width = "wide"
            opener = ["open", "-a", "Preview"]
            date-format = "numeric"
            layout = "stacked"
            list-percent = 30
            list-rows = 8
            download-dir = "~/Downloads"

            [searches]
            "From Ann" = "from:ann is:unread"
            reports = "tag:report"
            """, file: "config.toml")
        #expect(config.theme == "light")
        #expect(config.mouse)
        #expect(config.ambiguousWide)
        #expect(config.opener == ["open", "-a", "Preview"])
        #expect(config.dateFormat == .numeric)
        #expect(config.layout == .stacked)
        #expect(config.listPercent == 30)
        #expect(config.listRows == 8)
        #expect(config.downloadDirectory == "~/Downloads")
        #expect(config.savedSearches == ["From Ann": "from:ann is:unread", "reports": "tag:report"])
        #expect(Set(AppConfigParser.topLevelKeys).count == 10)
    }

    @Test("an opener given as one string is split into an argv")
    func openerString() throws {
        #expect(
            try AppConfigParser.parse("opener = \"firefox --new-tab\"", file: "c").opener == ["firefox", "--new-tab"])
    }

    @Test(
        "mistakes name the file, the line and the key",
        arguments: [
            ("theme = \"dark\"\nmousse = true\n", "c.toml:2: `mousse`: unknown key"),
            ("mouse = \"yes\"\n", "c.toml:1: `mouse`: must be true or false"),
            ("\n\nlayout = \"diagonal\"\n", "c.toml:3: `layout`: must be one of"),
            ("list-percent = 95\n", "c.toml:1: `list-percent`: must be a whole number from 10 to 90"),
            ("ambiguous-width = 2\n", "c.toml:1: `ambiguous-width`: must be \"narrow\" or \"wide\""),
            ("[searches]\nbroken = \"before:2026-13-40\"\n", "c.toml:2: `searches.broken`: bad query"),
            ("[searches]\nAll = \"x\"\n", "c.toml:2: `searches.All`: clashes with a built-in view"),
            ("[colours]\nfg = 1\n", "c.toml:1: `colours`: unknown key"),
            ("theme = \n", "c.toml:1: "),
        ])
    func errors(text: String, expected: String) {
        #expect {
            _ = try AppConfigParser.parse(text, file: "c.toml")
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    @Test("a missing file is the default configuration")
    func missingFile() throws {
        #expect(try AppConfigParser.load(path: "/nonexistent/quire/config.toml") == AppConfig())
    }

    @Test("the auto layout splits side by side on wide screens and gives narrow ones to the reader")
    func layouts() {
        var config = AppConfig()
        #expect(config.readerSplit(for: TerminalSize(rows: 40, columns: 120)) == .sideBySide(listPercent: 45))
        #expect(config.readerSplit(for: TerminalSize(rows: 24, columns: 80)) == .readerOnly)
        config.layout = .stacked
        config.listRows = 6
        #expect(config.readerSplit(for: TerminalSize(rows: 24, columns: 80)) == .stacked(listRows: 6))
    }
}
