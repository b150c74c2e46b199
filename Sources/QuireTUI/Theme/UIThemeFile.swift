import QuireRender

/// Reads a theme file: the renderer's ``ThemeFile`` format (`name`, `[roles]`) plus a `[ui]`
/// table for the app's chrome:
///
/// ```toml
/// name = "dusk"
/// [roles]
/// heading1 = { fg = "#5fafff", attrs = ["bold"] }
/// [ui]
/// top-bar = { fg = "white", bg = "#303030" }
/// row-selected = { bg = "color24" }
/// ```
///
/// Chrome roles the file leaves out come from the built-in theme of the same name, or from
/// `default`, so a short file still gives a usable screen.
public enum UIThemeFile {
    /// Why a theme file could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var reason: String

        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Parses theme text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ParseError) -> UITheme {
        var documentLines: [String] = []
        var chromeLines: [(number: Int, key: String, value: String)] = []
        var inChrome = false
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, raw) in lines.enumerated() {
            let line = String(raw).trimmed
            if line.hasPrefix("[") {
                inChrome = line.hasPrefix("[ui]")
                if inChrome {
                    documentLines.append("")
                    continue
                }
            }
            guard inChrome else {
                documentLines.append(String(raw))
                continue
            }
            documentLines.append("")
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(file: file, line: offset + 1, reason: "expected `role = { ... }`")
            }
            chromeLines.append(
                (offset + 1, String(line[..<equals]).trimmed, String(line[line.index(after: equals)...]).trimmed))
        }
        let document: Theme
        do {
            document = try ThemeFile.parse(documentLines.joined(separator: "\n"))
        } catch {
            throw ParseError(file: file, line: error.line, reason: error.reason)
        }
        var chrome = UITheme.chromeDefaults(for: document.name)
        for entry in chromeLines {
            guard let role = UIRole(rawValue: entry.key) else {
                let known = UIRole.allCases.map(\.name).joined(separator: ", ")
                throw ParseError(
                    file: file, line: entry.number, reason: "unknown ui role \(entry.key); known: \(known)")
            }
            chrome[role] = try style(entry.value, file: file, line: entry.number)
        }
        return UITheme(document: document, chrome: chrome)
    }

    /// The theme as a file ``parse(_:file:)`` reads back (for `quire theme print`).
    public static func format(_ theme: UITheme) -> String {
        var text = ThemeFile.format(theme.document)
        text += "\n[ui]\n"
        for role in UIRole.allCases {
            guard let style = theme.chrome[role] else { continue }
            var fields: [String] = []
            if let foreground = style.foreground { fields.append("fg = \"\(foreground.spec)\"") }
            if let background = style.background { fields.append("bg = \"\(background.spec)\"") }
            let attributes = Style.Attributes.names.filter { style.attributes.contains($0.1) }.map { "\"\($0.0)\"" }
            if !attributes.isEmpty { fields.append("attrs = [\(attributes.joined(separator: ", "))]") }
            text += "\(role.name) = { \(fields.joined(separator: ", ")) }\n"
        }
        return text
    }

    /// Reads one inline table with the renderer's own parser, so both tables accept exactly
    /// the same spellings.
    private static func style(_ value: String, file: String, line: Int) throws(ParseError) -> CellStyle {
        do {
            return try ThemeFile.parse("[roles]\nplain = \(value)").entry(for: .plain)
        } catch {
            throw ParseError(file: file, line: line, reason: error.reason)
        }
    }
}
